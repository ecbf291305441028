using System.Text.Json.Serialization;

namespace MonMaster.Admission;

/// <summary>The candidate's side of an application: only what the candidate decides (its answers).</summary>
public enum AnswerState
{
    /// <summary>No offer yet: the formation alone knows whether it is waitlisted, not retained or renounced.</summary>
    None,
    Offer,
    AcceptedProvisional,
    AcceptedDefinitive,
    Refused,
    Released,
    Expired,
}

public sealed class CandidateApplication
{
    public required FormationInfo Formation { get; set { field = value; Dirty = true; } }
    public AnswerState State { get; set { field = value; Dirty = true; } }
    public DateTimeOffset? Deadline { get; set { field = value; Dirty = true; } }

    /// <summary>Made in the complementary phase (its wishes count against the 10 + 10 of that phase).</summary>
    public bool Complementary { get; set { field = value; Dirty = true; } }

    /// <summary>Changed since storage last wrote it (every setter raises it; new: true): the file is stored application by application.</summary>
    [JsonIgnore] public bool Dirty { get; set; } = true;
}

/// <summary>
/// A candidate's file: wishes and applications, pending offers and the one held offer. The candidate is the
/// authority on its answers (accept, refuse, expiry) and tells each formation through its outbox.
/// </summary>
public sealed class CandidateFile
{
    public const int WishesPerTrack = 15;
    public const int ComplementaryWishesPerTrack = 10;

    public required string Id { get; set; }
    public int Year { get; set; }
    public Dictionary<string, CandidateApplication> Applications { get; set; } = [];

    /// <summary>The formation whose offer the candidate holds (accepted provisionally or definitively).</summary>
    public string? Held { get; set; }

    /// <summary>The kinds of piece in the file (the files themselves are stored apart, with their checksums).</summary>
    public List<string> Pieces { get; set; } = [];

    /// <summary>
    /// The complementary phase's preference order of the remaining applications, best first, the held provisional offer
    /// last; null until the candidate ranks (section 5).
    /// </summary>
    public List<string>? Preference { get; set; }

    public Outbox Outbox { get; set; } = new();
    public Inbox Inbox { get; set; } = new();

    private bool HoldsDefinitive => Held is { } held && Applications[held].State == AnswerState.AcceptedDefinitive;

    private CampaignCalendar Calendar => calendar ??= new CampaignCalendar(Year);
    private CampaignCalendar? calendar;

    public AdmissionError? Apply(FormationInfo formation, DateTimeOffset now)
    {
        if (!Calendar.AcceptsApplications(now)) return AdmissionError.WrongPhase;
        if (Applications.ContainsKey(formation.Id)) return AdmissionError.DuplicateApplication;
        var wishes = Applications.Values.Select(a => a.Formation.Wish).Where(w => w.Track == formation.Track).ToHashSet();
        if (!wishes.Contains(formation.Wish) && wishes.Count >= WishesPerTrack) return AdmissionError.WishLimit;
        Applications[formation.Id] = new CandidateApplication { Formation = formation };
        Outbox.Add(formation.Id, new ApplicationSubmitted(Pieces: [.. Pieces]));
        Record(now, "apply", formation.Id);
        return null;
    }

    /// <summary>
    /// Section 5: 17–23 June, for a candidate without a definitive acceptance, to a formation that opened places
    /// (<paramref name="check"/>: what the formation said), 10 classic + 10 work-study new wishes.
    /// </summary>
    public AdmissionError? ApplyComplementary(FormationInfo formation, ComplementaryCheck check, DateTimeOffset now)
    {
        if (!Calendar.AcceptsComplementaryApplications(now)) return AdmissionError.WrongPhase;
        // Applied before: a new application only after an incomplete file; a refusal says why (section 5).
        if (Applications.ContainsKey(formation.Id) && !check.Reapplying)
            return check.Error == AdmissionError.NotRetainedBefore ? check.Error : AdmissionError.DuplicateApplication;
        var wishes = Applications.Values.Where(a => a.Complementary).Select(a => a.Formation.Wish).Where(w => w.Track == formation.Track).ToHashSet();
        if (!wishes.Contains(formation.Wish) && wishes.Count >= ComplementaryWishesPerTrack) return AdmissionError.WishLimit;
        if (HoldsDefinitive) return AdmissionError.NotEligible;
        if (check.Error is { } refused) return refused;
        Applications[formation.Id] = new CandidateApplication { Formation = formation, Complementary = true };
        // A later application joins an existing order just above the held offer; the candidate may rank again until 23 June.
        if (Preference is { } order && !order.Contains(formation.Id))
            order.Insert(Held is { } held && order.LastOrDefault() == held ? order.Count - 1 : order.Count, formation.Id);
        Outbox.Add(formation.Id, new ApplicationSubmitted(Complementary: true, Pieces: [.. Pieces]));
        Record(now, "apply-complementary", formation.Id);
        return null;
    }

