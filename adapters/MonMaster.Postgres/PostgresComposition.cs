using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MonMaster.Catalogue;
using MonMaster.Grains;
using MonMaster.Pieces;
using Npgsql;

namespace MonMaster.Postgres;

/// <summary>
/// Everything MonMaster keeps in PostgreSQL, wired on one <see cref="NpgsqlDataSource"/> per process: the Orleans
/// providers (clustering, grain state, reminders: they open their own connections from the same connection string,
/// through the "Npgsql" ADO.NET invariant), history, outbox recovery, pieces, the catalogue's store and search, health.
/// </summary>
public static class PostgresComposition
{
    public const string Invariant = "Npgsql";

    /// <summary>The process's data source (one pool); idempotent, so a host that is silo and API node gets one.</summary>
    public static IServiceCollection AddPostgresDataSource(this IServiceCollection services, PostgresSettings settings)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));
        return services;
    }

    /// <summary>A silo's state on PostgreSQL: membership, reminders, the small grains' JSON, candidates' and formations' parts with
    /// their outboxes and history (upgraded from whole-state rows on start), and the outbox scan.</summary>
    public static ISiloBuilder UsePostgres(this ISiloBuilder silo, PostgresSettings settings, string storageName)
    {
        silo.Services.AddPostgresDataSource(settings);
        silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; });
        silo.UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; });
        silo.AddAdoNetGrainStorage(storageName, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = settings.ConnectionString;
            o.GrainStorageSerializer = new JsonGrainStorageSerializer();
        });
        silo.Services.AddSingleton(sp => new PostgresAdmissionStore(sp.GetRequiredService<NpgsqlDataSource>(), settings.ServiceId,
            settings.Writers, sp.GetRequiredService<ILogger<PostgresAdmissionStore>>()));
        silo.Services.AddSingleton<IAdmissionStore>(sp => sp.GetRequiredService<PostgresAdmissionStore>());
        silo.Services.AddSingleton<PostgresUpgrade>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PostgresUpgrade>());
        silo.Services.AddSingleton<IAdmissionHistory>(sp => new PostgresHistory(sp.GetRequiredService<NpgsqlDataSource>(), settings.ServiceId));
        silo.Services.AddHostedService<OutboxRecovery>();
        return silo;
    }

    /// <summary>A client finds the cluster's gateways in the membership table.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder client, PostgresSettings settings)
    {
        client.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; });
        return client;
    }

    /// <summary>An API node's stores: candidates' pieces, the catalogue's sheets, and (when asked) the SQL search.</summary>
    public static IServiceCollection AddPostgresStores(this IServiceCollection services, PostgresSettings settings, int year, bool search)
    {
        services.AddPostgresDataSource(settings);
        services.AddSingleton<IPieceStore>(sp => new PostgresPieceStore(sp.GetRequiredService<NpgsqlDataSource>(), settings.ServiceId));
        services.AddSingleton<ICatalogueStore>(sp => new PostgresCatalogueStore(sp.GetRequiredService<NpgsqlDataSource>()));
        if (search)
            services.AddSingleton<ICatalogueSearch>(sp => new PostgresCatalogueSearch(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<Geography>(), year));
        return services;
    }
}
