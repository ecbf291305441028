using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Grains;
using MonMaster.Postgres;
using Orleans.Configuration;
using Orleans.Serialization;

namespace MonMaster.Hosting;

/// <summary>The MonMaster silo and client: admission grains, their JSON state, PostgreSQL (or memory) underneath.</summary>
public static class OrleansComposition
{
    public static PostgresSettings Postgres(this MonMasterOptions options) =>
        new(options.ConnectionString ?? throw new ArgumentException("PostgreSQL storage needs a connection string."), options.ServiceId)
        {
            OutboxRecoveryPeriod = options.OutboxRecoveryPeriod,
        };

    public static ISiloBuilder UseMonMaster(this ISiloBuilder silo, MonMasterOptions options)
    {
        silo.Services.AddSingleton(sp => new CampaignClock(TimeProvider.System));
        silo.Services.AddSingleton<Deliveries>();
        silo.Services.AddSingleton<AdmissionEvents>();
        silo.Services.AddSingleton(options);
        if (options.FollowCampaignClock) silo.Services.AddHostedService<ClockSync>();
        silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(AdmissionJson.IsAdmissionType, AdmissionJson.Options));
        silo.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
        // Cascades are bursts of small calls; the default 30 s would hide a stuck one for too long.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(60));

        if (options.Storage == StorageKind.Postgres)
        {
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
            // A dead silo is declared dead in seconds, so its grains come back elsewhere while the day goes on.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.UsePostgres(options.Postgres(), Storage.Name);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<MemoryAdmissionStore>();
            silo.Services.AddSingleton<IAdmissionStore>(sp => sp.GetRequiredService<MemoryAdmissionStore>());
            silo.Services.AddSingleton<IAdmissionHistory>(sp => sp.GetRequiredService<MemoryAdmissionStore>());
            silo.AddMemoryGrainStorage(Storage.Name, o => o.GrainStorageSerializer = new JsonGrainStorageSerializer());
        }
        return silo;
    }

    /// <summary>A client of the MonMaster cluster (an API node that does not host a silo, the demo, a tool).</summary>
    public static IClientBuilder UseMonMaster(this IClientBuilder client, MonMasterOptions options)
    {
        client.Services.AddSerializer(serializer => serializer.AddJsonSerializer(AdmissionJson.IsAdmissionType, AdmissionJson.Options));
        client.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        if (options.Storage == StorageKind.Postgres) client.UsePostgresClustering(options.Postgres());
        else client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        return client;
    }
}