    /// <summary>
    /// Section 5: the order of every remaining application (<paramref name="remaining"/>, as the formations record them),
    /// best first. The held provisional offer is always last, wherever the candidate put it.
    /// </summary>
    public AdmissionError? Rank(IReadOnlyList<string> order, IReadOnlySet<string> remaining, DateTimeOffset now)
    {
        if (!Calendar.AcceptsPreferences(now)) return AdmissionError.WrongPhase;
        if (order.Any(id => !Applications.ContainsKey(id))) return AdmissionError.NotAnApplicant;
        if (HoldsDefinitive) return AdmissionError.NotEligible;
        var ranked = order.Where(id => id != Held).ToList();
        var expected = remaining.Where(id => id != Held).ToHashSet();
        // Each application once, the held one included (it may be left out: it goes last anyway).
        if (order.Distinct().Count() != order.Count || !expected.SetEquals(ranked)) return AdmissionError.InvalidPreference;
        if (Held is { } held) ranked.Add(held);
        Preference = ranked;
        Outbox.Record(new Recorded(now, "preference", Id, null, string.Join(",", ranked)));
        return null;
    }

    /// <summary>Section 7: what the file says for the referral: an offer ever received, and the applications transmitted.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool EverReceivedAnOffer => Applications.Values.Any(a => a.State != AnswerState.None);

    /// <summary>The region whose rector the candidate referred to, once filed.</summary>
    public string? ReferralRegion { get; set; }

    /// <summary>Adds a piece to the file; each formation applied to learns the kinds present, for the close of applications.</summary>
    public void DeclarePiece(string kind, DateTimeOffset now)
    {
        if (Pieces.Contains(kind)) return;
        Pieces.Add(kind);
        foreach (var id in Applications.Keys) Outbox.Add(id, new PiecesDeclared([.. Pieces], now));
        Outbox.Record(new Recorded(now, "upload-piece", Id, null, kind));
    }

    public AdmissionError? Accept(string formationId, AcceptMode mode, IReadOnlyCollection<string>? keepWaitlists, DateTimeOffset now)
    {
        if (CheckAnswer(formationId, now) is { } error) return error;
        var target = Applications[formationId];
        var acceptable = target.State == AnswerState.Offer
            || (mode == AcceptMode.Definitive && target.State == AnswerState.AcceptedProvisional);
        if (!acceptable) return AdmissionError.NoOffer;
        if (mode == AcceptMode.Provisional && !Calendar.AcceptsProvisional(now)) return AdmissionError.ProvisionalNotAllowed;

        if (Held is { } held && held != formationId) Release(held, now);
        foreach (var (id, application) in Applications)
            if (id != formationId && application.State == AnswerState.Offer) Release(id, now);

        target.State = mode == AcceptMode.Definitive ? AnswerState.AcceptedDefinitive : AnswerState.AcceptedProvisional;
        target.Deadline = null;
        Held = formationId;
        Outbox.Add(formationId, new OfferAccepted(mode));
        Record(now, mode == AcceptMode.Definitive ? "accept-definitive" : "accept-provisional", formationId);

        // Without an offer the candidate cannot tell a waitlist from a refusal; the formation ignores the others.
        foreach (var (id, application) in Applications)
        {
            if (application.State != AnswerState.None) continue;
            if (mode == AcceptMode.Definitive) Outbox.Add(id, new WaitlistReleased());
            else if (keepWaitlists is not null && !keepWaitlists.Contains(id)) Outbox.Add(id, new WaitlistRenounced());
        }
        return null;
    }

