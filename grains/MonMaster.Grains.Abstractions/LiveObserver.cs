using Orleans.Concurrency;

namespace MonMaster.Grains;

/// <summary>
/// An API node watching grains for its connected users. One-way, so a node that died never blocks a grain;
/// watches are leases the node renews (see <see cref="LiveLease"/>), so a dead node is soon forgotten.
/// </summary>
[Alias("monmaster.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [OneWay] Task OnFormation(FormationLive update);
    [OneWay] Task OnCampaign(CampaignView view);
}

public static class LiveLease
{
    /// <summary>How long a grain keeps a watch that is not renewed.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    /// <summary>How often a node renews its watches: a grain that moved silo (and forgot them) is found again within this.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);
}
