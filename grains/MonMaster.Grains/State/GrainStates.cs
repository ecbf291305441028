using MonMaster.Admission;

namespace MonMaster.Grains.State;

/// <summary>
/// A grain's state as JSON the grain serialized itself, on its own thread, before the write: the storage
/// provider serializes later on another thread, while interleaved messages may already change the live state.
/// </summary>
public sealed class StoredJson
{
    public byte[]? Json { get; set; }
}

// Stored as JSON (AdmissionJson): property names are the storage format.
public sealed class CampaignState
{
    /// <summary>An unconfigured campaign neither drives nor reports a clock.</summary>
    public bool Configured { get; set; }
    public OfferRelease Release { get; set; }
    public bool VirtualClock { get; set; } = true;
    public DateTimeOffset? VirtualNow { get; set; }
    public DateTimeOffset? LastWorkAt { get; set; }
    public List<string> Formations { get; set; } = [];

    /// <summary>Each formation's access rate, recorded when the campaign's last scheduled work has run (shown next year).</summary>
    public Dictionary<string, double?>? AccessRates { get; set; }
}

public sealed class ReferralDeskState
{
    public ReferralDesk? Desk { get; set; }
}
