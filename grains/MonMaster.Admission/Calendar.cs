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