    public AdmissionError? Refuse(string formationId, DateTimeOffset now)
    {
        if (CheckAnswer(formationId, now) is { } error) return error;
        var target = Applications[formationId];
        if (target.State is not (AnswerState.Offer or AnswerState.AcceptedProvisional)) return AdmissionError.NoOffer;
        target.State = AnswerState.Refused;
        target.Deadline = null;
        if (Held == formationId) Held = null;
        Outbox.Add(formationId, new OfferRefused());
        Record(now, "refuse", formationId);
        return null;
    }

    /// <summary>The candidate-side checks of a renunciation; the formation then says whether it is a waitlist.</summary>
    public AdmissionError? CheckRenounce(string formationId, DateTimeOffset now)
    {
        if (!Calendar.AcceptsAnswers(now)) return AdmissionError.WrongPhase;
        if (!Applications.TryGetValue(formationId, out var application)) return AdmissionError.NotAnApplicant;
        return application.State == AnswerState.None ? null : AdmissionError.NotWaitlisted;
    }

    /// <summary>Records an offer (the formation holds it durably) or decides an expiry (sent through the outbox).</summary>
    public void Receive(string formationId, CandidateMessage message, DateTimeOffset now)
    {
        // A rector's proposal may be for a formation the candidate never applied to: it becomes an application with an offer.
        if (message is RectorProposal proposal)
        {
            if (!Applications.TryGetValue(formationId, out var proposed))
                Applications[formationId] = proposed = new CandidateApplication { Formation = proposal.Formation };
            else if (proposed.State is not (AnswerState.Offer or AnswerState.AcceptedProvisional or AnswerState.AcceptedDefinitive))
                proposed.State = AnswerState.None; // an old answer there (expired, released) does not stop a new proposal
            message = new OfferMade(proposal.At, proposal.Deadline);
        }
        if (!Applications.TryGetValue(formationId, out var application)) return;
        switch (message)
        {
            case OfferMade offer when application.State == AnswerState.None:
                application.State = AnswerState.Offer;
                application.Deadline = offer.Deadline;
                // A candidate who accepted definitively has left the procedure: the place goes on at once.
                if (HoldsDefinitive) Release(formationId, now);
                else if (Preference is not null && Calendar.AnswersAutomatically(now)) AnswerByPreference(formationId, now);
                break;
            case PreferenceDeadlinePassed when Preference is null && !HoldsDefinitive:
                // Section 5: not ranked by 23 June: the held provisional offer becomes definitive, the rest is lost.
                if (Held == formationId) AcceptDefinitively(formationId, now, "accept-definitive-no-preference");
                else if (application.State == AnswerState.None)
                {
                    Outbox.Add(formationId, new WaitlistReleased());
                    Record(now, "release-no-preference", formationId);
                }
                break;
            case AcceptanceMadeDefinitive when application.State == AnswerState.AcceptedProvisional:
                AcceptDefinitively(formationId, now, null);
                break;
            // A deadline notice for an offer this activation never saw still expires it: no answer is recorded.
            case OfferDeadlinePassed passed when application.State == AnswerState.None && passed.Deadline < now:
            case OfferDeadlinePassed when application.State == AnswerState.Offer && application.Deadline < now:
                application.State = AnswerState.Expired;
                application.Deadline = null;
                Outbox.Add(formationId, new OfferExpired());
                Record(now, "expire", formationId);
                break;
        }
    }

    /// <summary>
    /// Section 5, from 24 June: an offer ranked above the held one is accepted provisionally, releasing the held offer
    /// and every application ranked below it; one ranked below is released. The releases go on within the round.
    /// </summary>
    private void AnswerByPreference(string formationId, DateTimeOffset now)
    {
        var order = Preference!;
        var rank = order.IndexOf(formationId);
        if (rank < 0) rank = Held is { } h && order.IndexOf(h) is var hi and >= 0 ? hi : order.Count; // not ranked: just above the held offer
        if (Held is { } held && order.IndexOf(held) is var heldRank and >= 0 && heldRank < rank)
        {
            Release(formationId, now, cascade: true);
            return;
        }
        if (Held is { } previous) Release(previous, now, cascade: true);
        var target = Applications[formationId];
        target.State = AnswerState.AcceptedProvisional;
        target.Deadline = null;
        Held = formationId;
        Outbox.Add(formationId, new OfferAccepted(AcceptMode.Provisional));
        Record(now, "accept-automatic", formationId);
        foreach (var below in order.Skip(rank + 1))
        {
            if (below == formationId || !Applications.TryGetValue(below, out var application)) continue;
            if (application.State == AnswerState.Offer) Release(below, now, cascade: true);
            else if (application.State == AnswerState.None)
            {
                Outbox.Add(below, new WaitlistReleased());
                Record(now, "release-below-preference", below);
            }
        }
    }

