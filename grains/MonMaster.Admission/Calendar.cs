using System.Text.Json.Serialization;

namespace MonMaster.Admission;

/// <summary>
/// The phases of a campaign year, in order. Their JSON names are the members' own (<c>MainAdmission</c>), as the API
/// has always said them, whatever naming policy the serializer applies to other enums.
/// </summary>
public enum CampaignPhase
{
    [JsonStringEnumMemberName(nameof(Publication))] Publication,
    [JsonStringEnumMemberName(nameof(Application))] Application,
    [JsonStringEnumMemberName(nameof(Review))] Review,
    [JsonStringEnumMemberName(nameof(MainAdmission))] MainAdmission,
    [JsonStringEnumMemberName(nameof(Complementary))] Complementary,
    [JsonStringEnumMemberName(nameof(Withdrawals))] Withdrawals,
    [JsonStringEnumMemberName(nameof(Closed))] Closed,
}

/// <summary>
/// A campaign year's calendar. The 2025 brochure's month/day dates are the template for any year;
/// every instant is Europe/Paris wall time.
/// </summary>
public sealed class CampaignCalendar
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public CampaignCalendar(int year)
    {
        Year = year;
        Publication = At(2, 3);
        ApplicationOpens = At(2, 25);
        ApplicationCloses = EndOf(3, 24);
        RankingOpens = At(3, 31);
        RankingCloses = EndOf(6, 1);
        OpeningRound = At(6, 2, 6);
        MainAdmissionEnd = EndOf(6, 16);
        WorkStudyAnswersDue = EndOf(5, 1);
        WorkStudyAnswersPublished = At(5, 2);
        WorkStudyOffersOpen = At(6, 13, 6);
        WorkStudyWaitlistOpens = At(6, 13);
        ComplementaryOpens = At(6, 17);
        ComplementaryApplicationsClose = EndOf(6, 23);
        AutomaticAnswersStart = At(6, 24);
        ComplementaryRankingCloses = EndOf(7, 7);
        ComplementaryAdmission = At(7, 8);
        ComplementaryAdmissionRound = At(7, 8, 6);
        ComplementaryEnd = EndOf(7, 17);
        WithdrawalsOpen = At(7, 18);
        CampaignEnd = EndOf(8, 31);
    }

    public int Year { get; }
    public DateTimeOffset Publication { get; }
    public DateTimeOffset ApplicationOpens { get; }
    public DateTimeOffset ApplicationCloses { get; }
    public DateTimeOffset RankingOpens { get; }
    public DateTimeOffset RankingCloses { get; }
    public DateTimeOffset OpeningRound { get; }
    public DateTimeOffset MainAdmissionEnd { get; }
    /// <summary>Establishments answer work-study applications until 1 May; candidates see the answers on 2 May.</summary>
    public DateTimeOffset WorkStudyAnswersDue { get; }
    public DateTimeOffset WorkStudyAnswersPublished { get; }
    public DateTimeOffset WorkStudyOffersOpen { get; }
    /// <summary>13 June 00:00: from then a validated contract puts its candidate on the waitlist (offers follow at 06:00).</summary>
    public DateTimeOffset WorkStudyWaitlistOpens { get; }
    public DateTimeOffset ComplementaryOpens { get; }
    public DateTimeOffset ComplementaryApplicationsClose { get; }
    /// <summary>From 24 June every offer is answered by the candidate's preference order.</summary>
    public DateTimeOffset AutomaticAnswersStart { get; }
    public DateTimeOffset ComplementaryRankingCloses { get; }
    /// <summary>8 July: the new applications' answers (the complementary rankings) take effect.</summary>
    public DateTimeOffset ComplementaryAdmission { get; }
    /// <summary>The first round at or after <see cref="ComplementaryAdmission"/>: from then every formation has admitted its new applications.</summary>
    public DateTimeOffset ComplementaryAdmissionRound { get; }
    public DateTimeOffset ComplementaryEnd { get; }
    public DateTimeOffset WithdrawalsOpen { get; }
    public DateTimeOffset CampaignEnd { get; }

    public bool AcceptsApplications(DateTimeOffset now) => now >= ApplicationOpens && now <= ApplicationCloses;
    public bool AcceptsComplementaryApplications(DateTimeOffset now) => now >= ComplementaryOpens && now <= ComplementaryApplicationsClose;
    public bool AcceptsPreferences(DateTimeOffset now) => AcceptsComplementaryApplications(now);
    public bool AcceptsRankings(DateTimeOffset now) => now >= RankingOpens && now <= RankingCloses;
    public bool AcceptsComplementaryRankings(DateTimeOffset now) => now >= AutomaticAnswersStart && now <= ComplementaryRankingCloses;
    public bool AcceptsWorkStudyAnswers(DateTimeOffset now) => now >= RankingOpens && now <= WorkStudyAnswersDue;
    public bool AcceptsContracts(DateTimeOffset now) => now >= WorkStudyAnswersPublished && now <= CampaignEnd;
    /// <summary>Establishments open complementary places from the opening round until the new applications close.</summary>
    public bool AcceptsComplementaryPlaces(DateTimeOffset now) => now >= OpeningRound && now <= ComplementaryApplicationsClose;

    /// <summary>Answers run from the opening round to the end of the campaign (17–23 June only a held offer is left to answer).</summary>
    public bool AcceptsAnswers(DateTimeOffset now) => now >= OpeningRound && now <= CampaignEnd;

    /// <summary>Provisional acceptance exists until the end of the complementary phase; withdrawals take definitive answers only.</summary>
    public bool AcceptsProvisional(DateTimeOffset now) => now <= ComplementaryEnd;

    /// <summary>
    /// Section 3: establishments review applications 31 March–1 June (work-study: until their 1 May answers), and the
    /// complementary phase's new applications 24 June–7 July.
    /// </summary>
    public bool AcceptsReviews(DateTimeOffset now, bool complementary, Track track) => complementary
        ? AcceptsComplementaryRankings(now)
        : now >= RankingOpens && now <= (track == Track.WorkStudy ? WorkStudyAnswersDue : RankingCloses);

    /// <summary>Section 7: a referral is filed from 18 July, within 15 days (until 1 August 23:59:59).</summary>
    public bool AcceptsReferrals(DateTimeOffset now) => now >= WithdrawalsOpen && now <= WithdrawalsOpen.AddDays(15).AddSeconds(-1);

    /// <summary>The rector's office proposes places from 18 July to the end of the campaign.</summary>
    public bool AcceptsRectorProposals(DateTimeOffset now) => now >= WithdrawalsOpen && now <= CampaignEnd;

    /// <summary>Offers are answered automatically by the preference order during the complementary admission.</summary>
    public bool AnswersAutomatically(DateTimeOffset now) => now >= AutomaticAnswersStart && now <= ComplementaryEnd;

    /// <summary>
    /// Offers go out in the main phase (work-study from 13 June), not while candidates rank (17–23 June), then again
    /// through the complementary phase and the withdrawals until 31 August.
    /// </summary>
    public bool MakesOffers(DateTimeOffset now, Track track = Track.Classic) =>
        (now >= (track == Track.WorkStudy ? WorkStudyOffersOpen : OpeningRound) && now <= MainAdmissionEnd)
        || (now >= AutomaticAnswersStart && now <= CampaignEnd);

    public CampaignPhase PhaseAt(DateTimeOffset now) => now switch
    {
        _ when now < ApplicationOpens => CampaignPhase.Publication,
        _ when now < RankingOpens => CampaignPhase.Application,
        _ when now < OpeningRound => CampaignPhase.Review,
        _ when now < ComplementaryOpens => CampaignPhase.MainAdmission,
        _ when now < WithdrawalsOpen => CampaignPhase.Complementary,
        _ when now <= CampaignEnd => CampaignPhase.Withdrawals,
        _ => CampaignPhase.Closed,
    };

    /// <summary>
    /// Deadline of an offer made at <paramref name="madeAt"/>: main phase (brochure, section 4), or withdrawals
    /// (section 6: made 18 July–17 August → 18 August 23:59:59; 18–30 August → the next day; 31 August → that day).
    /// </summary>
    public DateTimeOffset OfferDeadline(DateTimeOffset madeAt, Track track = Track.Classic)
    {
        var day = DateOnly.FromDateTime(ToParis(madeAt).DateTime);
        if (day >= new DateOnly(Year, 7, 18))
        {
            if (day <= new DateOnly(Year, 8, 17)) return EndOf(8, 18);
            return day >= new DateOnly(Year, 8, 31) ? EndOf(8, 31) : EndOf(day.AddDays(1));
        }
        // Complementary offers are answered at once by the preference order; the deadline only bounds a stray one.
        if (day >= new DateOnly(Year, 6, 17)) return ComplementaryEnd;
        // Section 4: a work-study offer is answered until 16 June 23:59.
        if (track == Track.WorkStudy) return MainAdmissionEnd;
        if (day <= new DateOnly(Year, 6, 4)) return EndOf(6, 5);
        if (day >= new DateOnly(Year, 6, 16)) return EndOf(6, 16);
        return EndOf(day.AddDays(1));
    }

    /// <summary>
    /// The year's scheduled work, in time order: the close of applications (incomplete files), the 2 May work-study
    /// answers, deadline sweeps at 00:00 (3–17 June, 19 August–1 September), morning rounds at 06:00 (2–16 June,
    /// 24 June–31 August), the 24 June preference deadline and the 18 July 00:00 end of provisional acceptances.
    /// </summary>
    public IEnumerable<ScheduledWork> Schedule()
    {
        yield return new ScheduledWork(At(3, 25), WorkKind.ApplicationClose);
        yield return new ScheduledWork(WorkStudyAnswersPublished, WorkKind.WorkStudyAnswers);
        for (var day = new DateOnly(Year, 6, 2); day <= new DateOnly(Year, 9, 1); day = day.AddDays(1))
        {
            if ((day >= new DateOnly(Year, 6, 3) && day <= new DateOnly(Year, 6, 17)) || day >= new DateOnly(Year, 8, 19))
                yield return new ScheduledWork(Local(day, 0), WorkKind.DeadlineSweep);
            if (day == new DateOnly(Year, 6, 24)) yield return new ScheduledWork(Local(day, 0), WorkKind.PreferenceDeadline);
            if (day == new DateOnly(Year, 7, 18)) yield return new ScheduledWork(Local(day, 0), WorkKind.ProvisionalBecomesDefinitive);
            if (day <= new DateOnly(Year, 6, 16) || (day >= new DateOnly(Year, 6, 24) && day <= new DateOnly(Year, 8, 31)))
                yield return new ScheduledWork(Local(day, 6), WorkKind.MorningRound);
        }
    }

    /// <summary>The first scheduled work strictly after <paramref name="after"/>, if any.</summary>
    public ScheduledWork? NextWorkAfter(DateTimeOffset after)
    {
        foreach (var work in Schedule())
            if (work.At > after) return work;
        return null;
    }

    /// <summary>
    /// What the candidate may do about one application at <paramref name="now"/>, each until when (brochure, sections 4–6):
    /// answer an offer before its deadline (provisionally until the end of the complementary phase), confirm or give up
    /// a place held provisionally (it becomes definitive at the end of 17 July), leave a waitlist, file an employer
    /// contract while in contract search (2 May–31 August), answer an establishment's request before the date it set.
    /// The pages offer exactly these; the engine still judges each answer.
    /// </summary>
    public IReadOnlyList<OpenAction> CandidateActions(
        ApplicationStatus status, ContractState contract, DateTimeOffset? deadline, DateTimeOffset now, IEnumerable<ReviewRequest>? reviews = null)
    {
        var open = new List<OpenAction>();
        switch (status)
        {
            case ApplicationStatus.Offer when AcceptsAnswers(now) && (deadline is not { } due || now <= due):
                var until = Earliest(deadline, CampaignEnd);
                if (AcceptsProvisional(now)) open.Add(new(ApplicationAction.AcceptProvisional, Earliest(until, ComplementaryEnd)));
                open.Add(new(ApplicationAction.AcceptDefinitive, until));
                open.Add(new(ApplicationAction.Refuse, until));
                break;
            case ApplicationStatus.AcceptedProvisional when AcceptsAnswers(now) && AcceptsProvisional(now):
                open.Add(new(ApplicationAction.AcceptDefinitive, ComplementaryEnd));
                open.Add(new(ApplicationAction.Refuse, ComplementaryEnd));
                break;
            case ApplicationStatus.Waitlisted when AcceptsAnswers(now):
                open.Add(new(ApplicationAction.Renounce, CampaignEnd));
                break;
            case ApplicationStatus.ContractSearch when contract != ContractState.Validated && AcceptsContracts(now):
                open.Add(new(ApplicationAction.UploadContract, CampaignEnd));
                break;
        }
        foreach (var review in reviews ?? [])
            if (now <= review.AnswerBy) open.Add(new(ApplicationAction.AnswerReview, review.AnswerBy, review.Id));
        return open;
    }

    /// <summary>Section 5: the preference order is given 17–23 June, by a candidate who has not accepted a place definitively.</summary>
    public OpenAction? PreferenceAction(bool holdsDefinitive, DateTimeOffset now) =>
        AcceptsPreferences(now) && !holdsDefinitive ? new(ApplicationAction.RankPreferences, ComplementaryApplicationsClose) : null;

    /// <summary>
    /// What the establishment may do about one application at <paramref name="now"/> (sections 3–4): answer a work-study
    /// application that was transmitted (31 March–1 May), decide a pending employer contract (2 May–31 August).
    /// </summary>
    public IReadOnlyList<OpenAction> EstablishmentActions(Track track, ApplicationStatus status, ContractState contract, DateTimeOffset now)
    {
        var open = new List<OpenAction>();
        if (track != Track.WorkStudy) return open;
        if (AcceptsWorkStudyAnswers(now) && status != ApplicationStatus.Incomplete) open.Add(new(ApplicationAction.AnswerWorkStudy, WorkStudyAnswersDue));
        if (AcceptsContracts(now) && contract == ContractState.Pending) open.Add(new(ApplicationAction.DecideContract, CampaignEnd));
        return open;
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a window of <see cref="CandidateActions"/>,
    /// <see cref="PreferenceAction"/> or <see cref="EstablishmentActions"/> opens or closes by the calendar alone
    /// (a page reads its actions again then); null once the campaign is over.
    /// </summary>
    public DateTimeOffset? NextActionChangeAfter(DateTimeOffset now)
    {
        var second = TimeSpan.FromSeconds(1);
        DateTimeOffset[] boundaries =
        [
            RankingOpens, WorkStudyAnswersDue + second, WorkStudyAnswersPublished, OpeningRound, ComplementaryOpens,
            ComplementaryApplicationsClose + second, ComplementaryEnd + second, CampaignEnd + second,
        ];
        return boundaries.Where(b => b > now).Order().Cast<DateTimeOffset?>().FirstOrDefault();
    }

    /// <summary>The instant of the close of applications (25 March 00:00), when incomplete files are set aside.</summary>
    public DateTimeOffset ApplicationCloseWork => Schedule().First(w => w.Kind == WorkKind.ApplicationClose).At;

    private static readonly string[] Days = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
    private static readonly string[] Months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>
    /// « lundi 9 juin 2025 à 16:30 », Paris time, as the pages write a date: for messages a person reads (the hosts run
    /// with invariant globalization, so the French names are here).
    /// </summary>
    public static string Describe(DateTimeOffset instant)
    {
        var paris = ToParis(instant);
        return $"{Days[(int)paris.DayOfWeek]} {paris.Day} {Months[paris.Month - 1]} {paris.Year} à {paris.Hour:00}:{paris.Minute:00}";
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    public static DateTimeOffset ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris);

    public static string Format(DateTimeOffset instant) => ToParis(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private DateTimeOffset At(int month, int day, int hour = 0) => Local(new DateOnly(Year, month, day), hour);
    private DateTimeOffset EndOf(int month, int day) => EndOf(new DateOnly(Year, month, day));
    private static DateTimeOffset EndOf(DateOnly day) => Local(day, 23, 59, 59);

    private static DateTimeOffset Local(DateOnly day, int hour, int minute = 0, int second = 0)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute, second));
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }
}

