using System.Text.Json.Serialization;

namespace MonMaster.Admission;

/// <summary>What a formation is: a parcours of a mention at an establishment, on one track.</summary>
public sealed record FormationInfo(
    string Id, int Year, string Establishment, string Mention, string Parcours, Track Track, int Capacity,
    IReadOnlyList<RequiredPiece>? Pieces = null)
{
    /// <summary>The kinds of piece without which an application is incomplete at the close of applications.</summary>
    [JsonIgnore] public IEnumerable<string> MandatoryPieces => (Pieces ?? []).Where(p => p.Mandatory).Select(p => p.Kind);

    /// <summary>A wish is one mention at one establishment on one track.</summary>
    [JsonIgnore] public WishKey Wish => new(Establishment, Mention, Track);
}

public sealed record WishKey(string Establishment, string Mention, Track Track);

/// <summary>A piece a formation asks for (cover letter, recommendation…), visible from publication day.</summary>
public sealed record RequiredPiece(string Kind, bool Mandatory);

public sealed class Applicant
{
    public ApplicationStatus Status { get; set { field = value; Dirty = true; } }

    /// <summary>1-based rank in the establishment's ranking; 0 when not ranked.</summary>
    public int Rank { get; set { field = value; Dirty = true; } }
    public DateTimeOffset? Deadline { get; set { field = value; Dirty = true; } }

    /// <summary>Applied in the complementary phase (17–23 June).</summary>
    public bool Complementary { get; set { field = value; Dirty = true; } }

    /// <summary>Work-study: the employer contract, when the candidate is in contract search.</summary>
    public ContractState Contract { get; set { field = value; Dirty = true; } }

    /// <summary>Section 7: the academic region whose rector's office proposed this place, so that its retried proposal finds it taken.</summary>
    public string? RectorRegion { get; set { field = value; Dirty = true; } }

    /// <summary>The kinds of piece in the candidate's file, as last declared.</summary>
    public List<string> Pieces { get; set { field = value; Dirty = true; } } = [];

    /// <summary>Section 3: summons and requests the establishment sent, with the candidate's answers (changed in place: see <see cref="Dirty"/>).</summary>
    public List<ReviewRequest> Reviews { get; set { field = value; Dirty = true; } } = [];

    /// <summary>
    /// Changed since storage last wrote it: the formation's storage writes the applications that changed, not its whole
    /// book. Every setter raises it; a change made in place (a review added or answered) raises it explicitly. New: true.
    /// </summary>
    [JsonIgnore] public bool Dirty { get; set; } = true;
}

/// <summary>
/// Section 3: what an establishment asks of a candidate while it reviews the application. A summons (interview, written
/// exam, competition) has a date and a place or a link; a request asks to clarify, or to send another version of a piece.
/// The candidate answers until <see cref="AnswerBy"/>.
/// </summary>
public sealed class ReviewRequest
{
    public static readonly IReadOnlyList<string> Summons = ["interview", "written-exam", "competition"];
    public static readonly IReadOnlyList<string> Kinds = [.. Summons, "clarification", "new-version"];

    public int Id { get; set; }
    public required string Kind { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? Place { get; set; }
    public string? Link { get; set; }
    public string? Piece { get; set; }
    public DateTimeOffset AnswerBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Why a draft cannot be sent, in French; null when it can.</summary>
    public string? Invalid(DateTimeOffset now)
    {
        if (!Kinds.Contains(Kind)) return $"Le type de demande est l'un de : {string.Join(", ", Kinds)}.";
        if (string.IsNullOrWhiteSpace(Message) || Message.Length > 2000) return "Le message est obligatoire (2 000 caractères au plus).";
        if (AnswerBy <= now) return "La date limite de réponse doit être à venir.";
        if (Summons.Contains(Kind) && (At is not { } at || at <= now)) return "Une convocation indique sa date, à venir.";
        if (Summons.Contains(Kind) && string.IsNullOrWhiteSpace(Place) && string.IsNullOrWhiteSpace(Link)) return "Une convocation indique un lieu ou un lien.";
        if (Kind == "new-version" && !PieceKinds.IsKnown(Piece ?? "")) return "Indiquez la pièce dont une autre version est demandée.";
        return null;
    }
}

public sealed record FormationCounters(
    int Capacity, int AcceptedProvisional, int AcceptedDefinitive, int PendingOffers, int Waitlist,
    int RankOfLastCalled, int Applicants)
{
    [JsonIgnore] public int Free => Capacity - AcceptedProvisional - AcceptedDefinitive - PendingOffers;
}

/// <summary>A change someone may be watching: an application's status, or the waitlist moving.</summary>
/// <param name="Review">A summons or request changed (section 3): worth telling even before the opening round.</param>
public sealed record ApplicationChange(string CandidateId, ApplicationStatus Status, DateTimeOffset? Deadline, bool Review = false);

/// <summary>Why a formation refuses a complementary application, or null when it takes it.</summary>
public sealed record ComplementaryCheck(AdmissionError? Error, bool Reapplying);

/// <summary>
/// A formation's admission book: its applicants, the establishment's ranking, the offers it makes and
/// its counters. The formation is the authority on places and statuses; each candidate is the authority
/// on its own answers and tells the formation through messages.
/// </summary>
public sealed partial class FormationBook
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
    /// <summary>Applications found incomplete at the close: never transmitted, so not counted as applicants.</summary>
    public int Incomplete { get; set; }
    public bool ImmediateRelease { get; set; }

