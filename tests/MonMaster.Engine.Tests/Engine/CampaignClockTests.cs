using MonMaster.Grains;

namespace MonMaster.Tests.Engine;

/// <summary>A silo following another silo's campaign clock by polling it.</summary>
public sealed class CampaignClockTests
{
    private static readonly DateTimeOffset Close = new(2025, 3, 25, 0, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Ranking = new(2025, 4, 1, 0, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void A_poll_answered_before_the_campaign_moved_cannot_take_the_clock_back()
    {
        var clock = new CampaignClock(TimeProvider.System);
        clock.Follow(Close);          // a poll answered while the campaign ran the close of applications
        clock.SetVirtual(Ranking);    // the campaign, on this silo, moved on to 1 April
        clock.Follow(Close);          // the stale poll is applied late
        Assert.Equal(Ranking, clock.GetUtcNow());
        clock.Follow(Ranking.AddDays(1));
        Assert.Equal(Ranking.AddDays(1), clock.GetUtcNow());
    }

    [Fact]
    public void A_silo_on_real_time_follows_a_virtual_campaign_at_once()
    {
        var clock = new CampaignClock(TimeProvider.System);
        clock.Follow(Close);
        Assert.Equal(Close, clock.GetUtcNow());
    }
}
