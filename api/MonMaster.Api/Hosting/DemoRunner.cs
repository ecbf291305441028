using MonMaster.Silo;

namespace MonMaster.Api.Hosting;

/// <summary>Seeds and animates the demo campaign in a node that hosts a silo.</summary>
public sealed class DemoRunner(IServiceProvider services, ApiSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await Task.Yield();
        var demo = ActivatorUtilities.CreateInstance<DemoCampaign>(services);
        await demo.RunAsync(TimeSpan.FromSeconds(settings.DemoTickSeconds), stopping);
    }
}
