namespace MonMaster.Demo;

/// <summary>Waits for the API, then seeds (or resumes) and animates the demo year; the process ends with the year.</summary>
public sealed class DemoRunner(IGrainFactory grains, HttpPlatform platform, DemoOptions options, ILogger<DemoCampaign> logger,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await platform.WaitForApiAsync(stopping);
        var campaign = new DemoCampaign(grains, platform, logger) { Start = options.Start };
        try
        {
            await campaign.RunAsync(TimeSpan.FromSeconds(options.TickSeconds), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        if (!stopping.IsCancellationRequested) lifetime.StopApplication();
    }
}
