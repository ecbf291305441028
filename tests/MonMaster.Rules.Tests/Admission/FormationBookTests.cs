using MonMaster.Admission;

namespace MonMaster.Tests.Admission;

/// <summary>A formation's book alone: ranking, opening round, strict rank order, counters, messages out.</summary>
public sealed class FormationBookTests
{
    private static readonly CampaignCalendar Calendar = new(2025);

    private static FormationBook Book(int capacity, bool immediate = false, params string[] applicants)
    {
        var book = new FormationBook
        {
            Info = new FormationInfo("F", 2025, "E", "Informatique", "IA", Track.Classic, capacity),
            ImmediateRelease = immediate,
        };
        foreach (var id in applicants) book.Register(id);
        return book;
    }

    [Fact]
    public void The_opening_round_offers_the_places_in_rank_order_and_waitlists_the_rest()
    {
        var book = Book(2, false, "a", "b", "c", "d", "e");
        Assert.Null(book.Rank(["c", "a", "e", "b"], ["d"], Calendar.RankingOpens));
        book.RunRound(Calendar.OpeningRound);

        Assert.Equal(ApplicationStatus.Offer, book.Applicants["c"].Status);
        Assert.Equal(ApplicationStatus.Offer, book.Applicants["a"].Status);
        Assert.Equal(ApplicationStatus.NotRetained, book.Applicants["d"].Status);
        Assert.Equal(new Dictionary<string, int> { ["e"] = 1, ["b"] = 2 }, book.Positions());
        Assert.Equal(new FormationCounters(2, 0, 0, 2, 2, 2, 5), book.Counters);
        var offers = book.Outbox.Pending.Where(e => e.Message is OfferMade).ToList();
        Assert.Equal(["c", "a"], offers.Select(e => e.To));
        Assert.All(offers, e => Assert.Equal(new OfferMade(Calendar.OpeningRound, Calendar.OfferDeadline(Calendar.OpeningRound)), e.Message));
        // The ranking and each offer are history lines; the 2.6 million waitlist placements are not (they follow from both).
        Assert.Equal(
            [("ranking", (string?)null, "4 ranked, 1 not retained"), ("offer", "c", "rank 1, deadline 2025-06-05T23:59:59+02:00"), ("offer", "a", "rank 2, deadline 2025-06-05T23:59:59+02:00")],
            book.Outbox.Pending.Where(e => e.To == Recorded.Address).Select(e => (Recorded)e.Message).Select(r => (r.Action, r.Candidate, r.Detail)));
    }

    [Fact]
    public void A_ranking_naming_a_stranger_or_a_duplicate_is_refused_whole_and_a_later_one_replaces_it()
    {
        var book = Book(1, false, "a", "b");
        Assert.Equal(AdmissionError.NotAnApplicant, book.Rank(["a", "x"], [], Calendar.RankingOpens));
        Assert.Equal(AdmissionError.InvalidRanking, book.Rank(["a"], ["a"], Calendar.RankingOpens));
        Assert.Equal(AdmissionError.WrongPhase, book.Rank(["a"], [], Calendar.RankingOpens.AddSeconds(-1)));
        Assert.Empty(book.Ranking);
        Assert.Null(book.Rank(["a", "b"], [], Calendar.RankingOpens));
        Assert.Null(book.Rank(["b"], ["a"], Calendar.RankingCloses));
        Assert.Equal(["b"], book.Ranking);
    }

    [Fact]
    public void A_released_place_waits_for_the_morning_in_daily_mode_and_goes_at_once_in_immediate_mode()
    {
        foreach (var immediate in new[] { false, true })
        {
            var book = Book(1, immediate, "a", "b");
            book.Rank(["a", "b"], [], Calendar.RankingOpens);
            book.RunRound(Calendar.OpeningRound);
            var noon = Calendar.OpeningRound.AddHours(6);
            book.Receive("a", new OfferRefused(), noon);
            Assert.Equal(immediate ? ApplicationStatus.Offer : ApplicationStatus.Waitlisted, book.Applicants["b"].Status);
            book.RunRound(Calendar.OpeningRound.AddDays(1));
            Assert.Equal(ApplicationStatus.Offer, book.Applicants["b"].Status);
            Assert.Equal(2, book.RankOfLastCalled);
        }
    }