public enum WorkKind
{
    DeadlineSweep,
    MorningRound,
    /// <summary>25 March 00:00: an application missing a mandatory piece becomes incomplete.</summary>
    ApplicationClose,
    /// <summary>2 May 00:00: work-study answers are shown; an unanswered work-study application is not retained.</summary>
    WorkStudyAnswers,
    /// <summary>24 June 00:00: who has not ranked their applications loses them; a held provisional offer becomes definitive.</summary>
    PreferenceDeadline,
    /// <summary>18 July 00:00 (end of 17 July): every provisional acceptance becomes definitive.</summary>
    ProvisionalBecomesDefinitive,
}

public sealed record ScheduledWork(DateTimeOffset At, WorkKind Kind);

/// <summary>What someone may do about an application, as the pages offer it; each names the route that does it.</summary>
public enum ApplicationAction
{
    /// <summary>Accept an offer keeping waitlists (<c>POST …/offers/{formationId}/accept</c>, mode provisional).</summary>
    AcceptProvisional,
    /// <summary>Accept an offer, or confirm a place held provisionally, leaving the procedure (mode definitive).</summary>
    AcceptDefinitive,
    /// <summary>Refuse an offer, or give up a place held provisionally (<c>…/offers/{formationId}/refuse</c>).</summary>
    Refuse,
    /// <summary>Leave a waitlist (<c>…/waitlists/{formationId}/renounce</c>).</summary>
    Renounce,
    /// <summary>File an employer contract (<c>PUT /api/candidates/{id}/contracts/{formationId}</c>).</summary>
    UploadContract,
    /// <summary>Answer an establishment's summons or request (<c>…/reviews/{requestId}/answer</c>).</summary>
    AnswerReview,
    /// <summary>Give the complementary phase's preference order (<c>PUT /api/candidates/{id}/preferences</c>).</summary>
    RankPreferences,
    /// <summary>The establishment answers a work-study application (<c>PUT /api/formations/{id}/work-study-answers/{candidateId}</c>).</summary>
    AnswerWorkStudy,
    /// <summary>The establishment validates or refuses a pending contract (<c>…/contracts/{candidateId}/validate|refuse</c>).</summary>
    DecideContract,
}

/// <summary>An action open now, until <paramref name="Until"/> (included); <paramref name="Review"/>: the request an answer is for.</summary>
public sealed record OpenAction(ApplicationAction Action, DateTimeOffset Until, int? Review = null);
