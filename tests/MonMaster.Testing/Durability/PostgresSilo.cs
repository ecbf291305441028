using Microsoft.Extensions.Hosting;
using MonMaster.Hosting;
using Serilog.Events;

namespace MonMaster.Tests.Durability;

/// <summary>An in-process silo on a test database: the service id keeps its state, each start is a new cluster.</summary>
public static class PostgresSilo
{
    public static Task<IHost> StartAsync(string connection, string serviceId, int campaign, TimeSpan? outboxRecoveryPeriod = null) =>
        MonMasterHost.StartAsync(MonMasterHost.Isolated(StorageKind.Postgres, connection) with
        {
            ServiceId = serviceId,
            Campaign = campaign,
            OutboxRecoveryPeriod = outboxRecoveryPeriod ?? TimeSpan.FromSeconds(30),
            FollowCampaignClock = true,
        }, LogEventLevel.Warning);
}