    /// <summary>2 May has passed: candidates see the work-study answers.</summary>
    public bool WorkStudyPublished { get; set; }

    /// <summary>Places opened to the complementary phase's new applicants; 0 when the formation does not take part.</summary>
    public int ComplementaryPlaces { get; set; }
    public List<string> ComplementaryRanking { get; set; } = [];
    public bool ComplementaryMerged { get; set; }
    public int NextReviewId { get; set; } = 1;

    public Outbox Outbox { get; set; } = new();
    public Inbox Inbox { get; set; } = new();

    /// <summary>Changes since the grain last published them; not persisted.</summary>
    [JsonIgnore] public List<ApplicationChange> Changes { get; } = [];
    [JsonIgnore] public bool WaitlistMoved { get; set; }

    [JsonIgnore] public CampaignCalendar Calendar => calendar ??= new CampaignCalendar(Info.Year);
    private CampaignCalendar? calendar;

    /// <summary>Applications transmitted to the establishment: an incomplete one never was (section 2).</summary>
    [JsonIgnore] public FormationCounters Counters => new(
        Info.Capacity, AcceptedProvisional, AcceptedDefinitive, PendingOffers, Waitlist, RankOfLastCalled, Applicants.Count - Incomplete);

    /// <summary>What a reader may see: everything is <c>submitted</c> until the opening round.</summary>
    public ApplicationStatus VisibleStatus(Applicant applicant) => applicant.Status switch
    {
        ApplicationStatus.Incomplete => ApplicationStatus.Incomplete,
        _ when Opened => applicant.Status,
        _ when WorkStudy && WorkStudyPublished => applicant.Status,
        _ => ApplicationStatus.Submitted,
    };

    [JsonIgnore] private bool WorkStudy => Info.Track == Track.WorkStudy;

    /// <summary>Where offers start looking: past everyone called in a classic formation; from the top in work-study,
    /// where a candidate whose contract is validated late is still called in rank order.</summary>
    [JsonIgnore] private int FirstCallable => WorkStudy ? 0 : NextToCall;

    public AdmissionError? Rank(IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained, DateTimeOffset now)
    {
        if (Calendar.AcceptsComplementaryRankings(now)) return RankComplementary(ranked, notRetained, now);
        if (!Calendar.AcceptsRankings(now) || Opened) return AdmissionError.WrongPhase;
        // An incomplete file was never transmitted: the establishment cannot rank it (section 2).
        if (CheckNames(ranked, notRetained, a => a.Status != ApplicationStatus.Incomplete, AdmissionError.NotAnApplicant) is { } error) return error;
        Ranking = [.. ranked];
        NotRetained = [.. notRetained];
        Outbox.Record(new Recorded(now, "ranking", null, Info.Id, $"{ranked.Count} ranked, {notRetained.Count} not retained"));
        return null;
    }

    /// <summary>24 June–7 July: the ranking of the complementary phase's new applications only.</summary>
    private AdmissionError? RankComplementary(IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained, DateTimeOffset now)
    {
        if (CheckNames(ranked, notRetained, a => a is { Complementary: true, Status: ApplicationStatus.Submitted }, AdmissionError.InvalidRanking) is { } error)
            return error;
        // The new applications it does not rank are not retained when it takes effect, named or not.
        ComplementaryRanking = [.. ranked];
        Outbox.Record(new Recorded(now, "rank-complementary", null, Info.Id, $"{ranked.Count} ranked, {notRetained.Count} not retained"));
        return null;
    }

