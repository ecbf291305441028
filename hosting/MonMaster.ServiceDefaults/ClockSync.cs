using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Grains;

namespace MonMaster.Hosting;

/// <summary>
/// Keeps this silo's campaign clock on the campaign's virtual time when the campaign grain lives on another
/// silo. Only a multi-silo virtual-clock run needs it; it lags the campaign by at most one poll interval.
/// </summary>
public sealed class ClockSync(IGrainFactory grains, CampaignClock clock, MonMasterOptions options, ILogger<ClockSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var year = options.Campaign;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            try
            {
                var view = await grains.GetGrain<ICampaignGrain>(year).GetView();
                if (view.VirtualClock) clock.Follow(view.Now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Campaign {Year} clock not reachable yet", year);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken)); // first sync at once: a joining silo must not run on real time
    }
}
