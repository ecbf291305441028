using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Grains;
using Orleans.Configuration;
using Orleans.Serialization;

namespace MonMaster.Silo;

public enum StorageKind { Memory, Postgres }

/// <summary>Where a silo keeps its state and how it finds its cluster.</summary>
public sealed record SiloSettings
{
    public StorageKind Storage { get; init; } = StorageKind.Memory;
    public string? ConnectionString { get; init; }
    public string ClusterId { get; init; } = "monmaster";
    public string ServiceId { get; init; } = "monmaster";
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;

    /// <summary>How long a stored outbox may hold messages before the recovery scan wakes its grain; also the scan's period.</summary>
    public TimeSpan OutboxRecoveryPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The campaign whose virtual clock this silo follows when it runs beside other silos.</summary>
    public int? Campaign { get; init; }
}

public static class SiloConfiguration
{
    /// <summary>The MonMaster silo: admission grains, their JSON state, PostgreSQL (or memory) underneath.</summary>
    public static ISiloBuilder UseMonMaster(this ISiloBuilder silo, SiloSettings settings)
    {
        silo.Services.AddSingleton(sp => new CampaignClock(TimeProvider.System));
        silo.Services.AddSingleton<Deliveries>();
        silo.Services.AddSingleton<AdmissionEvents>();
        silo.Services.AddSingleton(settings);
        silo.Services.AddHostedService<ClockSync>();
        silo.Services.AddHostedService<OutboxRecovery>();
        silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(AdmissionJson.IsAdmissionType, AdmissionJson.Options));
        silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
        // Cascades are bursts of small calls; the default 30 s would hide a stuck one for too long.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(60));

        if (settings.Storage == StorageKind.Postgres)
        {
            var connection = settings.ConnectionString ?? throw new ArgumentException("PostgreSQL storage needs a connection string.");
            silo.ConfigureEndpoints(IPAddress.Loopback, settings.SiloPort, settings.GatewayPort);
            // A dead silo is declared dead in seconds, so its grains come back elsewhere while the day goes on.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connection; });
            silo.UseAdoNetReminderService(o => { o.Invariant = "Npgsql"; o.ConnectionString = connection; });
            silo.Services.AddSingleton<IAdmissionHistory>(new PostgresHistory(connection, settings.ServiceId));
            silo.AddAdoNetGrainStorage(Storage.Name, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connection;
                o.GrainStorageSerializer = new JsonGrainStorageSerializer();
            });
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IAdmissionHistory, InMemoryHistory>();
            silo.AddMemoryGrainStorage(Storage.Name, o => o.GrainStorageSerializer = new JsonGrainStorageSerializer());
        }
        return silo;
    }

    /// <summary>A client of the MonMaster cluster (an API node that does not host a silo).</summary>
    public static IClientBuilder UseMonMaster(this IClientBuilder client, SiloSettings settings)
    {
        client.Services.AddSerializer(serializer => serializer.AddJsonSerializer(AdmissionJson.IsAdmissionType, AdmissionJson.Options));
        client.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        if (settings.Storage == StorageKind.Postgres)
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = settings.ConnectionString ?? throw new ArgumentException("PostgreSQL clustering needs a connection string.");
            });
        else
            client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
        return client;
    }
}
