using MonMaster.Admission;

namespace MonMaster.Tests.Admission;

/// <summary>The brochure's calendar, alone: no Orleans, no clock but the one given.</summary>
public sealed class CalendarTests
{
    private static readonly CampaignCalendar Calendar = new(2025);

    private static DateTimeOffset Paris(int month, int day, int hour = 0, int minute = 0, int second = 0)
    {
        var local = new DateTime(2025, month, day, hour, minute, second);
        return new DateTimeOffset(local, CampaignCalendar.Paris.GetUtcOffset(local));
    }

    [Theory]
    [InlineData(2, 6, 5)]   // 2–4 June → 5 June 23:59:59
    [InlineData(3, 6, 5)]
    [InlineData(4, 6, 5)]
    [InlineData(5, 6, 6)]   // 5–15 June → the next day
    [InlineData(10, 6, 11)]
    [InlineData(15, 6, 16)]
    [InlineData(16, 6, 16)] // 16 June → the same evening
    public void Offer_deadlines_follow_the_brochure(int offerDay, int month, int deadlineDay)
    {
        foreach (var hour in new[] { 0, 6, 23 })
            Assert.Equal(Paris(month, deadlineDay, 23, 59, 59), Calendar.OfferDeadline(Paris(6, offerDay, hour)));
    }

    [Theory]
    [InlineData(7, 18, 8, 18)]  // 18 July–17 August → 18 August 23:59:59
    [InlineData(8, 1, 8, 18)]
    [InlineData(8, 17, 8, 18)]
    [InlineData(8, 18, 8, 19)]  // 18–30 August → the next day
    [InlineData(8, 25, 8, 26)]
    [InlineData(8, 30, 8, 31)]
    [InlineData(8, 31, 8, 31)]  // 31 August → the same evening
    public void Withdrawal_offer_deadlines_follow_the_brochure(int month, int offerDay, int deadlineMonth, int deadlineDay)
    {
        foreach (var hour in new[] { 0, 6, 23 })
            Assert.Equal(Paris(deadlineMonth, deadlineDay, 23, 59, 59), Calendar.OfferDeadline(Paris(month, offerDay, hour)));
    }

