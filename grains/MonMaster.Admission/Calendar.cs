namespace MonMaster.Admission;

/// <summary>The phases of a campaign year, in order.</summary>
public enum CampaignPhase
{
    Publication,
    Application,
    Review,
    MainAdmission,
    Complementary,
    Withdrawals,
    Closed,
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
        ComplementaryOpens = At(6, 17);
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
    public DateTimeOffset ComplementaryOpens { get; }
    public DateTimeOffset WithdrawalsOpen { get; }
    public DateTimeOffset CampaignEnd { get; }

    public bool AcceptsApplications(DateTimeOffset now) => now >= ApplicationOpens && now <= ApplicationCloses;
    public bool AcceptsRankings(DateTimeOffset now) => now >= RankingOpens && now <= RankingCloses;
    public bool AcceptsAnswers(DateTimeOffset now) => now >= OpeningRound && now <= MainAdmissionEnd;
    public bool MakesOffers(DateTimeOffset now) => now >= OpeningRound && now <= MainAdmissionEnd;

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
    public DateTimeOffset OfferDeadline(DateTimeOffset madeAt)
    {
        var day = DateOnly.FromDateTime(ToParis(madeAt).DateTime);
        if (day >= new DateOnly(Year, 7, 18))
        {
            if (day <= new DateOnly(Year, 8, 17)) return EndOf(8, 18);
            return day >= new DateOnly(Year, 8, 31) ? EndOf(8, 31) : EndOf(day.AddDays(1));
        }
        if (day <= new DateOnly(Year, 6, 4)) return EndOf(6, 5);
        if (day >= new DateOnly(Year, 6, 16)) return EndOf(6, 16);
        return EndOf(day.AddDays(1));
    }

    /// <summary>The schedule: deadline sweeps at 00:00 (3–17 June) and morning rounds at 06:00 (2–16 June).</summary>
    public IEnumerable<ScheduledWork> Schedule()
    {
        for (var day = new DateOnly(Year, 6, 2); day <= new DateOnly(Year, 6, 17); day = day.AddDays(1))
        {
            if (day >= new DateOnly(Year, 6, 3)) yield return new ScheduledWork(Local(day, 0), WorkKind.DeadlineSweep);
            if (day <= new DateOnly(Year, 6, 16)) yield return new ScheduledWork(Local(day, 6), WorkKind.MorningRound);
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

public enum WorkKind { DeadlineSweep, MorningRound }

public sealed record ScheduledWork(DateTimeOffset At, WorkKind Kind);
