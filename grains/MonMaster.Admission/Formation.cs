using System.Text.Json.Serialization;

namespace MonMaster.Admission;

/// <summary>What a formation is: a parcours of a mention at an establishment, on one track.</summary>
public sealed record FormationInfo(
    string Id, int Year, string Establishment, string Mention, string Parcours, Track Track, int Capacity)
{
    /// <summary>A wish is one mention at one establishment on one track.</summary>
    [JsonIgnore] public WishKey Wish => new(Establishment, Mention, Track);
}

public sealed record WishKey(string Establishment, string Mention, Track Track);

public sealed class Applicant
{
    public ApplicationStatus Status { get; set; }

    /// <summary>1-based rank in the establishment's ranking; 0 when not ranked.</summary>
    public int Rank { get; set; }
    public DateTimeOffset? Deadline { get; set; }
}

public sealed record FormationCounters(
    int Capacity, int AcceptedProvisional, int AcceptedDefinitive, int PendingOffers, int Waitlist,
    int RankOfLastCalled, int Applicants)
{
    [JsonIgnore] public int Free => Capacity - AcceptedProvisional - AcceptedDefinitive - PendingOffers;
}

/// <summary>A change someone may be watching: an application's status, or the waitlist moving.</summary>
public sealed record ApplicationChange(string CandidateId, ApplicationStatus Status, DateTimeOffset? Deadline);

/// <summary>
/// A formation's admission book: its applicants, the establishment's ranking, the offers it makes and
/// its counters. The formation is the authority on places and statuses; each candidate is the authority
/// on its own answers and tells the formation through messages.
/// </summary>
public sealed class FormationBook
{
    public required FormationInfo Info { get; set; }
    public Dictionary<string, Applicant> Applicants { get; set; } = [];
    public List<string> Ranking { get; set; } = [];
    public List<string> NotRetained { get; set; } = [];
    public bool Opened { get; set; }

    /// <summary>Index in <see cref="Ranking"/> of the next candidate who may be called: offers go strictly in rank order.</summary>
    public int NextToCall { get; set; }
    public int RankOfLastCalled { get; set; }
    public int AcceptedProvisional { get; set; }
    public int AcceptedDefinitive { get; set; }
    public int PendingOffers { get; set; }
    public int Waitlist { get; set; }
    public bool ImmediateRelease { get; set; }

    public Outbox Outbox { get; set; } = new();
    public Inbox Inbox { get; set; } = new();

    /// <summary>Changes since the grain last published them; not persisted.</summary>
    [JsonIgnore] public List<ApplicationChange> Changes { get; } = [];
    [JsonIgnore] public bool WaitlistMoved { get; set; }

    [JsonIgnore] public CampaignCalendar Calendar => calendar ??= new CampaignCalendar(Info.Year);
    private CampaignCalendar? calendar;

    [JsonIgnore] public FormationCounters Counters => new(
        Info.Capacity, AcceptedProvisional, AcceptedDefinitive, PendingOffers, Waitlist, RankOfLastCalled, Applicants.Count);

    /// <summary>What a reader may see: everything is <c>submitted</c> until the opening round.</summary>
    public ApplicationStatus VisibleStatus(Applicant applicant) => Opened ? applicant.Status : ApplicationStatus.Submitted;

    public AdmissionError? Rank(IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained, DateTimeOffset now)
    {
        if (!Calendar.AcceptsRankings(now) || Opened) return AdmissionError.WrongPhase;
        if (ranked.Concat(notRetained).Any(id => !Applicants.ContainsKey(id))) return AdmissionError.NotAnApplicant;
        var seen = new HashSet<string>();
        if (!ranked.Concat(notRetained).All(seen.Add)) return AdmissionError.InvalidRanking;
        Ranking = [.. ranked];
        NotRetained = [.. notRetained];
        Outbox.Record(new Recorded(now, "ranking", null, Info.Id, $"{ranked.Count} ranked, {notRetained.Count} not retained"));
        return null;
    }

    /// <summary>Registers an applicant; false when already there (a redelivered submission changes nothing).</summary>
    public bool Register(string candidateId) => Applicants.TryAdd(candidateId, new Applicant());

    /// <summary>The deadline of this candidate's pending offer, if any.</summary>
    public DateTimeOffset? PendingOffer(string candidateId) =>
        Applicants.TryGetValue(candidateId, out var a) && a.Status == ApplicationStatus.Offer ? a.Deadline : null;

    /// <summary>The morning round: settles every application at the opening, then offers the free places.</summary>
    public void RunRound(DateTimeOffset now)
    {
        if (!Opened && now >= Calendar.OpeningRound) Open();
        OfferFreePlaces(now);
    }

    /// <summary>The 00:00 sweep: asks each candidate whose offer's deadline has passed to confirm its expiry.</summary>
    public void Sweep(DateTimeOffset now)
    {
        foreach (var (id, applicant) in Applicants)
            if (applicant.Status == ApplicationStatus.Offer && applicant.Deadline < now)
                Outbox.Add(id, new OfferDeadlinePassed(applicant.Deadline.Value));
    }