    /// <summary>
    /// What every ranking checks: it names applicants of the formation (<c>not-an-applicant</c>) that it may rank
    /// (<paramref name="notRankable"/> otherwise), each once (<c>invalid-ranking</c>).
    /// </summary>
    private AdmissionError? CheckNames(IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained, Func<Applicant, bool> rankable, AdmissionError notRankable)
    {
        var names = ranked.Concat(notRetained).ToList();
        if (names.Any(id => !Applicants.ContainsKey(id))) return AdmissionError.NotAnApplicant;
        if (!names.All(id => rankable(Applicants[id]))) return notRankable;
        return names.Distinct().Count() == names.Count ? null : AdmissionError.InvalidRanking;
    }

    /// <summary>Registers an applicant; false when already there (a redelivered submission changes nothing).</summary>
    public bool Register(string candidateId, ApplicationSubmitted? submission = null, DateTimeOffset? closedFor = null)
    {
        var complementary = submission?.Complementary == true;
        if (Applicants.TryGetValue(candidateId, out var known))
        {
            // Section 5: a file refused as incomplete may apply again in the complementary phase.
            if (!complementary || known.Status != ApplicationStatus.Incomplete) return false;
            known.Complementary = true;
            known.Pieces = [.. submission!.Pieces ?? []];
            SetStatus(candidateId, known, ApplicationStatus.Submitted);
            return true;
        }
        var applicant = Applicants[candidateId] = new Applicant { Complementary = complementary, Pieces = [.. submission?.Pieces ?? []] };
        // A submission still in flight when the close ran is judged as the close would have judged it.
        if (!complementary && closedFor is { } now && now > Calendar.ApplicationCloses && MissingPieces(applicant).Any())
            SetStatus(candidateId, applicant, ApplicationStatus.Incomplete);
        return true;
    }

    private IEnumerable<string> MissingPieces(Applicant applicant) => Info.MandatoryPieces.Except(applicant.Pieces);

    /// <summary>The campaign's <c>immediate</c> mode offers a freed place at once in the main phase only; afterwards the morning round does.</summary>
    private bool ReleasesAtOnce(DateTimeOffset now) => ImmediateRelease && now <= Calendar.MainAdmissionEnd;

    /// <summary>Runs one piece of the campaign's schedule.</summary>
    public void Run(ScheduledWork work)
    {
        switch (work.Kind)
        {
            case WorkKind.MorningRound: RunRound(work.At); break;
            case WorkKind.DeadlineSweep: Sweep(work.At); break;
            case WorkKind.ApplicationClose: CloseApplications(work.At); break;
            case WorkKind.WorkStudyAnswers: PublishWorkStudyAnswers(work.At); break;
            case WorkKind.PreferenceDeadline: AskForPreferences(); break;
            case WorkKind.ProvisionalBecomesDefinitive: MakeAcceptancesDefinitive(work.At); break;
        }
    }

    /// <summary>Section 2: an application missing a mandatory piece at the close is incomplete and is not transmitted.</summary>
    private void CloseApplications(DateTimeOffset now)
    {
        var mandatory = Info.MandatoryPieces.ToList();
        if (mandatory.Count == 0) return;
        foreach (var (id, applicant) in Applicants)
        {
            if (applicant.Status != ApplicationStatus.Submitted || applicant.Complementary) continue;
            var missing = MissingPieces(applicant).ToList();
            if (missing.Count == 0) continue;
            SetStatus(id, applicant, ApplicationStatus.Incomplete);
            Outbox.Record(new Recorded(now, "incomplete", id, Info.Id, string.Join(",", missing)));
        }
    }

    /// <summary>2 May: the work-study answers are shown; an application left unanswered is not retained.</summary>
    private void PublishWorkStudyAnswers(DateTimeOffset now)
    {
        if (!WorkStudy || WorkStudyPublished) return;
        WorkStudyPublished = true;
        foreach (var (id, applicant) in Applicants)
        {
            if (applicant.Status != ApplicationStatus.Submitted || applicant.Complementary) continue;
            SetStatus(id, applicant, ApplicationStatus.NotRetained);
            Outbox.Record(new Recorded(now, "answer-work-study", id, Info.Id, "not-retained (unanswered)"));
        }
        // Every candidate sees the answer now, even those answered earlier.
        foreach (var (id, applicant) in Applicants)
            if (applicant.Status == ApplicationStatus.ContractSearch) Changes.Add(new ApplicationChange(id, applicant.Status, null));
    }

