using MonMaster.Admission;

namespace MonMaster.Grains;

[GenerateSerializer, Alias("monmaster.OfferRelease")]
public enum OfferRelease { Daily, Immediate }

/// <summary>How a campaign runs: when freed places are offered, and whether its clock is virtual.</summary>
[GenerateSerializer, Alias("monmaster.CampaignSettings")]
public sealed record CampaignSettings(OfferRelease Release, bool VirtualClock, DateTimeOffset? VirtualStart);

[GenerateSerializer, Alias("monmaster.CampaignView")]
public sealed record CampaignView(
    int Year, CampaignPhase Phase, DateTimeOffset Now, bool VirtualClock, OfferRelease Release,
    DateTimeOffset? NextWorkAt, DateTimeOffset? LastWorkAt, int Formations);

/// <summary>
/// One application as a reader sees it (the formation's record, which is the reference). <paramref name="Contract"/>: the
/// work-study employer contract, null when none was uploaded. <paramref name="WorkStudyAnswer"/>: the establishment's
/// work-study answer (<c>ContractSearch</c> or <c>NotRetained</c>) while candidates do not see it yet (before 2 May), for
/// the establishment's own eyes; null otherwise.
/// </summary>
[GenerateSerializer, Alias("monmaster.ApplicationView")]
public sealed record ApplicationView(
    string CandidateId, string FormationId, ApplicationStatus Status, int? Position, DateTimeOffset? Deadline, int? Rank = null,
    ContractState? Contract = null, IReadOnlyList<ReviewRequest>? Reviews = null, ApplicationStatus? WorkStudyAnswer = null);

[GenerateSerializer, Alias("monmaster.FormationStats")]
public sealed record FormationStats(
    string FormationId, string Establishment, int Capacity, int AcceptedProvisional, int AcceptedDefinitive,
    int PendingOffers, int Waitlist, int RankOfLastCalled, int Applicants, int ComplementaryPlaces = 0)
{
    public double FillRate => Capacity == 0 ? 0 : (double)(AcceptedProvisional + AcceptedDefinitive) / Capacity;

    /// <summary>
    /// Rank of the last candidate called over the applications confirmed (brochure: the access rate, final at the end of
    /// the campaign); null before anyone is called.
    /// </summary>
    public double? AccessRate => Applicants == 0 || RankOfLastCalled == 0 ? null : (double)RankOfLastCalled / Applicants;
}

[GenerateSerializer, Alias("monmaster.FormationSnapshot")]
public sealed record FormationSnapshot(FormationStats Stats, IReadOnlyList<ApplicationView> Applications, int UndeliveredMessages);

/// <summary>The candidate's own record of an application: only what the candidate decided.</summary>
[GenerateSerializer, Alias("monmaster.CandidateAnswer")]
public sealed record CandidateAnswer(string FormationId, AnswerState State, DateTimeOffset? Deadline);

/// <summary><paramref name="Preference"/>: the complementary phase's order, best first (held offer last); null until the candidate ranks.</summary>
[GenerateSerializer, Alias("monmaster.CandidateSnapshot")]
public sealed record CandidateSnapshot(
    string CandidateId, string? Held, IReadOnlyList<CandidateAnswer> Applications, int UndeliveredMessages,
    IReadOnlyList<string>? Preference = null, string? ReferralRegion = null);

/// <summary>The answer to a command: null error means it was taken and persisted.</summary>
[GenerateSerializer, Alias("monmaster.CommandResult")]
public sealed record CommandResult(AdmissionError? Error)
{
    public static readonly CommandResult Ok = new((AdmissionError?)null);
    public bool Succeeded => Error is null;
    /// <summary>The error's code on the wire (<c>no-offer</c>…), null when taken.</summary>
    public string? Code => Error?.Code();
    /// <summary>The error in a sentence a person understands (French), null when taken.</summary>
    public string? Message => Error?.Explain();
    public static CommandResult Of(AdmissionError? error) => error is null ? Ok : new(error);
}

/// <summary>A change someone may be watching, published for the API to push.</summary>
[GenerateSerializer, Alias("monmaster.AdmissionEvent")]
public abstract record AdmissionEvent;

[GenerateSerializer, Alias("monmaster.ApplicationChanged")]
public sealed record ApplicationChanged(string CandidateId, string FormationId, ApplicationStatus Status, DateTimeOffset? Deadline) : AdmissionEvent;

/// <summary>A formation's counters changed; <paramref name="WaitlistMoved"/> says waiting candidates' positions may have changed.</summary>
[GenerateSerializer, Alias("monmaster.FormationChanged")]
public sealed record FormationChanged(FormationStats Stats, bool WaitlistMoved) : AdmissionEvent;

/// <summary><paramref name="Work"/>: the scheduled work that just ran, null for a change of settings or clock.</summary>
[GenerateSerializer, Alias("monmaster.CampaignChanged")]
public sealed record CampaignChanged(int Year, CampaignPhase Phase, DateTimeOffset Now, WorkKind? Work) : AdmissionEvent;

/// <summary>
/// What a formation tells a watching API node after a commit: its counters, what it did in that commit, and
/// the applications of the candidates the node watches whose status or position may have changed.
/// One-way messages may arrive out of order: <paramref name="Version"/> grows with each update of a formation, so
/// a node keeps, per application and per formation's counters, only what is newer than what it has.
/// </summary>
/// <summary>One application read at a formation, with the live version it was read at: a push older than it is stale.</summary>
[GenerateSerializer, Alias("monmaster.ApplicationRead")]
public sealed record ApplicationRead(ApplicationView? View, long Version);

[GenerateSerializer, Alias("monmaster.FormationLive")]
public sealed record FormationLive(FormationStats Stats, IReadOnlyList<ApplicationView> Applications, int OffersMade, int Answers, long Version);

/// <summary>A filed referral as the rector's office sees it: when, which licence, and the formations proposed.</summary>
[GenerateSerializer, Alias("monmaster.ReferralView")]
public sealed record ReferralView(string CandidateId, DateTimeOffset FiledAt, int LicenceYear, IReadOnlyList<string> Proposals);

/// <summary>The answer to a referral: the criteria not met when refused as not eligible.</summary>
[GenerateSerializer, Alias("monmaster.ReferralResult")]
public sealed record ReferralResult(CommandResult Result, IReadOnlyList<UnmetCriterion> Unmet);