    /// <summary>Applies a candidate's message; false when it changed nothing (and never will: nobody goes back to a waitlist).</summary>
    public bool Receive(string candidateId, FormationMessage message, DateTimeOffset now)
    {
        if (message is ApplicationSubmitted) return Register(candidateId);
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return false;
        var before = applicant.Status;
        var freed = false;
        switch (message)
        {
            case OfferAccepted accepted when applicant.Status is ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional:
                SetStatus(candidateId, applicant, accepted.Mode == AcceptMode.Definitive
                    ? ApplicationStatus.AcceptedDefinitive : ApplicationStatus.AcceptedProvisional);
                break;
            case OfferRefused when applicant.Status is ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional:
                SetStatus(candidateId, applicant, ApplicationStatus.Refused);
                freed = true;
                break;
            case OfferReleased when applicant.Status is ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional:
                SetStatus(candidateId, applicant, ApplicationStatus.Released);
                freed = true;
                break;
            case OfferExpired when applicant.Status is ApplicationStatus.Offer:
                SetStatus(candidateId, applicant, ApplicationStatus.Expired);
                freed = true;
                break;
            case WaitlistRenounced when applicant.Status is ApplicationStatus.Waitlisted:
                SetStatus(candidateId, applicant, ApplicationStatus.Renounced);
                break;
            case WaitlistReleased when applicant.Status is ApplicationStatus.Waitlisted:
                SetStatus(candidateId, applicant, ApplicationStatus.Released);
                break;
        }
        if (freed && ImmediateRelease) OfferFreePlaces(now);
        return applicant.Status != before;
    }

    /// <summary>A candidate renounces this waitlist: answered at once, so the candidate can report <c>not-waitlisted</c>.</summary>
    public AdmissionError? Renounce(string candidateId, DateTimeOffset now)
    {
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return AdmissionError.NotAnApplicant;
        if (applicant.Status != ApplicationStatus.Waitlisted) return AdmissionError.NotWaitlisted;
        SetStatus(candidateId, applicant, ApplicationStatus.Renounced);
        Outbox.Record(new Recorded(now, "renounce", candidateId, Info.Id));
        return null;
    }

    /// <summary>Waitlist position of every waiting candidate: 1 + the waiting candidates ranked ahead.</summary>
    public Dictionary<string, int> Positions()
    {
        var positions = new Dictionary<string, int>();
        for (var i = NextToCall; i < Ranking.Count; i++)
            if (Applicants[Ranking[i]].Status == ApplicationStatus.Waitlisted)
                positions[Ranking[i]] = positions.Count + 1;
        return positions;
    }

    public int? PositionOf(string candidateId)
    {
        if (!Applicants.TryGetValue(candidateId, out var applicant) || applicant.Status != ApplicationStatus.Waitlisted) return null;
        var position = 1;
        for (var i = NextToCall; i < Ranking.Count && Ranking[i] != candidateId; i++)
            if (Applicants[Ranking[i]].Status == ApplicationStatus.Waitlisted) position++;
        return position;
    }

    private void Open()
    {
        Opened = true;
        for (var i = 0; i < Ranking.Count; i++)
        {
            var applicant = Applicants[Ranking[i]];
            applicant.Rank = i + 1;
            SetStatus(Ranking[i], applicant, ApplicationStatus.Waitlisted);
        }
        foreach (var (id, applicant) in Applicants)
            if (applicant.Rank == 0) SetStatus(id, applicant, ApplicationStatus.NotRetained);
    }

    private void OfferFreePlaces(DateTimeOffset now)
    {
        if (!Opened || !Calendar.MakesOffers(now)) return;
        var free = Counters.Free;
        while (free > 0 && NextToCall < Ranking.Count)
        {
            var id = Ranking[NextToCall++];
            var applicant = Applicants[id];
            if (applicant.Status != ApplicationStatus.Waitlisted) continue;
            applicant.Deadline = Calendar.OfferDeadline(now);
            SetStatus(id, applicant, ApplicationStatus.Offer);
            RankOfLastCalled = Math.Max(RankOfLastCalled, applicant.Rank);
            Outbox.Add(id, new OfferMade(now, applicant.Deadline.Value));
            Outbox.Record(new Recorded(now, "offer", id, Info.Id, $"rank {applicant.Rank}, deadline {CampaignCalendar.Format(applicant.Deadline.Value)}"));
            free--;
        }
    }

    /// <summary>The one place where a status changes, so the counters always follow.</summary>
    private void SetStatus(string candidateId, Applicant applicant, ApplicationStatus status)
    {
        Count(applicant.Status, -1);
        if (applicant.Status == ApplicationStatus.Waitlisted) WaitlistMoved = true;
        if (status != ApplicationStatus.Offer) applicant.Deadline = null;
        applicant.Status = status;
        Count(status, +1);
        Changes.Add(new ApplicationChange(candidateId, status, applicant.Deadline));
    }

    private void Count(ApplicationStatus status, int delta)
    {
        switch (status)
        {
            case ApplicationStatus.Waitlisted: Waitlist += delta; break;
            case ApplicationStatus.Offer: PendingOffers += delta; break;
            case ApplicationStatus.AcceptedProvisional: AcceptedProvisional += delta; break;
            case ApplicationStatus.AcceptedDefinitive: AcceptedDefinitive += delta; break;
        }
    }
}
