namespace MonMaster.Grains;

/// <summary>
/// The campaign clock of this process: real time, or a virtual time set by the campaign (operator, replay,
/// simulation) so that a whole campaign can run in seconds. Every rule that depends on a date reads it.
/// </summary>
public sealed class CampaignClock(TimeProvider realTime) : TimeProvider
{
    private long virtualTicks = -1;

    public bool IsVirtual => Interlocked.Read(ref virtualTicks) >= 0;

    public override DateTimeOffset GetUtcNow()
    {
        var ticks = Interlocked.Read(ref virtualTicks);
        return ticks >= 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : realTime.GetUtcNow();
    }

    /// <summary>Sets the virtual time; it never goes backwards.</summary>
    public void SetVirtual(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref virtualTicks);
            if (current >= ticks) return;
        }
        while (Interlocked.CompareExchange(ref virtualTicks, ticks, current) != current);
    }

    public void UseRealTime() => Interlocked.Exchange(ref virtualTicks, -1);
}