    /// <summary>24 June: asks every candidate still in this formation whether they ranked their applications.</summary>
    private void AskForPreferences()
    {
        foreach (var (id, applicant) in Applicants)
            if (IsRemaining(applicant)) Outbox.Add(id, new PreferenceDeadlinePassed());
    }

    /// <summary>An application still in play in the complementary phase: waiting, in contract search, new, or held.</summary>
    private static bool IsRemaining(Applicant applicant) => Waiting(applicant) || applicant.Status == ApplicationStatus.AcceptedProvisional;

    /// <summary>17 July: every provisional acceptance becomes definitive; each candidate is told, and leaves their waitlists.</summary>
    private void MakeAcceptancesDefinitive(DateTimeOffset now)
    {
        foreach (var (id, applicant) in Applicants)
        {
            if (applicant.Status != ApplicationStatus.AcceptedProvisional) continue;
            SetStatus(id, applicant, ApplicationStatus.AcceptedDefinitive);
            Outbox.Add(id, new AcceptanceMadeDefinitive());
            Outbox.Record(new Recorded(now, "accept-definitive-17-july", id, Info.Id));
        }
    }

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
        if (message is ApplicationSubmitted submitted) return Register(candidateId, submitted, now);
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return false;
        if (message is PiecesDeclared declared)
        {
            // What counts is the file at the close: a later upload changes nothing, an earlier one that arrives late does.
            var closed = now >= Calendar.ApplicationCloses;
            if ((closed && declared.At is null) || declared.At > Calendar.ApplicationCloses || applicant.Pieces.SequenceEqual(declared.Kinds)) return false;
            applicant.Pieces = [.. declared.Kinds];
            if (applicant is { Status: ApplicationStatus.Incomplete, Complementary: false } && !MissingPieces(applicant).Any())
                SetStatus(candidateId, applicant, ApplicationStatus.Submitted);
            return true;
        }
        // The round's cascade may reach this formation before its own round does: the new applications are admitted
        // first, as every formation's are at the start of that round, so that the outcome does not depend on the order.
        var merged = Opened && now >= Calendar.ComplementaryAdmissionRound && MergeComplementary(now);
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
            case WaitlistRenounced when Waiting(applicant):
                SetStatus(candidateId, applicant, ApplicationStatus.Renounced);
                break;
            case WaitlistReleased when Waiting(applicant):
                SetStatus(candidateId, applicant, ApplicationStatus.Released);
                break;
        }
        // An automatic answer's release is re-offered within the round, so the round's cascade reaches its fixpoint.
        if (freed && (ReleasesAtOnce(now) || message is OfferReleased { Cascade: true })) OfferFreePlaces(now);
        return merged || applicant.Status != before;
    }

    /// <summary>A candidate renounces this waitlist: answered at once, so the candidate can report <c>not-waitlisted</c>.</summary>
    public AdmissionError? Renounce(string candidateId, DateTimeOffset now)
    {
        if (!Applicants.TryGetValue(candidateId, out var applicant)) return AdmissionError.NotAnApplicant;
        if (!Waiting(applicant)) return AdmissionError.NotWaitlisted;
        SetStatus(candidateId, applicant, ApplicationStatus.Renounced);
        Outbox.Record(new Recorded(now, "renounce", candidateId, Info.Id));
        return null;
    }

    /// <summary>Waiting without an offer: on the waitlist, in contract search, or a new complementary application.</summary>
    private static bool Waiting(Applicant applicant) => applicant.Status is ApplicationStatus.Waitlisted or ApplicationStatus.ContractSearch
        || applicant is { Status: ApplicationStatus.Submitted, Complementary: true };

    /// <summary>Waitlist position of every waiting candidate: 1 + the waiting candidates ranked ahead.</summary>
    public Dictionary<string, int> Positions()
    {
        var positions = new Dictionary<string, int>();
        for (var i = FirstCallable; i < Ranking.Count; i++)
            if (Applicants[Ranking[i]].Status == ApplicationStatus.Waitlisted)
                positions[Ranking[i]] = positions.Count + 1;
        return positions;
    }

    public int? PositionOf(string candidateId)
    {
        if (!Applicants.TryGetValue(candidateId, out var applicant) || applicant.Status != ApplicationStatus.Waitlisted) return null;
        var position = 1;
        for (var i = FirstCallable; i < Ranking.Count && Ranking[i] != candidateId; i++)
            if (Applicants[Ranking[i]].Status == ApplicationStatus.Waitlisted) position++;
        return position;
    }

    private void Open()
    {
        Opened = true;
        if (WorkStudy)
        {
            // The ranking orders the work-study candidates; those in contract search it names in neither list follow,
            // by id. Its not-retained candidates take no rank.
            var named = Ranking.Concat(NotRetained).ToHashSet();
            Ranking.AddRange(Applicants.Where(a => a.Value.Status == ApplicationStatus.ContractSearch && !named.Contains(a.Key))
                .Select(a => a.Key).Order(StringComparer.Ordinal));
            for (var i = 0; i < Ranking.Count; i++) Applicants[Ranking[i]].Rank = i + 1;
            foreach (var id in NotRetained)
                if (Applicants[id].Status == ApplicationStatus.ContractSearch) SetStatus(id, Applicants[id], ApplicationStatus.NotRetained);
            return;
        }
        for (var i = 0; i < Ranking.Count; i++)
        {
            var applicant = Applicants[Ranking[i]];
            applicant.Rank = i + 1;
            if (applicant.Status == ApplicationStatus.Submitted) SetStatus(Ranking[i], applicant, ApplicationStatus.Waitlisted);
        }
        foreach (var (id, applicant) in Applicants)
            if (applicant.Rank == 0 && applicant.Status == ApplicationStatus.Submitted) SetStatus(id, applicant, ApplicationStatus.NotRetained);
    }

    /// <summary>8 July: the complementary ranking takes effect; its candidates follow the main ranking.</summary>
    private bool MergeComplementary(DateTimeOffset now)
    {
        if (ComplementaryMerged || now < Calendar.ComplementaryAdmission) return false;
        ComplementaryMerged = true;
        // A rank is the place in the ranking the establishment sent, even for one who left before it took effect (as in
        // the main phase): the access rate counts the ranks the establishment gave.
        foreach (var id in ComplementaryRanking)
        {
            var applicant = Applicants[id];
            Ranking.Add(id);
            applicant.Rank = Ranking.Count;
            if (applicant.Status == ApplicationStatus.Submitted)
                SetStatus(id, applicant, WorkStudy ? ApplicationStatus.ContractSearch : ApplicationStatus.Waitlisted);
        }
        foreach (var (id, applicant) in Applicants)
            if (applicant is { Complementary: true, Status: ApplicationStatus.Submitted }) SetStatus(id, applicant, ApplicationStatus.NotRetained);
        return true;
    }

    private void OfferFreePlaces(DateTimeOffset now)
    {
        if (!Opened || !Calendar.MakesOffers(now, Info.Track)) return;
        MergeComplementary(now);
        PromoteValidated(now);
        var free = Counters.Free;
        // New complementary applicants take at most the places opened to them.
        var complementaryFree = ComplementaryPlaces == 0 ? 0 : ComplementaryPlaces - Applicants.Values.Count(a => a.Complementary
            && a.Status is ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive);
        for (var i = FirstCallable; free > 0 && i < Ranking.Count; i++)
        {
            var id = Ranking[i];
            var applicant = Applicants[id];
            if (applicant.Status == ApplicationStatus.Waitlisted && applicant.Complementary && complementaryFree <= 0) break;
            if (!WorkStudy) NextToCall = i + 1;
            if (applicant.Status != ApplicationStatus.Waitlisted) continue;
            applicant.Deadline = Calendar.OfferDeadline(now, Info.Track);
            SetStatus(id, applicant, ApplicationStatus.Offer);
            RankOfLastCalled = Math.Max(RankOfLastCalled, applicant.Rank);
            Outbox.Add(id, new OfferMade(now, applicant.Deadline.Value));
            Outbox.Record(new Recorded(now, "offer", id, Info.Id, $"rank {applicant.Rank}, deadline {CampaignCalendar.Format(applicant.Deadline.Value)}"));
            free--;
            if (applicant.Complementary) complementaryFree--;
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
            case ApplicationStatus.Incomplete: Incomplete += delta; break;
        }
    }
}
