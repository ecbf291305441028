using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Api.Live;

/// <summary>
/// One change of one of the candidate's applications. <c>Kind</c>: <c>position-changed</c>, <c>offer-received</c>,
/// <c>offer-expired</c>, <c>application-released</c>, <c>held-offer-changed</c>, <c>contract-changed</c> (work-study:
/// the employer contract is pending, validated or refused), <c>review-requested</c> (a summons or a request of the
/// establishment, section 3) or <c>status-changed</c>.
/// </summary>
public sealed record ApplicationEvent(string Kind, string FormationId, ApplicationStatus Status, int? Position, DateTimeOffset? Deadline, ContractState? Contract = null)
{
    /// <summary>What a candidate should be told when their application went from <paramref name="before"/> to <paramref name="now"/>; null when nothing they see changed.</summary>
    public static ApplicationEvent? Between(ApplicationView? before, ApplicationView now)
    {
        var newRequest = (now.Reviews?.Count ?? 0) > (before?.Reviews?.Count ?? 0);
        if (before is not null && !newRequest && before.Status == now.Status && before.Position == now.Position && before.Deadline == now.Deadline
            && before.Contract == now.Contract) return null;
        if (newRequest && before?.Status == now.Status) return new ApplicationEvent("review-requested", now.FormationId, now.Status, now.Position, now.Deadline);
        var statusChanged = before?.Status != now.Status;
        var kind = now.Status switch
        {
            ApplicationStatus.Offer when statusChanged => "offer-received",
            ApplicationStatus.Expired => "offer-expired",
            ApplicationStatus.Released => "application-released",
            ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive => "held-offer-changed",
            ApplicationStatus.Waitlisted when !statusChanged => "position-changed",
            _ when !statusChanged && before?.Contract != now.Contract => "contract-changed",
            _ => "status-changed",
        };
        return new ApplicationEvent(kind, now.FormationId, now.Status, now.Position, now.Deadline, now.Contract);
    }
}

/// <summary>Offers made and answers received during one minute of real time.</summary>
public sealed record MinuteActivity(DateTimeOffset Minute, int Offers, int Answers);

/// <summary>The campaign-wide counters an operator watches.</summary>
public sealed record CampaignCounters(
    int Formations, int Capacity, int AcceptedProvisional, int AcceptedDefinitive, int PendingOffers, int Waitlist,
    int Applicants, double FillRate, IReadOnlyList<MinuteActivity> PerMinute)
{
    public static CampaignCounters Of(IReadOnlyCollection<FormationStats> stats, IReadOnlyList<MinuteActivity> perMinute)
    {
        var capacity = stats.Sum(s => s.Capacity);
        var accepted = stats.Sum(s => s.AcceptedProvisional + s.AcceptedDefinitive);
        return new CampaignCounters(stats.Count, capacity, stats.Sum(s => s.AcceptedProvisional), stats.Sum(s => s.AcceptedDefinitive),
            stats.Sum(s => s.PendingOffers), stats.Sum(s => s.Waitlist), stats.Sum(s => s.Applicants),
            capacity == 0 ? 0 : (double)accepted / capacity, perMinute);
    }
}

public interface ICandidateClient
{
    /// <summary>The changes since the last message, at most one per application (coalesced).</summary>
    Task Changes(IReadOnlyList<ApplicationEvent> changes);
}

public interface IEstablishmentClient
{
    /// <summary>The counters (and fill rates) of the establishment's formations that changed.</summary>
    Task Formations(IReadOnlyList<FormationStats> formations);
}

/// <summary>
/// The live badge of a formation's sheet, for anyone reading it: places left (capacity minus acceptances), offers out,
/// the waitlist's length and the rank of the last candidate called, which grows as the waitlist moves.
/// </summary>
public sealed record FormationBadge(string FormationId, int Capacity, int PlacesRemaining, int PendingOffers, int Waitlist, int RankOfLastCalled)
{
    public static FormationBadge Of(FormationStats s) =>
        new(s.FormationId, s.Capacity, Math.Max(0, s.Capacity - s.AcceptedProvisional - s.AcceptedDefinitive), s.PendingOffers, s.Waitlist, s.RankOfLastCalled);
}

public interface ISheetClient
{
    Task Badge(FormationBadge badge);
}

public interface IOperatorClient
{
    Task Counters(CampaignCounters counters);
    Task Campaign(CampaignView campaign);
}
