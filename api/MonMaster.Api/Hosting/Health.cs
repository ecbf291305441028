using Microsoft.Extensions.Diagnostics.HealthChecks;
using MonMaster.Grains;
using Npgsql;

namespace MonMaster.Api.Hosting;

/// <summary>Ready when the cluster answers a grain call and, on PostgreSQL, the database answers a query.</summary>
public sealed class ClusterHealth(IGrainFactory grains, ApiSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var view = await grains.GetGrain<ICampaignGrain>(settings.Campaign).GetView().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"campaign {view.Year}: {view.Phase}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer.", e);
        }
    }
}

public sealed class PostgresHealth(ApiSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (settings.ConnectionString is not { } connection) return HealthCheckResult.Healthy("no database (memory storage)");
        try
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", db);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}