    [Fact]
    public void Deadlines_are_Paris_time_whatever_offset_the_offer_time_carries()
    {
        // 4 June 23:30 in Paris is 4 June 21:30 UTC, still a "2–4 June" offer; 5 June 00:30 in Paris is 4 June 22:30 UTC.
        Assert.Equal(Paris(6, 5, 23, 59, 59), Calendar.OfferDeadline(new DateTimeOffset(2025, 6, 4, 21, 30, 0, TimeSpan.Zero)));
        Assert.Equal(Paris(6, 6, 23, 59, 59), Calendar.OfferDeadline(new DateTimeOffset(2025, 6, 4, 22, 30, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromHours(2), Calendar.OfferDeadline(Paris(6, 2, 6)).Offset);
    }

    [Fact]
    public void Windows_include_their_last_second_and_not_the_next()
    {
        Assert.False(Calendar.AcceptsApplications(Paris(2, 24, 23, 59, 59)));
        Assert.True(Calendar.AcceptsApplications(Paris(2, 25)));
        Assert.True(Calendar.AcceptsApplications(Paris(3, 24, 23, 59, 59)));
        Assert.False(Calendar.AcceptsApplications(Paris(3, 25)));
        Assert.False(Calendar.AcceptsRankings(Paris(3, 30, 23, 59, 59)));
        Assert.True(Calendar.AcceptsRankings(Paris(3, 31)));
        Assert.True(Calendar.AcceptsRankings(Paris(6, 1, 23, 59, 59)));
        Assert.False(Calendar.AcceptsRankings(Paris(6, 2)));
        Assert.False(Calendar.AcceptsAnswers(Paris(6, 2, 5, 59, 59)));
        Assert.True(Calendar.AcceptsAnswers(Paris(6, 2, 6)));
        Assert.True(Calendar.AcceptsAnswers(Paris(8, 31, 23, 59, 59)));
        Assert.False(Calendar.AcceptsAnswers(Paris(9, 1)));
        // Section 4: work-study answers until 1 May, shown on 2 May; contracts from 2 May.
        Assert.True(Calendar.AcceptsWorkStudyAnswers(Paris(5, 1, 23, 59, 59)));
        Assert.False(Calendar.AcceptsWorkStudyAnswers(Paris(5, 2)));
        Assert.False(Calendar.AcceptsContracts(Paris(5, 1, 23, 59, 59)));
        Assert.True(Calendar.AcceptsContracts(Paris(5, 2)));
        // Section 5: new applications and the preference order 17–23 June; complementary rankings 24 June–7 July.
        Assert.False(Calendar.AcceptsComplementaryApplications(Paris(6, 16, 23, 59, 59)));
        Assert.True(Calendar.AcceptsComplementaryApplications(Paris(6, 17)));
        Assert.True(Calendar.AcceptsPreferences(Paris(6, 23, 23, 59, 59)));
        Assert.False(Calendar.AcceptsPreferences(Paris(6, 24)));
        Assert.True(Calendar.AcceptsComplementaryRankings(Paris(7, 7, 23, 59, 59)));
        Assert.False(Calendar.AcceptsComplementaryRankings(Paris(7, 8)));
        // Section 6: no provisional acceptance from 18 July.
        Assert.True(Calendar.AcceptsProvisional(Paris(7, 17, 23, 59, 59)));
        Assert.False(Calendar.AcceptsProvisional(Paris(7, 18)));
    }

    [Fact]
    public void Offers_stop_while_candidates_rank_and_work_study_offers_start_on_13_June()
    {
        Assert.False(Calendar.MakesOffers(Paris(6, 12, 23, 59, 59), Track.WorkStudy));
        Assert.True(Calendar.MakesOffers(Paris(6, 12, 23, 59, 59), Track.Classic));
        Assert.True(Calendar.MakesOffers(Paris(6, 13, 6), Track.WorkStudy));
        Assert.False(Calendar.MakesOffers(Paris(6, 17)));
        Assert.False(Calendar.MakesOffers(Paris(6, 23, 23, 59, 59)));
        Assert.True(Calendar.MakesOffers(Paris(6, 24)));
        Assert.True(Calendar.MakesOffers(Paris(8, 31, 23, 59, 59), Track.WorkStudy));
        Assert.False(Calendar.MakesOffers(Paris(9, 1)));
        // A work-study offer is answered until 16 June 23:59:59, whatever day it was made.
        Assert.Equal(Paris(6, 16, 23, 59, 59), Calendar.OfferDeadline(Paris(6, 13, 6), Track.WorkStudy));
        Assert.Equal(Paris(6, 14, 23, 59, 59), Calendar.OfferDeadline(Paris(6, 13, 6), Track.Classic));
    }

    [Fact]
    public void The_schedule_runs_the_whole_year_in_time_order()
    {
        var schedule = Calendar.Schedule().ToList();
        // Rounds 2–16 June (15) and 24 June–31 August (69); sweeps 3–17 June (15) and 19 August–1 September (14).
        Assert.Equal(15 + 69, schedule.Count(w => w.Kind == WorkKind.MorningRound));
        Assert.Equal(15 + 14, schedule.Count(w => w.Kind == WorkKind.DeadlineSweep));
        Assert.Equal(new ScheduledWork(Paris(3, 25), WorkKind.ApplicationClose), schedule[0]);
        Assert.Equal(new ScheduledWork(Paris(5, 2), WorkKind.WorkStudyAnswers), schedule[1]);
        Assert.Equal(new ScheduledWork(Paris(6, 2, 6), WorkKind.MorningRound), schedule[2]);
        Assert.Contains(new ScheduledWork(Paris(6, 24), WorkKind.PreferenceDeadline), schedule);
        Assert.Contains(new ScheduledWork(Paris(7, 18), WorkKind.ProvisionalBecomesDefinitive), schedule);
        Assert.Equal(new ScheduledWork(Paris(9, 1), WorkKind.DeadlineSweep), schedule[^1]);
        Assert.Equal(schedule.OrderBy(w => w.At), schedule);
        Assert.Equal(Paris(6, 3), Calendar.NextWorkAfter(Paris(6, 2, 6))!.At);
        // Nothing runs while candidates rank (17–23 June) but the 17 June sweep.
        Assert.Equal(new ScheduledWork(Paris(6, 24), WorkKind.PreferenceDeadline), Calendar.NextWorkAfter(Paris(6, 17)));
        Assert.Null(Calendar.NextWorkAfter(Paris(9, 1)));
    }

    [Theory]
    [InlineData(2, 3, CampaignPhase.Publication)]
    [InlineData(2, 25, CampaignPhase.Application)]
    [InlineData(4, 15, CampaignPhase.Review)]
    [InlineData(6, 10, CampaignPhase.MainAdmission)]
    [InlineData(7, 1, CampaignPhase.Complementary)]
    [InlineData(8, 31, CampaignPhase.Withdrawals)]
    [InlineData(12, 1, CampaignPhase.Closed)]
    public void Phases_follow_the_calendar(int month, int day, CampaignPhase phase) =>
        Assert.Equal(phase, Calendar.PhaseAt(Paris(month, day, 12)));

    [Fact]
    public void Another_year_uses_the_same_dates_with_its_own_daylight_saving()
    {
        var calendar = new CampaignCalendar(2026);
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 6, 0, 0, TimeSpan.FromHours(2)), calendar.OpeningRound);
        Assert.Equal(new DateTimeOffset(2026, 2, 25, 0, 0, 0, TimeSpan.FromHours(1)), calendar.ApplicationOpens);
    }
}
