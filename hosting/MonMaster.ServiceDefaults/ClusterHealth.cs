using Microsoft.Extensions.Diagnostics.HealthChecks;
using MonMaster.Grains;

namespace MonMaster.Hosting;

/// <summary>Ready when the cluster answers a grain call (the campaign's view) within 5 s.</summary>
public sealed class ClusterHealth(IGrainFactory grains, MonMasterOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var view = await grains.GetGrain<ICampaignGrain>(options.Campaign).GetView().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"campaign {view.Year}: {view.Phase}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer.", e);
        }
    }
}