    /// <summary>The held provisional offer becomes definitive (no preference on 24 June, or 17 July): the candidate leaves the other waitlists.</summary>
    private void AcceptDefinitively(string formationId, DateTimeOffset now, string? action)
    {
        var application = Applications[formationId];
        application.State = AnswerState.AcceptedDefinitive;
        Held = formationId;
        // On 17 July the formation made the change itself; on 24 June it is told.
        if (action is not null)
        {
            Outbox.Add(formationId, new OfferAccepted(AcceptMode.Definitive));
            Record(now, action, formationId);
        }
        foreach (var (id, other) in Applications)
            if (id != formationId && other.State == AnswerState.None) Outbox.Add(id, new WaitlistReleased());
    }

    /// <summary>Adopts an offer the formation recorded and this file has not seen (after a restart: offers are not persisted here).</summary>
    public void AdoptOffer(string formationId, DateTimeOffset deadline)
    {
        if (Applications.TryGetValue(formationId, out var application) && application.State == AnswerState.None)
        {
            application.State = AnswerState.Offer;
            application.Deadline = deadline;
        }
    }

    private AdmissionError? CheckAnswer(string formationId, DateTimeOffset now)
    {
        if (!Calendar.AcceptsAnswers(now)) return AdmissionError.WrongPhase;
        if (!Applications.TryGetValue(formationId, out var application)) return AdmissionError.NotAnApplicant;
        var expired = application.State == AnswerState.Expired
            || (application.State == AnswerState.Offer && now > application.Deadline);
        return expired ? AdmissionError.OfferExpired : null;
    }

    private void Record(DateTimeOffset now, string action, string formationId) =>
        Outbox.Record(new Recorded(now, action, Id, formationId));

    private void Release(string formationId, DateTimeOffset now, bool cascade = false)
    {
        var application = Applications[formationId];
        application.State = AnswerState.Released;
        application.Deadline = null;
        Outbox.Add(formationId, new OfferReleased(cascade));
        Record(now, "release", formationId);
    }
}

/// <summary>Section 5: the applications a candidate puts in order, 17–23 June.</summary>
public static class PreferenceOrder
{
    /// <summary>Still in play in the complementary phase: waiting (waitlist, contract search, new application) or held provisionally.</summary>
    public static bool Remains(ApplicationStatus status) =>
        status is ApplicationStatus.Waitlisted or ApplicationStatus.ContractSearch or ApplicationStatus.Submitted or ApplicationStatus.AcceptedProvisional;

    /// <summary>The applications the candidate orders: those that remain, but the place held provisionally (it goes last by itself).</summary>
    public static IReadOnlyList<string> Rankable(IEnumerable<(string FormationId, ApplicationStatus Status)> applications) =>
        [.. applications.Where(a => Remains(a.Status) && a.Status != ApplicationStatus.AcceptedProvisional).Select(a => a.FormationId)];
}

/// <summary>Section 4: what a provisional acceptance keeps of the candidate's other applications.</summary>
public static class ProvisionalAcceptance
{
    /// <summary>The waitlists the candidate chooses to keep or to leave (each kept unless they say otherwise).</summary>
    public static IReadOnlyList<string> Choices(string accepted, IEnumerable<(string FormationId, ApplicationStatus Status)> applications) =>
        [.. applications.Where(a => a.FormationId != accepted && a.Status == ApplicationStatus.Waitlisted).Select(a => a.FormationId)];

    /// <summary>Applications not ranked yet: never given up by mistake, whatever the candidate ticks.</summary>
    public static IReadOnlyList<string> AlwaysKept(string accepted, IEnumerable<(string FormationId, ApplicationStatus Status)> applications) =>
        [.. applications.Where(a => a.FormationId != accepted && a.Status == ApplicationStatus.Submitted).Select(a => a.FormationId)];
}
