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
    public required FormationInfo Formation { get; set; }
    public AnswerState State { get; set; }
    public DateTimeOffset? Deadline { get; set; }
}

/// <summary>
/// A candidate's file: wishes and applications, pending offers and the one held offer. The candidate is the
/// authority on its answers (accept, refuse, expiry) and tells each formation through its outbox.
/// </summary>
public sealed class CandidateFile
{
    public const int WishesPerTrack = 15;

    public required string Id { get; set; }
    public int Year { get; set; }
    public Dictionary<string, CandidateApplication> Applications { get; set; } = [];

    /// <summary>The formation whose offer the candidate holds (accepted provisionally or definitively).</summary>
    public string? Held { get; set; }

    public Outbox Outbox { get; set; } = new();
    public Inbox Inbox { get; set; } = new();

    private CampaignCalendar Calendar => calendar ??= new CampaignCalendar(Year);
    private CampaignCalendar? calendar;

    public AdmissionError? Apply(FormationInfo formation, DateTimeOffset now)
    {
        if (!Calendar.AcceptsApplications(now)) return AdmissionError.WrongPhase;
        if (Applications.ContainsKey(formation.Id)) return AdmissionError.DuplicateApplication;
        var wishes = Applications.Values.Select(a => a.Formation.Wish).Where(w => w.Track == formation.Track).ToHashSet();
        if (!wishes.Contains(formation.Wish) && wishes.Count >= WishesPerTrack) return AdmissionError.WishLimit;
        Applications[formation.Id] = new CandidateApplication { Formation = formation };
        Outbox.Add(formation.Id, new ApplicationSubmitted());
        Record(now, "apply", formation.Id);
        return null;
    }

    public AdmissionError? Accept(string formationId, AcceptMode mode, IReadOnlyCollection<string>? keepWaitlists, DateTimeOffset now)
    {
        if (CheckAnswer(formationId, now) is { } error) return error;
        var target = Applications[formationId];
        var acceptable = target.State == AnswerState.Offer
            || (mode == AcceptMode.Definitive && target.State == AnswerState.AcceptedProvisional);
        if (!acceptable) return AdmissionError.NoOffer;

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
        if (!Applications.TryGetValue(formationId, out var application)) return;
        switch (message)
        {
            case OfferMade offer when application.State == AnswerState.None:
                application.State = AnswerState.Offer;
                application.Deadline = offer.Deadline;
                // A candidate who accepted definitively has left the procedure: the place goes on at once.
                if (Held is { } held && Applications[held].State == AnswerState.AcceptedDefinitive) Release(formationId, now);
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

    private void Release(string formationId, DateTimeOffset now)
    {
        var application = Applications[formationId];
        application.State = AnswerState.Released;
        application.Deadline = null;
        Outbox.Add(formationId, new OfferReleased());
        Record(now, "release", formationId);
    }
}