    [Fact]
    public void The_sweep_asks_candidates_to_confirm_expiry_and_only_their_confirmation_frees_the_place()
    {
        var book = Book(1, true, "a", "b");
        book.Rank(["a", "b"], [], Calendar.RankingOpens);
        book.RunRound(Calendar.OpeningRound);
        var sweep = Calendar.OfferDeadline(Calendar.OpeningRound).AddSeconds(1);
        book.Sweep(sweep);
        Assert.Equal(new OfferDeadlinePassed(Calendar.OfferDeadline(Calendar.OpeningRound)), book.Outbox.Pending.Last(e => e.To == "a").Message);
        Assert.Equal(ApplicationStatus.Offer, book.Applicants["a"].Status);
        book.Receive("a", new OfferExpired(), sweep);
        Assert.Equal(ApplicationStatus.Expired, book.Applicants["a"].Status);
        Assert.Equal(ApplicationStatus.Offer, book.Applicants["b"].Status);
        Assert.Equal(Calendar.OfferDeadline(sweep), book.Applicants["b"].Deadline);
    }

    [Fact]
    public void Before_the_opening_everyone_reads_submitted()
    {
        var book = Book(1, false, "a");
        book.Rank(["a"], [], Calendar.RankingOpens);
        Assert.Equal(ApplicationStatus.Submitted, book.VisibleStatus(book.Applicants["a"]));
        book.RunRound(Calendar.OpeningRound);
        Assert.Equal(ApplicationStatus.Offer, book.VisibleStatus(book.Applicants["a"]));
    }

    private static FormationBook AskingForALetter() => new()
    {
        Info = new FormationInfo("F", 2025, "E", "Informatique", "IA", Track.Classic, 1, [new RequiredPiece("cover-letter", true), new RequiredPiece("cv", false)]),
    };

    [Fact]
    public void Messages_still_in_flight_at_the_close_are_judged_as_the_close_would_have_judged_them()
    {
        var book = AskingForALetter();
        var close = new ScheduledWork(Calendar.ApplicationCloses.AddSeconds(1), WorkKind.ApplicationClose);
        var late = Calendar.ApplicationCloses.AddSeconds(5);
        book.Register("early", new ApplicationSubmitted(Pieces: []), Calendar.ApplicationOpens);
        book.Register("complete", new ApplicationSubmitted(Pieces: ["cover-letter"]), Calendar.ApplicationOpens);
        book.Run(close);
        Assert.Equal(ApplicationStatus.Incomplete, book.Applicants["early"].Status);
        Assert.Equal(ApplicationStatus.Submitted, book.Applicants["complete"].Status);

        // An application sent before the close that arrives after it, without the letter: incomplete; with it: transmitted.
        Assert.True(book.Receive("slow", new ApplicationSubmitted(Pieces: ["cv"]), late));
        Assert.Equal(ApplicationStatus.Incomplete, book.Applicants["slow"].Status);
        Assert.True(book.Receive("slow-complete", new ApplicationSubmitted(Pieces: ["cover-letter"]), late));
        Assert.Equal(ApplicationStatus.Submitted, book.Applicants["slow-complete"].Status);

        // A letter uploaded before the close whose notice arrives after it still counts; one uploaded after does not.
        Assert.True(book.Receive("early", new PiecesDeclared(["cover-letter"], Calendar.ApplicationCloses.AddMinutes(-1)), late));
        Assert.Equal(ApplicationStatus.Submitted, book.Applicants["early"].Status);
        Assert.False(book.Receive("slow", new PiecesDeclared(["cv", "cover-letter"], late), late));
        Assert.Equal(ApplicationStatus.Incomplete, book.Applicants["slow"].Status);
        // Transmitted: early, complete and slow-complete; slow never was.
        Assert.Equal(3, book.Counters.Applicants);
    }
}
