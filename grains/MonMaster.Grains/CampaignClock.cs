namespace MonMaster.Grains;

/// <summary>
/// The campaign clock of this process: real time, or a virtual time set by the campaign (operator, replay,
/// simulation) so that a whole campaign can run in seconds. Every rule that depends on a date reads it.
/// </summary>
public sealed class CampaignClock(TimeProvider realTime) : TimeProvider
{
    private long virtualTicks = -1;

    public override DateTimeOffset GetUtcNow()
    {
        var ticks = Interlocked.Read(ref virtualTicks);
        return ticks >= 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : realTime.GetUtcNow();
    }

    /// <summary>Follows the campaign's virtual time; the campaign alone decides how it moves.</summary>
    public void SetVirtual(DateTimeOffset now) => Interlocked.Exchange(ref virtualTicks, now.UtcTicks);

    /// <summary>
    /// Follows the campaign's virtual time from a poll (another silo's campaign): forward only, so that a poll answered
    /// before the campaign's last move, and applied after it, cannot take the clock back.
    /// </summary>
    public void Follow(DateTimeOffset now)
    {
        while (true)
        {
            var current = Interlocked.Read(ref virtualTicks);
            if (current >= now.UtcTicks) return;
            if (Interlocked.CompareExchange(ref virtualTicks, now.UtcTicks, current) == current) return;
        }
    }

    public void UseRealTime() => Interlocked.Exchange(ref virtualTicks, -1);
}
