using MonMaster.Admission;

namespace MonMaster.Grains.State;

// Stored as JSON (AdmissionJson): property names are the storage format.

public sealed class FormationState
{
    public FormationBook? Book { get; set; }
}

public sealed class CandidateState
{
    public CandidateFile? File { get; set; }
}

public sealed class CampaignState
{
    /// <summary>An unconfigured campaign neither drives nor reports a clock.</summary>
    public bool Configured { get; set; }
    public OfferRelease Release { get; set; }
    public bool VirtualClock { get; set; } = true;
    public DateTimeOffset? VirtualNow { get; set; }
    public DateTimeOffset? LastWorkAt { get; set; }
    public List<string> Formations { get; set; } = [];
}
