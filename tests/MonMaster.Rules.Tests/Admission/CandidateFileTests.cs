using MonMaster.Admission;

namespace MonMaster.Tests.Admission;

/// <summary>A candidate's file alone: wishes, the one held offer, and the messages its answers send.</summary>
public sealed class CandidateFileTests
{
    private static readonly CampaignCalendar Calendar = new(2025);
    private static readonly DateTimeOffset Noon = Calendar.OpeningRound.AddHours(6);

    private static FormationInfo Formation(string id, string establishment = "E", string mention = "Informatique", Track track = Track.Classic) =>
        new(id, 2025, establishment, mention, id, track, 10);

    private static CandidateFile File(params FormationInfo[] formations)
    {
        var file = new CandidateFile { Id = "c", Year = 2025 };
        foreach (var f in formations) Assert.Null(file.Apply(f, Calendar.ApplicationOpens));
        return file;
    }

    [Fact]
    public void A_wish_is_a_mention_at_an_establishment_on_a_track()
    {
        var file = new CandidateFile { Id = "c", Year = 2025 };
        for (var i = 0; i < 15; i++) Assert.Null(file.Apply(Formation($"F{i}", $"E{i}"), Calendar.ApplicationOpens));
        Assert.Null(file.Apply(Formation("F0-bis", "E0"), Calendar.ApplicationOpens));  // another parcours of wish 1
        Assert.Equal(AdmissionError.WishLimit, file.Apply(Formation("F15", "E15"), Calendar.ApplicationOpens));
        Assert.Null(file.Apply(Formation("W1", "E15", track: Track.WorkStudy), Calendar.ApplicationOpens));
        Assert.Equal(AdmissionError.DuplicateApplication, file.Apply(Formation("F3", "E3"), Calendar.ApplicationOpens));
        Assert.Equal(AdmissionError.WrongPhase, file.Apply(Formation("G"), Calendar.ApplicationCloses.AddSeconds(1)));
    }

    [Fact]
    public void Accepting_releases_the_held_offer_and_every_other_pending_one()
    {
        var file = File(Formation("A"), Formation("B"), Formation("C"), Formation("W"));
        file.Outbox.Pending.Clear();
        foreach (var id in new[] { "A", "B", "C" }) file.Receive(id, new OfferMade(Calendar.OpeningRound, Calendar.OfferDeadline(Calendar.OpeningRound)), Noon);

        Assert.Null(file.Accept("A", AcceptMode.Provisional, ["W"], Noon));
        Assert.Equal("A", file.Held);
        Assert.Equal(AnswerState.Released, file.Applications["B"].State);
        Assert.Equal([("B", typeof(OfferReleased)), ("C", typeof(OfferReleased)), ("A", typeof(OfferAccepted))], ToFormations(file));
        Assert.Equal([("release", "B"), ("release", "C"), ("accept-provisional", "A")], History(file).Select(r => (r.Action, r.Formation!)));
        Assert.All(History(file), r => Assert.Equal((Noon, "c"), (r.At, r.Candidate!)));

        file.Outbox.Pending.Clear();
        Assert.Null(file.Accept("A", AcceptMode.Definitive, null, Noon));
        Assert.Equal([("A", typeof(OfferAccepted)), ("W", typeof(WaitlistReleased))], ToFormations(file));
        Assert.Equal("accept-definitive", Assert.Single(History(file)).Action);
        Assert.Equal(AdmissionError.NoOffer, file.Accept("A", AcceptMode.Definitive, null, Noon));
    }

    [Fact]
    public void Provisional_acceptance_renounces_the_waitlists_not_kept()
    {
        var file = File(Formation("A"), Formation("W1"), Formation("W2"));
        file.Outbox.Pending.Clear();
        file.Receive("A", new OfferMade(Calendar.OpeningRound, Calendar.OfferDeadline(Calendar.OpeningRound)), Noon);
        Assert.Null(file.Accept("A", AcceptMode.Provisional, ["W2", "elsewhere"], Noon));
        Assert.Equal([("A", typeof(OfferAccepted)), ("W1", typeof(WaitlistRenounced))], ToFormations(file));
    }

    [Fact]
    public void An_answer_after_the_deadline_is_refused_and_the_candidate_confirms_expiry()
    {
        var file = File(Formation("A"));
        var deadline = Calendar.OfferDeadline(Calendar.OpeningRound);
        file.Receive("A", new OfferMade(Calendar.OpeningRound, deadline), Noon);
        Assert.Equal(AdmissionError.OfferExpired, file.Accept("A", AcceptMode.Provisional, null, deadline.AddSeconds(1)));
        Assert.Equal(AdmissionError.OfferExpired, file.Refuse("A", deadline.AddSeconds(1)));
        file.Receive("A", new OfferDeadlinePassed(deadline), deadline);                  // not yet passed: ignored
        Assert.Equal(AnswerState.Offer, file.Applications["A"].State);
        file.Receive("A", new OfferDeadlinePassed(deadline), deadline.AddSeconds(1));
        Assert.Equal(AnswerState.Expired, file.Applications["A"].State);
        Assert.Equal(("A", typeof(OfferExpired)), ToFormations(file)[^1]);
        Assert.Equal(("expire", deadline.AddSeconds(1)), (History(file)[^1].Action, History(file)[^1].At));
        Assert.Equal(AdmissionError.OfferExpired, file.Accept("A", AcceptMode.Definitive, null, Noon));
    }

    [Fact]
    public void After_a_definitive_acceptance_a_late_offer_is_released_at_once()
    {
        var file = File(Formation("A"), Formation("B"));
        file.Receive("A", new OfferMade(Calendar.OpeningRound, Calendar.OfferDeadline(Calendar.OpeningRound)), Noon);
        Assert.Null(file.Accept("A", AcceptMode.Definitive, null, Noon));
        file.Receive("B", new OfferMade(Noon, Calendar.OfferDeadline(Noon)), Noon);
        Assert.Equal(AnswerState.Released, file.Applications["B"].State);
        Assert.Equal(("B", typeof(OfferReleased)), ToFormations(file)[^1]);
        Assert.Equal(("release", "B"), (History(file)[^1].Action, History(file)[^1].Formation!));
    }

    [Fact]
    public void Every_application_is_a_history_line_with_its_time()
    {
        var file = File(Formation("A"), Formation("B"));
        Assert.Equal([("apply", "A"), ("apply", "B")], History(file).Select(r => (r.Action, r.Formation!)));
        Assert.All(History(file), r => Assert.Equal(Calendar.ApplicationOpens, r.At));
        Assert.Equal(AdmissionError.DuplicateApplication, file.Apply(Formation("A"), Calendar.ApplicationOpens));
        Assert.Equal(2, History(file).Count); // a refused action leaves no line
    }

    private static List<(string To, Type Kind)> ToFormations(CandidateFile file) =>
        [.. file.Outbox.Pending.Where(e => e.Message is not Recorded).Select(e => (e.To, e.Message.GetType()))];

    private static List<Recorded> History(CandidateFile file) =>
        [.. file.Outbox.Pending.Where(e => e.To == Recorded.Address).Select(e => (Recorded)e.Message)];

    [Fact]
    public void Inbox_applies_each_message_once()
    {
        var inbox = new Inbox();
        Assert.True(inbox.TryAccept("F", 1));
        Assert.False(inbox.TryAccept("F", 1));
        Assert.True(inbox.TryAccept("G", 1));
        Assert.True(inbox.TryAccept("F", 2));
        Assert.False(inbox.TryAccept("F", 1));
    }
}
