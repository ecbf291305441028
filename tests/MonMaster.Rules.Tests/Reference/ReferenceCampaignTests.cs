using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MonMaster.Tests.Reference;

public sealed class ReferenceCampaignTests
{
    // =========================================================================================
    // Helpers
    // =========================================================================================

    private static readonly TimeZoneInfo ParisZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>"2025-06-02T06:00:00" (Paris wall time) → "2025-06-02T06:00:00+02:00".</summary>
    private static string T(string parisLocal)
    {
        var local = DateTime.Parse(parisLocal, CultureInfo.InvariantCulture, DateTimeStyles.None);
        var offset = ParisZone.GetUtcOffset(local);
        return parisLocal + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    private sealed class Scenario
    {
        private readonly JsonObject _campaign = new() { ["year"] = 2025 };
        private readonly JsonArray _formations = [];
        private readonly JsonArray _candidates = [];
        private readonly JsonArray _events = [];

        public Scenario Release(string offerRelease)
        {
            _campaign["offerRelease"] = offerRelease;
            return this;
        }

        /// <summary>Declares a formation. By default every formation is its own wish (mention = id).</summary>
        public Scenario Formation(string id, int capacity, string establishment = "E1", string? mention = null,
            string parcours = "P", string track = "classic")
        {
            _formations.Add(new JsonObject
            {
                ["id"] = id, ["establishment"] = establishment, ["mention"] = mention ?? id,
                ["parcours"] = parcours, ["track"] = track, ["capacity"] = capacity,
            });
            return this;
        }

        /// <summary>Declares a formation asking for mandatory pieces.</summary>
        public Scenario FormationWithPieces(string id, int capacity, params string[] mandatoryPieces)
        {
            Formation(id, capacity);
            _formations[^1]!["pieces"] = new JsonArray([.. mandatoryPieces.Select(k => (JsonNode?)new JsonObject { ["kind"] = k, ["mandatory"] = true })]);
            return this;
        }

        public Scenario Referral(string candidate, string region, string licenceYear)
        {
            if (!_candidates.Any(n => (string?)n!["id"] == candidate))
            {
                Candidates(candidate);
            }

            _candidates.Single(n => (string?)n!["id"] == candidate)!["referral"] = new JsonObject { ["region"] = region, ["licenceYear"] = licenceYear };
            return this;
        }

        public Scenario Candidates(params string[] ids)
        {
            foreach (string id in ids)
            {
                _candidates.Add(new JsonObject { ["id"] = id });
            }

            return this;
        }

        /// <summary>Formation + ranking: each ranked candidate (declared here if needed) applies on 1 Mar, ranking on 1 Apr.</summary>
        public Scenario Ranked(string formation, int capacity, params string[] ranked)
        {
            Formation(formation, capacity);
            foreach (string c in ranked)
            {
                if (!_candidates.Any(n => (string?)n!["id"] == c))
                {
                    Candidates(c);
                }

                Apply("2025-03-01T10:00:00", c, formation);
            }

            return Rank("2025-04-01T10:00:00", formation, ranked);
        }

        private Scenario Event(string at, string type, JsonObject fields)
        {
            fields["at"] = T(at);
            fields["type"] = type;
            _events.Add(fields);
            return this;
        }

        public Scenario Apply(string at, string c, string f) =>
            Event(at, "apply", new JsonObject { ["candidate"] = c, ["formation"] = f });

        public Scenario Rank(string at, string f, string[] ranked, string[]? notRetained = null) =>
            Event(at, "rank", new JsonObject { ["formation"] = f, ["ranked"] = Array(ranked), ["notRetained"] = Array(notRetained ?? []) });

        public Scenario Accept(string at, string c, string f, string mode = "provisional", string[]? keepWaitlists = null)
        {
            var fields = new JsonObject { ["candidate"] = c, ["formation"] = f, ["mode"] = mode };
            if (keepWaitlists is not null)
            {
                fields["keepWaitlists"] = Array(keepWaitlists);
            }

            return Event(at, "accept", fields);
        }

        public Scenario Refuse(string at, string c, string f) =>
            Event(at, "refuse", new JsonObject { ["candidate"] = c, ["formation"] = f });

        public Scenario Renounce(string at, string c, string f) =>
            Event(at, "renounce", new JsonObject { ["candidate"] = c, ["formation"] = f });

        public Scenario UploadPiece(string at, string c, string piece) =>
            Event(at, "upload-piece", new JsonObject { ["candidate"] = c, ["piece"] = piece });

        public Scenario AnswerWorkStudy(string at, string f, string c, string answer) =>
            Event(at, "answer-work-study", new JsonObject { ["formation"] = f, ["candidate"] = c, ["answer"] = answer });

        public Scenario UploadContract(string at, string c, string f) =>
            Event(at, "upload-contract", new JsonObject { ["candidate"] = c, ["formation"] = f });

        public Scenario ValidateContract(string at, string f, string c) =>
            Event(at, "validate-contract", new JsonObject { ["formation"] = f, ["candidate"] = c });

        public Scenario RefuseContract(string at, string f, string c) =>
            Event(at, "refuse-contract", new JsonObject { ["formation"] = f, ["candidate"] = c });

        public Scenario OpenComplementary(string at, string f, int places) =>
            Event(at, "open-complementary", new JsonObject { ["formation"] = f, ["places"] = places });

        public Scenario Preference(string at, string c, params string[] formations) =>
            Event(at, "preference", new JsonObject { ["candidate"] = c, ["formations"] = Array(formations) });

        private static JsonArray Array(string[] items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);

        /// <summary>
        /// The scenario as JSON. With <paramref name="until"/>, events later than it are left out (a snapshot of the
        /// campaign at that time); they must be a suffix of the file so that event indices are unchanged.
        /// </summary>
        public string Json(string? until)
        {
            var events = new JsonArray();
            bool cut = false;
            foreach (var e in _events)
            {
                bool later = until is not null
                             && DateTimeOffset.Parse((string)e!["at"]!, CultureInfo.InvariantCulture) > DateTimeOffset.Parse(T(until), CultureInfo.InvariantCulture);
                Assert.False(cut && !later, "test bug: a snapshot must cut a suffix of the events");
                cut |= later;
                if (!later)
                {
                    events.Add(e!.DeepClone());
                }
            }

            var root = new JsonObject
            {
                ["campaign"] = _campaign.DeepClone(),
                ["formations"] = _formations.DeepClone(),
                ["candidates"] = _candidates.DeepClone(),
                ["events"] = events,
            };
            if (until is not null)
            {
                root["until"] = T(until);
            }

            return root.ToJsonString();
        }

        public Result Run(string? until = null) => new(ReferenceCampaign.Run(Json(until)));
    }

    private sealed record Result(JsonObject Json)
    {
        private JsonObject App(string c, string f) => Json["candidates"]![c]!["applications"]![f]!.AsObject();

        public JsonObject Applications(string c) => Json["candidates"]![c]!["applications"]!.AsObject();

        public string Status(string c, string f) => (string)App(c, f)["status"]!;

        public int? Position(string c, string f) => (int?)App(c, f)["position"];

        public string? Deadline(string c, string f) => (string?)App(c, f)["deadline"];

        public bool HasApplication(string c, string f) => Applications(c).ContainsKey(f);

        public string? Contract(string c, string f) => (string?)App(c, f)["contract"];

        public decimal? AccessRate(string f) => (decimal?)Json["accessRates"]![f];

        public (bool Eligible, List<string> Unmet) Referral(string c)
        {
            var o = Json["referralEligibility"]![c]!;
            return ((bool)o["eligible"]!, [.. o["unmet"]!.AsArray().Select(u => (string)u!)]);
        }

        /// <summary>(acceptedProvisional, acceptedDefinitive, pendingOffers, waitlist, rankOfLastCalled).</summary>
        public (int Prov, int Def, int Pending, int Waitlist, int LastCalled) Counters(string f)
        {
            var o = Json["formations"]![f]!;
            return ((int)o["acceptedProvisional"]!, (int)o["acceptedDefinitive"]!, (int)o["pendingOffers"]!,
                (int)o["waitlist"]!, (int)o["rankOfLastCalled"]!);
        }

        public List<(int Event, string Error)> Rejected =>
            [.. Json["rejected"]!.AsArray().Select(r => ((int)r!["event"]!, (string)r["error"]!))];

        public void Waitlisted(string c, string f, int position)
        {
            Assert.Equal("waitlisted", Status(c, f));
            Assert.Equal(position, Position(c, f));
            Assert.Null(Deadline(c, f));
        }

        public void Offer(string c, string f, string deadlineParisLocal)
        {
            Assert.Equal("offer", Status(c, f));
            Assert.Equal(T(deadlineParisLocal), Deadline(c, f));
            Assert.Null(Position(c, f));
        }

        public void Is(string c, string f, string status)
        {
            Assert.Equal(status, Status(c, f));
            Assert.Null(Position(c, f));
            Assert.Null(Deadline(c, f));
        }
    }

    // =========================================================================================
    // Rule 1: applications
    // =========================================================================================

    [Fact]
    public void Apply_window_edges_are_inclusive_to_the_second()
    {
        var r = new Scenario()
            .Formation("A", 1).Formation("B", 1).Formation("C", 1).Formation("D", 1).Candidates("C1")
            .Apply("2025-02-24T23:59:59", "C1", "A")
            .Apply("2025-02-25T00:00:00", "C1", "B")
            .Apply("2025-03-24T23:59:59", "C1", "C")
            .Apply("2025-03-25T00:00:00", "C1", "D")
            .Run();

        Assert.Equal([(0, "wrong-phase"), (3, "wrong-phase")], r.Rejected);
        Assert.False(r.HasApplication("C1", "A"));
        r.Is("C1", "B", "submitted");
        r.Is("C1", "C", "submitted");
        Assert.False(r.HasApplication("C1", "D"));
        Assert.Equal(2, r.Applications("C1").Count);
    }

    [Fact]
    public void A_wish_is_establishment_mention_track_and_the_16th_classic_wish_is_refused()
    {
        var s = new Scenario().Candidates("C1", "C2");
        for (int i = 1; i <= 16; i++)
        {
            s.Formation($"K{i}", 1, mention: $"M{i}");
        }

        s.Formation("K1bis", 1, mention: "M1", parcours: "other") // same wish as K1
            .Formation("K1E2", 1, establishment: "E2", mention: "M1") // another establishment: another wish
            .Formation("W1", 1, mention: "M1", track: "work-study"); // another track: another wish

        for (int i = 1; i <= 15; i++)
        {
            s.Apply("2025-03-01T10:00:00", "C1", $"K{i}"); // events 0..14
        }

        s.Apply("2025-03-02T10:00:00", "C1", "K16") // 15: 16th classic wish
            .Apply("2025-03-02T10:00:00", "C1", "K1E2") // 16: also a 16th classic wish
            .Apply("2025-03-02T10:00:00", "C1", "K1bis") // 17: inside the existing wish K1
            .Apply("2025-03-02T10:00:00", "C1", "W1") // 18: first work-study wish
            .Apply("2025-03-02T10:00:00", "C2", "K16"); // 19: limits are per candidate

        var r = s.Run();
        Assert.Equal([(15, "wish-limit"), (16, "wish-limit")], r.Rejected);
        Assert.Equal(17, r.Applications("C1").Count);
        r.Is("C1", "K1bis", "submitted");
        r.Is("C1", "W1", "submitted");
        r.Is("C2", "K16", "submitted");
    }

    [Fact]
    public void The_16th_work_study_wish_is_refused_independently_of_classic_wishes()
    {
        var s = new Scenario().Candidates("C1");
        for (int i = 1; i <= 16; i++)
        {
            s.Formation($"K{i}", 1, mention: $"M{i}");
            s.Formation($"W{i}", 1, mention: $"M{i}", track: "work-study");
        }

        s.Formation("W1bis", 1, mention: "M1", parcours: "other", track: "work-study");
        for (int i = 1; i <= 15; i++)
        {
            s.Apply("2025-03-01T10:00:00", "C1", $"K{i}").Apply("2025-03-01T10:00:00", "C1", $"W{i}"); // 0..29
        }

        s.Apply("2025-03-02T10:00:00", "C1", "W16") // 30
            .Apply("2025-03-02T10:00:00", "C1", "K16") // 31
            .Apply("2025-03-02T10:00:00", "C1", "W1bis"); // 32: existing work-study wish

        var r = s.Run();
        Assert.Equal([(30, "wish-limit"), (31, "wish-limit")], r.Rejected);
        Assert.Equal(31, r.Applications("C1").Count);
        r.Is("C1", "W1bis", "submitted");
    }

    [Fact]
    public void Applying_twice_to_a_formation_is_a_duplicate_even_at_the_wish_limit()
    {
        var s = new Scenario().Candidates("C1");
        for (int i = 1; i <= 15; i++)
        {
            s.Formation($"K{i}", 1);
            s.Apply("2025-03-01T10:00:00", "C1", $"K{i}"); // 0..14
        }

        var r = s.Apply("2025-03-02T10:00:00", "C1", "K1") // 15
            .Apply("2025-03-24T23:59:59", "C1", "K15") // 16
            .Run();
        Assert.Equal([(15, "duplicate-application"), (16, "duplicate-application")], r.Rejected);
        Assert.Equal(15, r.Applications("C1").Count);
    }

    // =========================================================================================
    // Rule 2: rankings
    // =========================================================================================

    [Fact]
    public void Ranking_window_edges_are_inclusive_to_the_second()
    {
        var s = new Scenario().Candidates("C1");
        foreach (string f in new[] { "A", "B", "C", "D" })
        {
            s.Formation(f, 1).Apply("2025-03-01T10:00:00", "C1", f); // events 0..3
        }

        var r = s.Rank("2025-03-30T23:59:59", "A", ["C1"]) // 4
            .Rank("2025-03-31T00:00:00", "B", ["C1"]) // 5
            .Rank("2025-06-01T23:59:59", "C", ["C1"]) // 6
            .Rank("2025-06-02T00:00:00", "D", ["C1"]) // 7
            .Run("2025-06-02T06:00:00");

        Assert.Equal([(4, "wrong-phase"), (7, "wrong-phase")], r.Rejected);
        r.Is("C1", "A", "not-retained");
        r.Offer("C1", "B", "2025-06-05T23:59:59");
        r.Offer("C1", "C", "2025-06-05T23:59:59");
        r.Is("C1", "D", "not-retained");
    }

    [Fact]
    public void A_later_ranking_replaces_the_earlier_one_and_statuses_stay_submitted_until_the_opening()
    {
        var s = new Scenario().Formation("F", 1).Candidates("C1", "C2", "C3")
            .Apply("2025-03-01T10:00:00", "C1", "F")
            .Apply("2025-03-01T10:00:00", "C2", "F")
            .Apply("2025-03-01T10:00:00", "C3", "F")
            .Rank("2025-04-01T10:00:00", "F", ["C1", "C2", "C3"])
            .Rank("2025-05-01T10:00:00", "F", ["C3", "C1"], ["C2"]);

        var before = s.Run("2025-06-02T05:59:59");
        Assert.Empty(before.Rejected);
        foreach (string c in new[] { "C1", "C2", "C3" })
        {
            before.Is(c, "F", "submitted");
        }

        Assert.Equal((0, 0, 0, 0, 0), before.Counters("F"));

        var after = s.Run("2025-06-02T06:00:00");
        after.Offer("C3", "F", "2025-06-05T23:59:59");
        after.Waitlisted("C1", "F", 1);
        after.Is("C2", "F", "not-retained");
        Assert.Equal((0, 0, 1, 1, 1), after.Counters("F"));
    }

    [Fact]
    public void A_ranking_naming_a_non_applicant_or_a_duplicate_is_refused_whole()
    {
        var r = new Scenario().Formation("F", 1).Formation("G", 1).Candidates("C1", "C2", "C3")
            .Apply("2025-03-01T10:00:00", "C1", "F") // 0
            .Apply("2025-03-01T10:00:00", "C2", "F") // 1
            .Apply("2025-03-01T10:00:00", "C3", "G") // 2: C3 applied elsewhere only
            .Rank("2025-04-01T10:00:00", "F", ["C1"], ["C2"]) // 3: accepted
            .Rank("2025-04-02T10:00:00", "F", ["C2", "C3"]) // 4: C3 not an applicant of F
            .Rank("2025-04-03T10:00:00", "F", ["C2"], ["C3"]) // 5: in notRetained too
            .Rank("2025-04-04T10:00:00", "F", ["C2", "C9"]) // 6: C9 not declared
            .Rank("2025-04-05T10:00:00", "F", ["C2", "C1"], ["C2"]) // 7: C2 in both lists
            .Rank("2025-04-06T10:00:00", "F", ["C2", "C2"]) // 8: C2 twice
            .Rank("2025-04-07T10:00:00", "F", ["C2", "C2", "C3"]) // 9: not-an-applicant wins over invalid-ranking
            .Run("2025-06-02T06:00:00");

        Assert.Equal(
            [(4, "not-an-applicant"), (5, "not-an-applicant"), (6, "unknown-candidate"), (7, "invalid-ranking"),
                (8, "invalid-ranking"), (9, "not-an-applicant")],
            r.Rejected);
        r.Offer("C1", "F", "2025-06-05T23:59:59");
        r.Is("C2", "F", "not-retained");
        r.Is("C3", "G", "not-retained"); // G never ranked
        Assert.Equal((0, 0, 1, 0, 1), r.Counters("F"));
        Assert.Equal((0, 0, 0, 0, 0), r.Counters("G"));
    }

    // =========================================================================================
    // Rules 3 and 7: rounds, rank order, positions
    // =========================================================================================

    [Fact]
    public void The_opening_round_settles_applications_and_offers_free_places_in_rank_order()
    {
        var s = new Scenario().Formation("F", 2).Formation("G", 3).Formation("H", 5)
            .Candidates("C1", "C2", "C3", "C4", "C5", "C6");
        foreach (string c in new[] { "C1", "C2", "C3", "C4", "C5" })
        {
            s.Apply("2025-03-01T10:00:00", c, "F");
        }

        s.Apply("2025-03-01T10:00:00", "C1", "G") // G gets no ranking at all
            .Apply("2025-03-01T10:00:00", "C2", "H")
            .Apply("2025-03-01T10:00:00", "C3", "H")
            .Rank("2025-04-01T10:00:00", "F", ["C3", "C1", "C4", "C2"]) // C5 in neither list
            .Rank("2025-04-01T10:00:00", "H", ["C2"], ["C3"]);

        var r = s.Run("2025-06-02T06:00:00");
        Assert.Empty(r.Rejected);
        r.Offer("C3", "F", "2025-06-05T23:59:59");
        r.Offer("C1", "F", "2025-06-05T23:59:59");
        r.Waitlisted("C4", "F", 1);
        r.Waitlisted("C2", "F", 2);
        r.Is("C5", "F", "not-retained");
        r.Is("C1", "G", "not-retained");
        r.Offer("C2", "H", "2025-06-05T23:59:59");
        r.Is("C3", "H", "not-retained");
        Assert.Empty(r.Applications("C6"));
        Assert.Equal((0, 0, 2, 2, 2), r.Counters("F"));
        Assert.Equal((0, 0, 0, 0, 0), r.Counters("G"));
        Assert.Equal((0, 0, 1, 0, 1), r.Counters("H"));
        Assert.Equal(3, (int)r.Json["formations"]!["G"]!["capacity"]!);
    }

    [Fact]
    public void Positions_count_only_waitlisted_candidates_ranked_ahead()
    {
        var r = new Scenario().Ranked("F", 1, "C1", "C2", "C3", "C4", "C5")
            .Renounce("2025-06-02T08:00:00", "C3", "F")
            .Run("2025-06-02T08:00:00");

        r.Offer("C1", "F", "2025-06-05T23:59:59");
        r.Waitlisted("C2", "F", 1);
        r.Is("C3", "F", "renounced");
        r.Waitlisted("C4", "F", 2);
        r.Waitlisted("C5", "F", 3);
        Assert.Equal((0, 0, 1, 3, 1), r.Counters("F"));
    }

    [Fact]
    public void Scheduled_work_runs_before_events_stamped_at_the_same_time()
    {
        var r = new Scenario().Ranked("F", 1, "C1", "C2")
            .Accept("2025-06-02T06:00:00", "C1", "F") // the opening round has run first
            .Run();

        Assert.Empty(r.Rejected);
        r.Is("C1", "F", "accepted-provisional");
        r.Waitlisted("C2", "F", 1);
    }

    [Fact]
    public void Rounds_offer_every_free_place_and_rank_of_last_called_keeps_the_worst_rank_offered()
    {
        var r = new Scenario().Ranked("F", 2, "C1", "C2", "C3", "C4", "C5")
            .Refuse("2025-06-02T08:00:00", "C1", "F")
            .Refuse("2025-06-02T08:00:00", "C2", "F")
            .Accept("2025-06-03T08:00:00", "C3", "F")
            .Renounce("2025-06-03T08:00:00", "C5", "F")
            .Refuse("2025-06-03T09:00:00", "C4", "F")
            .Run("2025-06-04T06:00:00");

        Assert.Empty(r.Rejected);
        r.Is("C1", "F", "refused");
        r.Is("C2", "F", "refused");
        r.Is("C3", "F", "accepted-provisional");
        r.Is("C4", "F", "refused");
        r.Is("C5", "F", "renounced");
        Assert.Equal((1, 0, 0, 0, 4), r.Counters("F"));
    }

    // =========================================================================================
    // Rule 4: deadlines and expiry
    // =========================================================================================

    /// <summary>Capacity 1, C1..C16 ranked; each offered candidate refuses at 07:00 the day of its offer, so
    /// with daily release C(k) is offered at the round of day k+1.</summary>
    private static Scenario DailyRefusalChain()
    {
        var ranked = Enumerable.Range(1, 16).Select(i => $"C{i}").ToArray();
        var s = new Scenario().Ranked("F", 1, ranked);
        for (int k = 1; k <= 14; k++)
        {
            s.Refuse($"2025-06-{k + 1:00}T07:00:00", $"C{k}", "F");
        }

        return s;
    }

    [Theory]
    [InlineData(2, "2025-06-05T23:59:59")]
    [InlineData(3, "2025-06-05T23:59:59")]
    [InlineData(4, "2025-06-05T23:59:59")]
    [InlineData(5, "2025-06-06T23:59:59")]
    [InlineData(6, "2025-06-07T23:59:59")]
    [InlineData(10, "2025-06-11T23:59:59")]
    [InlineData(15, "2025-06-16T23:59:59")]
    [InlineData(16, "2025-06-16T23:59:59")]
    public void Deadline_depends_on_the_Paris_date_the_offer_was_made(int day, string expectedDeadline)
    {
        var r = DailyRefusalChain().Run($"2025-06-{day:00}T06:00:00");
        Assert.Empty(r.Rejected);
        int offered = day - 1;
        r.Offer($"C{offered}", "F", expectedDeadline);
        for (int k = 1; k < offered; k++)
        {
            r.Is($"C{k}", "F", "refused");
        }

        r.Waitlisted($"C{offered + 1}", "F", 1);
        Assert.Equal((0, 0, 1, 16 - offered, offered), r.Counters("F"));
    }

    [Fact]
    public void Immediate_offers_take_their_deadline_from_the_time_of_the_freeing_action()
    {
        var s = new Scenario().Release("immediate").Ranked("F", 1, "C1", "C2", "C3", "C4", "C5")
            .Refuse("2025-06-04T23:30:00", "C1", "F")
            .Refuse("2025-06-05T00:30:00", "C2", "F")
            .Accept("2025-06-05T10:00:00", "C3", "F")
            .Refuse("2025-06-15T10:00:00", "C3", "F")
            .Refuse("2025-06-16T23:00:00", "C4", "F");

        s.Run("2025-06-04T23:30:00").Offer("C2", "F", "2025-06-05T23:59:59");
        s.Run("2025-06-05T00:30:00").Offer("C3", "F", "2025-06-06T23:59:59");
        s.Run("2025-06-15T10:00:00").Offer("C4", "F", "2025-06-16T23:59:59");
        var r = s.Run("2025-06-16T23:00:00");
        r.Offer("C5", "F", "2025-06-16T23:59:59");
        Assert.Empty(r.Rejected);
        Assert.Equal((0, 0, 1, 0, 5), r.Counters("F"));
    }

    [Fact]
    public void An_answer_after_the_deadline_is_expired_whether_or_not_the_sweep_has_run()
    {
        var s = new Scenario().Ranked("F", 3, "C1", "C2", "C3", "C4", "C5")
            .Formation("G", 0).Apply("2025-03-01T10:00:00", "C2", "G").Rank("2025-04-01T10:00:00", "G", ["C2"])
            .Accept("2025-06-05T23:59:59", "C1", "F") // 8: last second: fine
            .Accept("2025-06-05T23:59:59.500", "C2", "F") // 9: past the deadline, not yet swept
            .Refuse("2025-06-06T00:00:00", "C3", "F") // 10: the 00:00 sweep ran first
            .Accept("2025-06-07T10:00:00", "C2", "F", "definitive"); // 11

        var beforeSweep = s.Run("2025-06-05T23:59:59.500");
        Assert.Equal([(9, "offer-expired")], beforeSweep.Rejected);
        beforeSweep.Is("C1", "F", "accepted-provisional");
        beforeSweep.Offer("C2", "F", "2025-06-05T23:59:59"); // still an offer until the sweep
        beforeSweep.Offer("C3", "F", "2025-06-05T23:59:59");
        Assert.Equal((1, 0, 2, 2, 3), beforeSweep.Counters("F"));

        var afterSweep = s.Run("2025-06-06T00:00:00");
        Assert.Equal([(9, "offer-expired"), (10, "offer-expired")], afterSweep.Rejected);
        afterSweep.Is("C2", "F", "expired");
        afterSweep.Is("C3", "F", "expired");
        afterSweep.Waitlisted("C4", "F", 1);
        afterSweep.Waitlisted("C5", "F", 2);
        afterSweep.Waitlisted("C2", "G", 1); // waitlists are kept
        Assert.Equal((1, 0, 0, 2, 3), afterSweep.Counters("F"));

        var nextRound = s.Run("2025-06-07T10:00:00");
        Assert.Equal([(9, "offer-expired"), (10, "offer-expired"), (11, "offer-expired")], nextRound.Rejected);
        nextRound.Offer("C4", "F", "2025-06-07T23:59:59");
        nextRound.Offer("C5", "F", "2025-06-07T23:59:59");
        Assert.Equal((1, 0, 2, 0, 5), nextRound.Counters("F"));
    }

    [Fact]
    public void Held_provisional_offers_do_not_expire()
    {
        var r = new Scenario().Ranked("F", 1, "C1", "C2")
            .Accept("2025-06-02T08:00:00", "C1", "F")
            .Accept("2025-06-16T23:59:59", "C1", "F", "definitive")
            .Run("2025-06-23T23:59:59");

        Assert.Empty(r.Rejected);
        r.Is("C1", "F", "accepted-definitive");
        r.Waitlisted("C2", "F", 1);
        Assert.Equal((0, 1, 0, 1, 1), r.Counters("F"));
    }

    // =========================================================================================
    // Rule 5: answers
    // =========================================================================================

    /// <summary>C1 is offered A and waitlisted in B, C, D (capacity 0).</summary>
    private static Scenario OfferAndThreeWaitlists() =>
        new Scenario().Ranked("A", 1, "C1").Ranked("B", 0, "C1").Ranked("C", 0, "C1").Ranked("D", 0, "C1");

    [Fact]
    public void Accept_provisional_without_keepWaitlists_keeps_every_waitlist()
    {
        var r = OfferAndThreeWaitlists().Accept("2025-06-02T08:00:00", "C1", "A").Run();
        Assert.Empty(r.Rejected);
        r.Is("C1", "A", "accepted-provisional");
        r.Waitlisted("C1", "B", 1);
        r.Waitlisted("C1", "C", 1);
        r.Waitlisted("C1", "D", 1);
        Assert.Equal((1, 0, 0, 0, 1), r.Counters("A"));
        Assert.Equal((0, 0, 0, 1, 0), r.Counters("B"));
    }

    [Fact]
    public void Accept_provisional_with_keepWaitlists_renounces_the_others_and_ignores_foreign_entries()
    {
        var r = OfferAndThreeWaitlists()
            .Accept("2025-06-02T08:00:00", "C1", "A", keepWaitlists: ["C", "A", "NOPE"])
            .Run();
        Assert.Empty(r.Rejected);
        r.Is("C1", "A", "accepted-provisional");
        r.Is("C1", "B", "renounced");
        r.Waitlisted("C1", "C", 1);
        r.Is("C1", "D", "renounced");
        Assert.Equal((0, 0, 0, 0, 0), r.Counters("B"));
        Assert.Equal((0, 0, 0, 1, 0), r.Counters("C"));
    }

    [Fact]
    public void Accept_provisional_with_an_empty_keepWaitlists_renounces_every_waitlist()
    {
        var r = OfferAndThreeWaitlists().Accept("2025-06-02T08:00:00", "C1", "A", keepWaitlists: []).Run();
        Assert.Empty(r.Rejected);
        r.Is("C1", "A", "accepted-provisional");
        r.Is("C1", "B", "renounced");
        r.Is("C1", "C", "renounced");
        r.Is("C1", "D", "renounced");
    }

    [Fact]
    public void Accept_definitive_releases_waitlists_and_other_offers_whatever_keepWaitlists_says()
    {
        var s = OfferAndThreeWaitlists()
            .Ranked("E", 1, "C1", "C2") // C1 also offered E; C2 next in line
            .Accept("2025-06-02T08:00:00", "C1", "A", "definitive", keepWaitlists: ["B"]);

        var r = s.Run();
        Assert.Empty(r.Rejected);
        r.Is("C1", "A", "accepted-definitive");
        r.Is("C1", "B", "released");
        r.Is("C1", "C", "released");
        r.Is("C1", "D", "released");
        r.Is("C1", "E", "released");
        r.Waitlisted("C2", "E", 1); // daily: the freed place waits for the next round
        Assert.Equal((0, 1, 0, 0, 1), r.Counters("A"));
        Assert.Equal((0, 0, 0, 1, 1), r.Counters("E"));

        var next = s.Run("2025-06-03T06:00:00");
        next.Offer("C2", "E", "2025-06-05T23:59:59");
        Assert.Equal((0, 0, 1, 0, 2), next.Counters("E"));
    }

    [Fact]
    public void Accept_definitive_of_the_held_provisional_offer_releases_the_waitlists_kept_so_far()
    {
        var r = OfferAndThreeWaitlists()
            .Accept("2025-06-02T08:00:00", "C1", "A", keepWaitlists: ["B", "C"])
            .Accept("2025-06-03T08:00:00", "C1", "A") // 9: provisional on a held offer
            .Accept("2025-06-04T08:00:00", "C1", "A", "definitive")
            .Accept("2025-06-05T08:00:00", "C1", "A", "definitive") // 11: already definitive
            .Run();

        Assert.Equal([(9, "no-offer"), (11, "no-offer")], r.Rejected);
        r.Is("C1", "A", "accepted-definitive");
        r.Is("C1", "B", "released");
        r.Is("C1", "C", "released");
        r.Is("C1", "D", "renounced");
        Assert.Equal((0, 1, 0, 0, 1), r.Counters("A"));
    }

    [Fact]
    public void Accepting_a_new_offer_releases_the_held_one_and_the_freed_place_is_offered_next_round()
    {
        var s = new Scenario().Ranked("A", 1, "C1", "C2").Ranked("B", 1, "C3", "C1")
            .Accept("2025-06-02T08:00:00", "C1", "A")
            .Refuse("2025-06-02T09:00:00", "C3", "B")
            .Accept("2025-06-03T08:00:00", "C1", "B");

        var r = s.Run("2025-06-03T08:00:00");
        Assert.Empty(r.Rejected);
        r.Is("C1", "A", "released");
        r.Is("C1", "B", "accepted-provisional");
        r.Waitlisted("C2", "A", 1);
        Assert.Equal((0, 0, 0, 1, 1), r.Counters("A"));
        Assert.Equal((1, 0, 0, 0, 2), r.Counters("B"));

        var next = s.Run("2025-06-04T06:00:00");
        next.Offer("C2", "A", "2025-06-05T23:59:59");
        Assert.Equal((0, 0, 1, 0, 2), next.Counters("A"));
    }

    [Fact]
    public void Refusing_the_held_provisional_offer_frees_its_place_and_keeps_waitlists()
    {
        var r = new Scenario().Ranked("A", 1, "C1", "C2").Ranked("B", 0, "C1")
            .Accept("2025-06-02T08:00:00", "C1", "A")
            .Refuse("2025-06-03T08:00:00", "C1", "A")
            .Refuse("2025-06-03T08:00:00", "C1", "B") // 7: a waitlist is not an offer
            .Refuse("2025-06-03T08:00:00", "C1", "A") // 8: already refused
            .Run("2025-06-04T06:00:00");

        Assert.Equal([(7, "no-offer"), (8, "no-offer")], r.Rejected);
        r.Is("C1", "A", "refused");
        r.Waitlisted("C1", "B", 1);
        r.Offer("C2", "A", "2025-06-05T23:59:59");
        Assert.Equal((0, 0, 1, 0, 2), r.Counters("A"));
    }

    [Fact]
    public void Renounce_needs_a_waitlisted_application()
    {
        var r = new Scenario().Ranked("A", 1, "C1", "C2").Formation("B", 1).Apply("2025-03-01T10:00:00", "C1", "B")
            .Renounce("2025-06-02T08:00:00", "C1", "A") // 4: offer
            .Renounce("2025-06-02T08:00:00", "C1", "B") // 5: not-retained
            .Renounce("2025-06-02T08:00:00", "C2", "A") // 6: fine
            .Renounce("2025-06-02T08:00:00", "C2", "A") // 7: already renounced
            .Renounce("2025-06-02T08:00:00", "C2", "B") // 8: no application
            .Run();

        Assert.Equal([(4, "not-waitlisted"), (5, "not-waitlisted"), (7, "not-waitlisted"), (8, "not-an-applicant")],
            r.Rejected);
        r.Offer("C1", "A", "2025-06-05T23:59:59");
        r.Is("C2", "A", "renounced");
        Assert.Equal((0, 0, 1, 0, 1), r.Counters("A"));
    }

    [Fact]
    public void Answer_window_edges_are_inclusive_to_the_second()
    {
        var r = new Scenario().Ranked("A", 2, "C1", "C2").Ranked("B", 0, "C3", "C4")
            .Accept("2025-06-02T05:59:59", "C1", "A") // 6
            .Accept("2025-06-02T06:00:00", "C2", "A") // 7
            .Preference("2025-06-20T10:00:00", "C3", "B") // 8: keeps her waitlist past 24 June
            .Preference("2025-06-20T10:00:00", "C4", "B") // 9
            .Renounce("2025-08-31T23:59:59", "C3", "B") // 10
            .Renounce("2025-09-01T00:00:00", "C4", "B") // 11
            .Run();

        Assert.Equal([(6, "wrong-phase"), (11, "wrong-phase")], r.Rejected);
        r.Is("C1", "A", "expired");
        r.Is("C2", "A", "accepted-definitive"); // no preference order: definitive on 24 June
        r.Is("C3", "B", "renounced");
        r.Waitlisted("C4", "B", 1);
    }

    // =========================================================================================
    // Rule 6: re-offering freed places
    // =========================================================================================

    [Theory]
    [InlineData("daily")]
    [InlineData("immediate")]
    public void Freed_places_are_reoffered_at_the_next_round_or_at_once(string release)
    {
        var s = new Scenario().Release(release).Ranked("F", 1, "C1", "C2", "C3")
            .Refuse("2025-06-03T10:00:00", "C1", "F");
        bool immediate = release == "immediate";

        var atRefusal = s.Run("2025-06-03T10:00:00");
        if (immediate)
        {
            atRefusal.Offer("C2", "F", "2025-06-05T23:59:59");
            atRefusal.Waitlisted("C3", "F", 1);
            Assert.Equal((0, 0, 1, 1, 2), atRefusal.Counters("F"));
        }
        else
        {
            atRefusal.Waitlisted("C2", "F", 1);
            atRefusal.Waitlisted("C3", "F", 2);
            Assert.Equal((0, 0, 0, 2, 1), atRefusal.Counters("F"));
        }

        var nextRound = s.Run("2025-06-04T06:00:00");
        nextRound.Offer("C2", "F", "2025-06-05T23:59:59");
        Assert.Equal((0, 0, 1, 1, 2), nextRound.Counters("F"));

        // C2 never answers: the 6 Jun 00:00 sweep frees the place.
        var atSweep = s.Run("2025-06-06T00:00:00");
        atSweep.Is("C2", "F", "expired");
        if (immediate)
        {
            atSweep.Offer("C3", "F", "2025-06-07T23:59:59");
        }
        else
        {
            atSweep.Waitlisted("C3", "F", 1);
        }

        var morning = s.Run("2025-06-06T06:00:00");
        morning.Offer("C3", "F", "2025-06-07T23:59:59");
        Assert.Equal((0, 0, 1, 0, 3), morning.Counters("F"));
    }

    [Theory]
    [InlineData("daily")]
    [InlineData("immediate")]
    public void Places_released_by_an_accept_elsewhere_follow_the_release_mode(string release)
    {
        var r = new Scenario().Release(release).Ranked("A", 1, "C1", "C2").Ranked("B", 1, "C1", "C3")
            .Accept("2025-06-02T08:00:00", "C1", "A")
            .Run("2025-06-02T08:00:00");

        r.Is("C1", "B", "released");
        if (release == "immediate")
        {
            r.Offer("C3", "B", "2025-06-05T23:59:59");
            Assert.Equal((0, 0, 1, 0, 2), r.Counters("B"));
        }
        else
        {
            r.Waitlisted("C3", "B", 1);
            Assert.Equal((0, 0, 0, 1, 1), r.Counters("B"));
        }
    }

    [Theory]
    [InlineData("daily", "2025-06-15T10:00:00")]
    [InlineData("immediate", "2025-06-16T10:00:00")]
    public void The_17_June_sweep_expires_last_offers_and_leaves_their_places_free(string release, string refusalAt)
    {
        var s = new Scenario().Release(release).Ranked("F", 1, "C1", "C2", "C3")
            .Accept("2025-06-02T08:00:00", "C1", "F")
            .Refuse(refusalAt, "C1", "F");

        var lastSecond = s.Run("2025-06-16T23:59:59");
        lastSecond.Offer("C2", "F", "2025-06-16T23:59:59");
        lastSecond.Waitlisted("C3", "F", 1);

        foreach (string until in new[] { "2025-06-17T00:00:00", "2025-06-23T23:59:59" })
        {
            var r = s.Run(until);
            Assert.Empty(r.Rejected);
            r.Is("C1", "F", "refused");
            r.Is("C2", "F", "expired");
            r.Waitlisted("C3", "F", 1);
            Assert.Equal((0, 0, 0, 1, 2), r.Counters("F"));
        }
    }

    [Fact]
    public void In_daily_mode_a_place_freed_after_the_last_main_round_waits_for_the_24_June_round()
    {
        var s = new Scenario().Ranked("F", 1, "C1", "C2")
            .Accept("2025-06-02T08:00:00", "C1", "F")
            .Refuse("2025-06-16T10:00:00", "C1", "F")
            .Preference("2025-06-20T10:00:00", "C2", "F");

        var before = s.Run("2025-06-24T05:59:59");
        before.Is("C1", "F", "refused");
        before.Waitlisted("C2", "F", 1);
        Assert.Equal((0, 0, 0, 1, 1), before.Counters("F"));

        var r = s.Run("2025-06-24T06:00:00"); // offered, and accepted automatically
        r.Is("C2", "F", "accepted-provisional");
        Assert.Equal((1, 0, 0, 0, 2), r.Counters("F"));
    }

    // =========================================================================================
    // Errors: precedence and "a refused action changes nothing"
    // =========================================================================================

    [Fact]
    public void Errors_follow_the_documented_precedence()
    {
        var r = new Scenario().Ranked("A", 1, "C1", "C2").Ranked("B", 1, "C4").Candidates("C3")
            // events 0..4 come from the setup
            .Apply("2025-01-10T10:00:00", "CX", "FX") // 5: unknown-candidate > unknown-formation > wrong-phase
            .Apply("2025-01-10T10:00:00", "C1", "FX") // 6: unknown-formation > wrong-phase
            .Apply("2025-04-10T10:00:00", "C1", "A") // 7: wrong-phase > duplicate-application
            .Apply("2025-03-10T10:00:00", "C1", "A") // 8: duplicate-application
            .Rank("2025-01-10T10:00:00", "FX", ["C1", "CX"]) // 9: unknown-candidate > unknown-formation
            .Rank("2025-01-10T10:00:00", "FX", ["C1"]) // 10: unknown-formation > wrong-phase
            .Rank("2025-01-10T10:00:00", "A", ["C3"]) // 11: wrong-phase > not-an-applicant
            .Rank("2025-04-10T10:00:00", "A", ["C3", "C3"]) // 12: not-an-applicant > invalid-ranking
            .Accept("2025-05-10T10:00:00", "C3", "A") // 13: wrong-phase > not-an-applicant
            .Accept("2025-06-02T08:00:00", "CX", "FX") // 14: unknown-candidate
            .Accept("2025-06-02T08:00:00", "C1", "FX") // 15: unknown-formation
            .Accept("2025-06-02T08:00:00", "C3", "A") // 16: not-an-applicant
            .Accept("2025-06-02T08:00:00", "C2", "A") // 17: waitlisted → no-offer
            .Refuse("2025-06-02T08:00:00", "C2", "A") // 18: no-offer
            .Renounce("2025-06-02T08:00:00", "C1", "A") // 19: offer → not-waitlisted
            .Accept("2025-06-06T10:00:00", "C4", "B") // 20: offer-expired
            .Refuse("2025-06-06T10:00:00", "C4", "B") // 21: offer-expired
            .Renounce("2025-06-06T10:00:00", "C4", "B") // 22: expired → not-waitlisted
            .Accept("2025-06-06T10:00:00", "C1", "A") // 23: expired too
            .Renounce("2025-06-06T10:00:00", "CX", "A") // 24: unknown-candidate
            .Run();

        Assert.Equal(
            [
                (5, "unknown-candidate"), (6, "unknown-formation"), (7, "wrong-phase"), (8, "duplicate-application"),
                (9, "unknown-candidate"), (10, "unknown-formation"), (11, "wrong-phase"), (12, "not-an-applicant"),
                (13, "wrong-phase"), (14, "unknown-candidate"), (15, "unknown-formation"), (16, "not-an-applicant"),
                (17, "no-offer"), (18, "no-offer"), (19, "not-waitlisted"), (20, "offer-expired"),
                (21, "offer-expired"), (22, "not-waitlisted"), (23, "offer-expired"), (24, "unknown-candidate"),
            ],
            r.Rejected);
        r.Is("C1", "A", "expired");
        r.Offer("C2", "A", "2025-06-07T23:59:59");
        r.Is("C4", "B", "expired");
        Assert.Empty(r.Applications("C3"));
        Assert.Equal((0, 0, 1, 0, 2), r.Counters("A"));
        Assert.Equal((0, 0, 0, 0, 1), r.Counters("B"));
    }

    // =========================================================================================
    // Event ordering, defaults and output shape
    // =========================================================================================

    [Fact]
    public void Events_run_in_time_order_and_same_time_events_in_file_order()
    {
        static Scenario Base() => new Scenario().Release("immediate").Ranked("F", 1, "C1", "C2", "C3");

        var renounceFirst = Base()
            .Renounce("2025-06-03T10:00:00", "C2", "F")
            .Refuse("2025-06-03T10:00:00", "C1", "F")
            .Run();
        Assert.Empty(renounceFirst.Rejected);
        renounceFirst.Is("C2", "F", "renounced");
        renounceFirst.Offer("C3", "F", "2025-06-05T23:59:59");

        var refuseFirst = Base()
            .Refuse("2025-06-03T10:00:00", "C1", "F")
            .Renounce("2025-06-03T10:00:00", "C2", "F") // 5: C2 was offered at once
            .Run();
        Assert.Equal([(5, "not-waitlisted")], refuseFirst.Rejected);
        refuseFirst.Offer("C2", "F", "2025-06-05T23:59:59");
        refuseFirst.Waitlisted("C3", "F", 1);

        // The ranking comes first in the file but after the application in time.
        var unsorted = new Scenario().Formation("F", 1).Candidates("C1")
            .Rank("2025-04-01T10:00:00", "F", ["C1"])
            .Apply("2025-03-01T10:00:00", "C1", "F")
            .Run("2025-06-02T06:00:00");
        Assert.Empty(unsorted.Rejected);
        unsorted.Offer("C1", "F", "2025-06-05T23:59:59");
    }

    [Fact]
    public void Until_defaults_to_the_last_event_and_every_declared_entity_is_reported()
    {
        var s = new Scenario().Formation("F", 1).Formation("Empty", 4).Candidates("C1", "Idle")
            .Apply("2025-03-01T10:00:00", "C1", "F")
            .Rank("2025-04-01T10:00:00", "F", ["C1"])
            .Rank("2025-06-01T23:59:59", "F", ["C1"]);

        var r = s.Run();
        r.Is("C1", "F", "submitted");
        Assert.Empty(r.Applications("Idle"));
        Assert.Equal((0, 0, 0, 0, 0), r.Counters("Empty"));
        Assert.Equal(4, (int)r.Json["formations"]!["Empty"]!["capacity"]!);
        Assert.Empty(r.Rejected);

        var later = s.Run("2025-06-02T06:00:00");
        later.Offer("C1", "F", "2025-06-05T23:59:59");

        var nothing = ReferenceCampaign.Run("""{"campaign":{"year":2025},"formations":[],"candidates":[{"id":"C1"}],"events":[]}""");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"rejected":[],"candidates":{"C1":{"applications":{}}},"formations":{},"accessRates":{}}"""), nothing));
    }

    [Fact]
    public void Output_has_exactly_the_documented_shape()
    {
        var scenario = """
            { "campaign": {"year": 2025, "offerRelease": "daily"},
              "formations": [{"id": "F1", "establishment": "E1", "mention": "Informatique", "parcours": "IA", "track": "classic", "capacity": 1},
                             {"id": "F2", "establishment": "E1", "mention": "Informatique", "parcours": "Reseaux", "track": "classic", "capacity": 0}],
              "candidates": [{"id": "C1"}, {"id": "C2"}],
              "events": [
                {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C1", "formation": "F1"},
                {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C1", "formation": "F2"},
                {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C2", "formation": "F1"},
                {"at": "2025-05-20T10:00:00+02:00", "type": "rank", "formation": "F1", "ranked": ["C1", "C2"], "notRetained": []},
                {"at": "2025-05-20T10:00:00+02:00", "type": "rank", "formation": "F2", "ranked": ["C1"], "notRetained": []},
                {"at": "2025-06-02T09:00:00+02:00", "type": "refuse", "candidate": "C2", "formation": "F1"}],
              "until": "2025-06-03T00:00:00+02:00" }
            """;
        var expected = """
            { "rejected": [{"event": 5, "error": "no-offer"}],
              "candidates": {
                "C1": {"applications": {
                  "F1": {"status": "offer", "deadline": "2025-06-05T23:59:59+02:00"},
                  "F2": {"status": "waitlisted", "position": 1}}},
                "C2": {"applications": {"F1": {"status": "waitlisted", "position": 1}}}},
              "formations": {
                "F1": {"capacity": 1, "acceptedProvisional": 0, "acceptedDefinitive": 0, "pendingOffers": 1, "waitlist": 1, "rankOfLastCalled": 1},
                "F2": {"capacity": 0, "acceptedProvisional": 0, "acceptedDefinitive": 0, "pendingOffers": 0, "waitlist": 1, "rankOfLastCalled": 0}},
              "accessRates": {"F1": 0.5, "F2": null} }
            """;
        var actual = ReferenceCampaign.Run(scenario);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());
    }

    [Fact]
    public void Campaign_year_drives_the_calendar()
    {
        var json = new Scenario().Ranked("F", 1, "C1").Json("2025-06-02T06:00:00").Replace("2025-", "2026-").Replace("\"year\":2025", "\"year\":2026");
        var r = new Result(ReferenceCampaign.Run(json));
        Assert.Empty(r.Rejected);
        Assert.Equal("2026-06-05T23:59:59+02:00", r.Deadline("C1", "F"));

        var wrongYear = new Result(ReferenceCampaign.Run(new Scenario().Ranked("F", 1, "C1").Json(null).Replace("\"year\":2025", "\"year\":2024")));
        Assert.Equal([(0, "wrong-phase"), (1, "wrong-phase")], wrongYear.Rejected);
    }

    // =========================================================================================
    // Malformed scenarios
    // =========================================================================================

    private const string Ok = """
        {"campaign":{"year":2025},
         "formations":[{"id":"F1","establishment":"E1","mention":"M","parcours":"P","track":"classic","capacity":1}],
         "candidates":[{"id":"C1"}],
         "events":[EVENT],
         "until":"2025-06-17T00:00:00+02:00"}
        """;

    private const string GoodEvent = """{"at":"2025-06-02T09:00:00+02:00","type":"accept","candidate":"C1","formation":"F1","mode":"provisional"}""";

    [Fact]
    public void The_malformed_scenario_template_is_itself_valid()
    {
        var r = new Result(ReferenceCampaign.Run(Ok.Replace("EVENT", GoodEvent)));
        Assert.Equal([(0, "not-an-applicant")], r.Rejected);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"campaign":{"year":2025},"formations":[],"candidates":[]}""")]
    [InlineData("""{"campaign":{"year":2025},"formations":[],"candidates":[],"events":[]""")]
    [InlineData("""{"campaign":{},"formations":[],"candidates":[],"events":[]}""")]
    [InlineData("""{"campaign":{"year":2025,"offerRelease":"weekly"},"formations":[],"candidates":[],"events":[]}""")]
    [InlineData("""{"campaign":{"year":2025},"formations":[{"id":"F1","establishment":"E1","mention":"M","parcours":"P","track":"evening","capacity":1}],"candidates":[],"events":[]}""")]
    [InlineData("""{"campaign":{"year":2025},"formations":[{"id":"F1","establishment":"E1","mention":"M","parcours":"P","track":"classic"}],"candidates":[],"events":[]}""")]
    [InlineData("""{"campaign":{"year":2025},"formations":[],"candidates":[{"id":"C1"},{"id":"C1"}],"events":[]}""")]
    public void Malformed_scenarios_throw(string json)
    {
        var e = Assert.Throws<ScenarioException>(() => ReferenceCampaign.Run(json));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Theory]
    [InlineData("""{"at":"2025-06-02T09:00:00+02:00","type":"withdraw","candidate":"C1","formation":"F1"}""")]
    [InlineData("""{"at":"2025-06-02T09:00:00+02:00","type":"accept","formation":"F1","mode":"provisional"}""")]
    [InlineData("""{"at":"2025-06-02T09:00:00+02:00","type":"accept","candidate":"C1","formation":"F1"}""")]
    [InlineData("""{"at":"2025-06-02T09:00:00+02:00","type":"accept","candidate":"C1","formation":"F1","mode":"maybe"}""")]
    [InlineData("""{"at":"2025-06-02T09:00:00+02:00","type":"accept","candidate":"C1","formation":"F1","mode":"provisional","keepWaitlists":"F2"}""")]
    [InlineData("""{"type":"refuse","candidate":"C1","formation":"F1"}""")]
    [InlineData("""{"at":"2025-06-02T09:00:00","type":"refuse","candidate":"C1","formation":"F1"}""")]
    [InlineData("""{"at":"next tuesday","type":"refuse","candidate":"C1","formation":"F1"}""")]
    [InlineData("""{"at":"2025-06-17T00:00:01+02:00","type":"refuse","candidate":"C1","formation":"F1"}""")]
    [InlineData("""{"at":"2025-04-01T10:00:00+02:00","type":"rank","formation":"F1"}""")]
    [InlineData("""{"at":"2025-04-01T10:00:00+02:00","type":"rank","formation":"F1","ranked":["C1",2]}""")]
    [InlineData("""{"at":"2025-03-01T10:00:00+01:00","type":"apply","candidate":1,"formation":"F1"}""")]
    [InlineData("""42""")]
    public void Malformed_events_throw(string eventJson)
    {
        var e = Assert.Throws<ScenarioException>(() => ReferenceCampaign.Run(Ok.Replace("EVENT", eventJson)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void An_event_later_than_until_names_the_event()
    {
        var json = Ok.Replace("EVENT", GoodEvent).Replace("2025-06-17T00:00:00+02:00", "2025-06-02T08:59:59+02:00");
        var e = Assert.Throws<ScenarioException>(() => ReferenceCampaign.Run(json));
        Assert.Contains("events[0]", e.Message);
        Assert.Contains("until", e.Message);
    }

    // =========================================================================================
    // The whole year: incomplete files, work-study, complementary phase, 17 July, withdrawals
    // =========================================================================================

    [Fact]
    public void A_file_lacking_a_mandatory_piece_at_the_close_of_applications_is_not_transmitted()
    {
        var r = new Scenario().FormationWithPieces("F", 2, "cover-letter").Formation("G", 1).Candidates("C1", "C2", "C3")
            .UploadPiece("2025-01-10T10:00:00", "C2", "cover-letter") // 0: any time, even before the applications
            .Apply("2025-03-01T10:00:00", "C1", "F") // 1
            .Apply("2025-03-01T10:00:00", "C2", "F") // 2
            .Apply("2025-03-01T10:00:00", "C3", "F") // 3
            .Apply("2025-03-01T10:00:00", "C1", "G") // 4: G asks for nothing
            .UploadPiece("2025-03-24T23:59:59", "C3", "cover-letter") // 5: just in time
            .UploadPiece("2025-03-25T00:00:00", "C1", "cover-letter") // 6: the close has run
            .UploadPiece("2025-03-26T00:00:00", "Ghost", "cv") // 7
            .Rank("2025-04-01T10:00:00", "F", ["C1", "C2"]) // 8: F never received C1's file
            .Rank("2025-04-01T10:00:00", "F", ["C3", "C2"]) // 9
            .Rank("2025-04-01T10:00:00", "G", ["C1"]) // 10
            .Renounce("2025-06-02T08:00:00", "C1", "F") // 11
            .Run("2025-06-02T08:00:00");

        Assert.Equal([(7, "unknown-candidate"), (8, "not-an-applicant"), (11, "not-waitlisted")], r.Rejected);
        r.Is("C1", "F", "incomplete");
        r.Offer("C1", "G", "2025-06-05T23:59:59");
        r.Offer("C3", "F", "2025-06-05T23:59:59");
        r.Offer("C2", "F", "2025-06-05T23:59:59");
        Assert.Equal((0, 0, 2, 0, 2), r.Counters("F"));
        Assert.Equal(1m, r.AccessRate("F")); // 2 called of the 2 transmitted applications
    }

    [Fact]
    public void Work_study_answers_show_on_2_May_and_validated_contracts_are_called_from_13_June()
    {
        var s = new Scenario().Formation("W", 1, track: "work-study").Formation("K", 1).Candidates("A", "B", "C", "D", "E");
        foreach (string c in new[] { "A", "B", "C", "D", "E" })
        {
            s.Apply("2025-03-01T10:00:00", c, "W"); // 0-4
        }

        s.Apply("2025-03-01T10:00:00", "A", "K") // 5
            .AnswerWorkStudy("2025-03-31T00:00:00", "W", "A", "contract-search") // 6
            .AnswerWorkStudy("2025-04-01T10:00:00", "W", "B", "not-retained") // 7
            .AnswerWorkStudy("2025-04-01T10:00:00", "W", "C", "contract-search") // 8
            .AnswerWorkStudy("2025-04-01T10:00:00", "W", "D", "contract-search") // 9
            .AnswerWorkStudy("2025-04-01T10:00:00", "K", "A", "contract-search") // 10: not-work-study
            .UploadContract("2025-05-01T10:00:00", "A", "W") // 11: wrong-phase
            .AnswerWorkStudy("2025-05-01T23:59:59", "W", "B", "contract-search") // 12: replaces 7
            .AnswerWorkStudy("2025-05-02T00:00:00", "W", "E", "contract-search") // 13: wrong-phase; E was never answered
            .UploadContract("2025-05-02T00:00:00", "A", "W") // 14
            .Rank("2025-05-10T10:00:00", "W", ["E", "C"], ["D"]) // 15: E keeps rank 1, C has 2; A and B follow (3, 4)
            .UploadContract("2025-06-03T10:00:00", "E", "W") // 16: not-in-contract-search
            .UploadContract("2025-06-03T10:00:00", "C", "W") // 17
            .UploadContract("2025-06-03T10:00:00", "B", "W") // 18
            .UploadContract("2025-06-03T10:00:00", "A", "K") // 19: not-work-study
            .RefuseContract("2025-06-04T10:00:00", "W", "C") // 20
            .RefuseContract("2025-06-04T11:00:00", "W", "C") // 21: no-contract
            .ValidateContract("2025-06-05T10:00:00", "W", "A") // 22: before 13 June: A stays in contract search
            .UploadContract("2025-06-06T10:00:00", "A", "W") // 23: contract-validated
            .UploadContract("2025-06-06T10:00:00", "C", "W") // 24: a new one after the refusal
            .ValidateContract("2025-06-14T10:00:00", "W", "B"); // 25: from 13 June: waitlisted at once

        var april = s.Run("2025-05-01T23:59:59");
        april.Is("A", "W", "submitted");
        april.Is("E", "W", "submitted");

        var may = s.Run("2025-05-02T00:00:00");
        foreach (string c in new[] { "A", "B", "C", "D" })
        {
            Assert.Equal("contract-search", may.Status(c, "W"));
        }

        may.Is("E", "W", "not-retained");
        Assert.Equal("pending", may.Contract("A", "W"));

        var opening = s.Run("2025-06-02T06:00:00");
        opening.Is("D", "W", "not-retained");
        Assert.Equal((0, 0, 0, 0, 0), opening.Counters("W")); // nobody is offered a work-study place before 13 June

        var beforeRound = s.Run("2025-06-13T05:59:59");
        Assert.Equal("contract-search", beforeRound.Status("A", "W"));
        Assert.Equal("validated", beforeRound.Contract("A", "W"));

        var r = s.Run("2025-06-14T12:00:00");
        Assert.Equal(
            [(10, "not-work-study"), (11, "wrong-phase"), (13, "wrong-phase"), (16, "not-in-contract-search"), (19, "not-work-study"),
             (21, "no-contract"), (23, "contract-validated")],
            r.Rejected);
        Assert.Equal("offer", r.Status("A", "W"));
        Assert.Equal(T("2025-06-16T23:59:59"), r.Deadline("A", "W")); // work-study offers: 16 June
        Assert.Equal("waitlisted", r.Status("B", "W"));
        Assert.Equal(1, r.Position("B", "W"));
        Assert.Equal("validated", r.Contract("B", "W"));
        Assert.Equal("contract-search", r.Status("C", "W"));
        Assert.Equal("pending", r.Contract("C", "W"));
        Assert.Equal((0, 0, 1, 1, 3), r.Counters("W"));
        Assert.Equal(0.6m, r.AccessRate("W")); // rank 3 of 5 applications
        Assert.False(r.Applications("D")["W"]!.AsObject().ContainsKey("contract"));
    }

    [Fact]
    public void Complementary_applications_go_to_formations_that_opened_places_within_the_phase_limits()
    {
        var s = new Scenario().FormationWithPieces("P", 3, "cv").Ranked("F", 2, "C1", "C2").Formation("Closed", 1).Candidates("C3", "C4");
        for (int i = 1; i <= 11; i++)
        {
            s.Formation($"K{i}", 1, establishment: $"E{i}", mention: "M");
        }

        s.Apply("2025-03-01T10:00:00", "C3", "P") // 3: incomplete at the close
            .Rank("2025-04-01T10:00:00", "F", ["C1"], ["C2"]) // 4: replaces: C2 not retained
            .Accept("2025-06-02T08:00:00", "C1", "F", "definitive") // 5
            .OpenComplementary("2025-06-02T05:59:59", "F", 1) // 6: wrong-phase
            .OpenComplementary("2025-06-02T06:00:00", "F", 3) // 7: no-places (capacity 2)
            .OpenComplementary("2025-06-02T08:00:00", "F", 2) // 8: no-places (capacity 2 - 1 accepted since event 5)
            .OpenComplementary("2025-06-02T08:00:00", "F", 1) // 9
            .OpenComplementary("2025-06-16T23:59:59", "P", 3) // 10
            .OpenComplementary("2025-06-24T00:00:00", "Closed", 1) // 11: wrong-phase
            .Apply("2025-06-16T23:59:59", "C4", "F") // 12: wrong-phase
            .Apply("2025-06-17T00:00:00", "C1", "P") // 13: not-eligible (definitive acceptance)
            .Apply("2025-06-17T00:00:00", "C2", "F") // 14: not retained there in the main phase: not-retained-before
            .Apply("2025-06-17T00:00:00", "C3", "P") // 15: an incomplete file may be sent again
            .Apply("2025-06-17T00:00:00", "C4", "Closed"); // 16: formation-closed
        for (int i = 1; i <= 11; i++)
        {
            s.OpenComplementary("2025-06-10T10:00:00", $"K{i}", 1); // 17-27
        }

        for (int i = 1; i <= 11; i++)
        {
            s.Apply("2025-06-18T10:00:00", "C4", $"K{i}"); // 28-38: the 11th new classic wish is one too many
        }

        s.Apply("2025-06-23T23:59:59", "C4", "F") // 39: K1..K10 are ten new wishes already, F would be an 11th
            .Preference("2025-06-20T10:00:00", "C3", "P") // 40: C3 keeps her new application past 24 June
            .OpenComplementary("2025-06-10T10:00:00", "K1", 0); // 41: no-places (at least 1)

        var r = s.Run("2025-06-24T00:00:00");
        Assert.Equal(
            [(6, "wrong-phase"), (7, "no-places"), (8, "no-places"), (11, "wrong-phase"), (12, "wrong-phase"), (13, "not-eligible"),
             (14, "not-retained-before"), (16, "formation-closed"), (38, "wish-limit"), (39, "wish-limit"), (41, "no-places")],
            r.Rejected);
        r.Is("C3", "P", "submitted");
        r.Is("C2", "F", "not-retained");
        Assert.False(r.HasApplication("C4", "Closed"));
        Assert.Equal(10, r.Applications("C4").Count);
    }

    [Fact]
    public void A_preference_order_names_every_remaining_application_and_puts_the_held_offer_last()
    {
        var s = new Scenario().Ranked("A", 1, "X").Ranked("B", 1, "Y").Ranked("C", 0, "X", "Y").Formation("D", 1).Formation("N", 2)
            .Candidates("Z")
            .Apply("2025-03-01T10:00:00", "Y", "D") // 7
            .Rank("2025-04-01T10:00:00", "D", []) // 8: Y not retained
            .Accept("2025-06-02T08:00:00", "X", "A") // 9: X holds A, waits at C
            .Accept("2025-06-02T08:00:00", "Y", "B") // 10: Y holds B, waits at C
            .OpenComplementary("2025-06-03T10:00:00", "N", 2) // 11
            .Preference("2025-06-16T23:59:59", "X", "C") // 12: wrong-phase
            .Preference("2025-06-17T10:00:00", "X", "C", "Nope") // 13: unknown-formation
            .Preference("2025-06-17T10:00:00", "X", "C", "B") // 14: not-an-applicant
            .Preference("2025-06-17T10:00:00", "X", "C", "C") // 15: invalid-preference (twice)
            .Preference("2025-06-17T10:00:00", "X") // 16: invalid-preference (C missing)
            .Preference("2025-06-17T10:00:00", "Y", "D", "C") // 17: invalid-preference (D is not remaining)
            .Preference("2025-06-17T10:00:00", "X", "A", "C") // 18: the held offer named first is still put last: C, A
            .Preference("2025-06-17T10:00:00", "Y", "C") // 19: the held offer left out
            .Apply("2025-06-18T10:00:00", "X", "N") // 20: put just above the held offer: C, N, A
            .Apply("2025-06-18T10:00:00", "Z", "N") // 21: Z never sends an order
            .Accept("2025-06-19T10:00:00", "Y", "B", "definitive") // 22: releases Y's waitlist
            .Preference("2025-06-19T11:00:00", "Y") // 23: not-eligible
            .Rank("2025-06-24T10:00:00", "N", ["Z", "X"]) // 24: Z's application was released on 24 June: invalid-ranking
            .Rank("2025-06-24T10:00:00", "N", ["X"]); // 25

        var june = s.Run("2025-06-24T10:00:00");
        Assert.Equal(
            [(12, "wrong-phase"), (13, "unknown-formation"), (14, "not-an-applicant"), (15, "invalid-preference"), (16, "invalid-preference"),
             (17, "invalid-preference"), (23, "not-eligible"), (24, "invalid-ranking")],
            june.Rejected);
        june.Is("X", "A", "accepted-provisional");
        june.Waitlisted("X", "C", 1);
        june.Is("X", "N", "submitted");
        june.Is("Y", "B", "accepted-definitive");
        june.Is("Y", "C", "released");
        june.Is("Y", "D", "not-retained");
        june.Is("Z", "N", "released"); // lost for want of an order

        // 8 July: N calls X, who ranked it above her held A: accepted at once, A released, C (ranked first) kept.
        var r = s.Run("2025-07-08T06:00:00");
        r.Is("X", "N", "accepted-provisional");
        r.Is("X", "A", "released");
        r.Waitlisted("X", "C", 1);
    }

    [Fact]
    public void Without_a_preference_order_the_remaining_applications_are_lost_on_24_June_and_the_held_offer_becomes_definitive()
    {
        var s = new Scenario().Ranked("A", 1, "X", "Y").Ranked("B", 0, "X", "Y")
            .Accept("2025-06-02T08:00:00", "X", "A"); // 6: X holds A, Y waits at A and B

        var before = s.Run("2025-06-23T23:59:59");
        before.Is("X", "A", "accepted-provisional");
        before.Waitlisted("Y", "A", 1);

        var r = s.Run("2025-06-24T00:00:00");
        r.Is("X", "A", "accepted-definitive");
        r.Is("X", "B", "released");
        r.Is("Y", "A", "released");
        r.Is("Y", "B", "released");
        Assert.Equal((0, 1, 0, 0, 1), r.Counters("A"));
    }

    [Theory]
    [InlineData("daily")]
    [InlineData("immediate")]
    public void Automatic_answers_cascade_to_a_fixpoint_within_the_round_and_a_manual_refusal_waits_for_the_next(string release)
    {
        // A: P, X; B: X, Y; C: Y, Z, W. Each holds the first formation that offered, keeping the others' waitlists.
        var s = new Scenario().Release(release).Ranked("A", 1, "P", "X").Ranked("B", 1, "X", "Y").Ranked("C", 1, "Y", "Z", "W")
            .Accept("2025-06-02T08:00:00", "P", "A") // 10
            .Accept("2025-06-02T08:00:00", "X", "B") // 11
            .Accept("2025-06-02T08:00:00", "Y", "C") // 12
            .Preference("2025-06-18T10:00:00", "P") // 13
            .Preference("2025-06-18T10:00:00", "X", "A") // 14: A, then the held B
            .Preference("2025-06-18T10:00:00", "Y", "B") // 15: B, then the held C
            .Preference("2025-06-18T10:00:00", "Z", "C") // 16
            .Preference("2025-06-18T10:00:00", "W", "C") // 17
            .Refuse("2025-06-20T10:00:00", "P", "A") // 18: no offers 17-23 June
            .Refuse("2025-06-25T10:00:00", "Z", "C"); // 19: manual refusal of the held offer

        var waiting = s.Run("2025-06-24T05:59:59");
        waiting.Waitlisted("X", "A", 1);
        Assert.Equal((0, 0, 0, 1, 1), waiting.Counters("A"));

        // 24 June 06:00, one round: A -> X (releases B) -> Y (releases C) -> Z.
        var round = s.Run("2025-06-24T06:00:00");
        round.Is("X", "A", "accepted-provisional");
        round.Is("X", "B", "released");
        round.Is("Y", "B", "accepted-provisional");
        round.Is("Y", "C", "released");
        round.Is("Z", "C", "accepted-provisional");
        round.Waitlisted("W", "C", 1);
        Assert.Equal((1, 0, 0, 0, 2), round.Counters("A"));
        Assert.Equal((1, 0, 0, 0, 2), round.Counters("B"));
        Assert.Equal((1, 0, 0, 1, 2), round.Counters("C"));

        var refusal = s.Run("2025-06-25T10:00:00");
        refusal.Is("Z", "C", "refused");
        refusal.Waitlisted("W", "C", 1); // even in immediate mode: offers at once stop on 16 June

        var next = s.Run("2025-06-26T06:00:00");
        next.Is("W", "C", "accepted-provisional");
        Assert.Equal((1, 0, 0, 0, 3), next.Counters("C"));
    }

    /// <summary>
    /// The round's offers are made together, as in every round, then answered; released places go in the next wave.
    /// X waits at F2 and F4 (F2 first); Z holds F4 and waits at G. On 24 June F2 calls X and G calls Z: X takes F2
    /// (releasing her F4 waitlist), Z takes G (releasing F4), so F4 has nobody left to call — whatever the order
    /// the formations are declared in.
    /// </summary>
    [Theory]
    [InlineData("F2", "G", "F4")]
    [InlineData("F4", "G", "F2")]
    [InlineData("G", "F4", "F2")]
    public void A_round_of_the_automatic_period_does_not_depend_on_the_order_formations_are_declared_in(string first, string second, string third)
    {
        var s = new Scenario().Formation(first, 1).Formation(second, 1).Formation(third, 1).Candidates("X", "Z", "Q", "R")
            .Apply("2025-03-01T10:00:00", "Q", "F2").Apply("2025-03-01T10:00:00", "X", "F2")
            .Apply("2025-03-01T10:00:00", "R", "G").Apply("2025-03-01T10:00:00", "Z", "G")
            .Apply("2025-03-01T10:00:00", "Z", "F4").Apply("2025-03-01T10:00:00", "X", "F4")
            .Rank("2025-04-01T10:00:00", "F2", ["Q", "X"]).Rank("2025-04-01T10:00:00", "G", ["R", "Z"]).Rank("2025-04-01T10:00:00", "F4", ["Z", "X"])
            .Accept("2025-06-02T10:00:00", "Q", "F2").Accept("2025-06-02T10:00:00", "R", "G").Accept("2025-06-02T10:00:00", "Z", "F4")
            .Preference("2025-06-18T10:00:00", "X", "F2", "F4").Preference("2025-06-18T10:00:00", "Z", "G")
            .Preference("2025-06-18T10:00:00", "Q").Preference("2025-06-18T10:00:00", "R")
            .Refuse("2025-06-20T10:00:00", "Q", "F2").Refuse("2025-06-20T10:00:00", "R", "G");

        var r = s.Run("2025-06-24T06:00:00");
        r.Is("X", "F2", "accepted-provisional");
        r.Is("X", "F4", "released");
        r.Is("Z", "G", "accepted-provisional");
        r.Is("Z", "F4", "released");
        Assert.Equal((0, 0, 0, 0, 1), r.Counters("F4")); // X was never offered F4
        Assert.Equal(0.5m, r.AccessRate("F4"));
    }

    [Fact]
    public void From_13_June_a_validated_contract_puts_its_candidate_on_the_waitlist_at_once_even_between_rounds()
    {
        var s = new Scenario().Formation("W", 0, track: "work-study").Candidates("A", "B")
            .Apply("2025-03-01T10:00:00", "A", "W").Apply("2025-03-01T10:00:00", "B", "W") // 0-1
            .AnswerWorkStudy("2025-04-01T10:00:00", "W", "A", "contract-search") // 2
            .AnswerWorkStudy("2025-04-01T10:00:00", "W", "B", "contract-search") // 3
            .UploadContract("2025-06-01T10:00:00", "A", "W").UploadContract("2025-06-01T10:00:00", "B", "W") // 4-5
            .ValidateContract("2025-06-13T03:00:00", "W", "A") // 6: before that day's round
            .ValidateContract("2025-06-19T10:00:00", "W", "B"); // 7: no offers 17-23 June, but waitlisted all the same

        var early = s.Run("2025-06-13T05:00:00");
        early.Waitlisted("A", "W", 1);
        Assert.Equal("contract-search", early.Status("B", "W"));

        var r = s.Run("2025-06-19T12:00:00");
        r.Waitlisted("B", "W", 2); // ranked after A (by id: the formation did not rank)
        Assert.Equal("validated", r.Contract("B", "W"));
    }

    [Fact]
    public void A_preference_order_naming_the_held_offer_twice_is_invalid()
    {
        var r = new Scenario().Ranked("F", 1, "C").Ranked("G", 0, "C")
            .Accept("2025-06-02T10:00:00", "C", "F") // 4
            .Preference("2025-06-18T10:00:00", "C", "G", "F", "F") // 5: an id twice
            .Run("2025-06-24T12:00:00");

        Assert.Equal([(5, "invalid-preference")], r.Rejected);
        r.Is("C", "F", "accepted-definitive"); // no valid order: definitive on 24 June, the waitlist lost
        r.Is("C", "G", "released");
    }

    [Fact]
    public void The_complementary_ranking_takes_effect_on_8_July_within_the_places_opened_and_17_July_makes_everything_definitive()
    {
        var s = new Scenario().Ranked("N", 4, "M1").Candidates("V1", "V2", "V3", "V4")
            .Accept("2025-06-02T08:00:00", "M1", "N") // 2
            .OpenComplementary("2025-06-10T10:00:00", "N", 2) // 3
            .Apply("2025-06-17T10:00:00", "V1", "N") // 4
            .Apply("2025-06-17T10:00:00", "V2", "N") // 5
            .Apply("2025-06-17T10:00:00", "V3", "N") // 6
            .Apply("2025-06-17T10:00:00", "V4", "N") // 7
            .Preference("2025-06-18T10:00:00", "M1") // 8
            .Preference("2025-06-18T10:00:00", "V1", "N") // 9
            .Preference("2025-06-18T10:00:00", "V2", "N") // 10
            .Preference("2025-06-18T10:00:00", "V3", "N") // 11
            .Preference("2025-06-18T10:00:00", "V4", "N") // 12
            .Rank("2025-06-23T23:59:59", "N", ["V3", "V1", "V2"]) // 13: wrong-phase (from 24 June)
            .Rank("2025-06-24T10:00:00", "N", ["M1"]) // 14: invalid-ranking (not a new application)
            .Rank("2025-07-01T10:00:00", "N", ["V3", "V1", "V2"]) // 15: ranks 2, 3, 4 after the main ranking's 1
            .Refuse("2025-07-10T10:00:00", "V3", "N"); // 16

        var before = s.Run("2025-07-08T05:59:59");
        before.Is("V1", "N", "submitted");
        Assert.Equal((1, 0, 0, 0, 1), before.Counters("N"));

        var admission = s.Run("2025-07-08T06:00:00");
        admission.Is("V3", "N", "accepted-provisional");
        admission.Is("V1", "N", "accepted-provisional");
        admission.Waitlisted("V2", "N", 1); // a place is free, but new applicants hold the 2 places opened
        admission.Is("V4", "N", "not-retained");
        Assert.Equal((3, 0, 0, 1, 3), admission.Counters("N"));

        var next = s.Run("2025-07-11T06:00:00");
        next.Is("V3", "N", "refused");
        next.Is("V2", "N", "accepted-provisional");

        var r = s.Run("2025-07-18T00:00:00");
        Assert.Equal([(13, "wrong-phase"), (14, "invalid-ranking")], r.Rejected);
        foreach (string c in new[] { "M1", "V1", "V2" })
        {
            r.Is(c, "N", "accepted-definitive");
        }

        Assert.Equal((0, 3, 0, 0, 4), r.Counters("N"));
        Assert.Equal(0.8m, r.AccessRate("N")); // rank 4 of 5 applications
    }

    [Fact]
    public void Withdrawals_offer_freed_places_at_the_morning_round_with_their_own_deadlines_and_definitive_answers_only()
    {
        var s = new Scenario().Ranked("A", 1, "X", "Y", "Z", "U").Ranked("B", 1, "V", "W", "R")
            .Accept("2025-06-02T08:00:00", "X", "A") // 9
            .Accept("2025-06-02T08:00:00", "V", "B") // 10
            .Preference("2025-06-18T10:00:00", "X") // 11
            .Preference("2025-06-18T10:00:00", "Y", "A") // 12
            .Preference("2025-06-18T10:00:00", "Z", "A") // 13
            .Preference("2025-06-18T10:00:00", "U", "A") // 14
            .Preference("2025-06-18T10:00:00", "V") // 15
            .Preference("2025-06-18T10:00:00", "W", "B") // 16
            .Preference("2025-06-18T10:00:00", "R", "B") // 17
            .Refuse("2025-07-17T10:00:00", "X", "A") // 18: the place goes at the 18 July round
            .Accept("2025-07-18T10:00:00", "Y", "A") // 19: provisional-not-allowed
            .Refuse("2025-07-20T10:00:00", "Y", "A") // 20
            .Accept("2025-08-19T00:00:00", "Z", "A", "definitive") // 21: offer-expired (the sweep has run)
            .Accept("2025-08-20T23:59:59", "U", "A", "definitive") // 22
            .Refuse("2025-08-20T10:00:00", "V", "B"); // 23: no-offer (definitive since 18 July)

        var july = s.Run("2025-07-18T06:00:00");
        july.Offer("Y", "A", "2025-08-18T23:59:59");
        july.Waitlisted("Z", "A", 1);
        Assert.Equal((0, 0, 1, 2, 2), july.Counters("A"));

        var z = s.Run("2025-07-21T06:00:00");
        z.Is("Y", "A", "refused");
        z.Offer("Z", "A", "2025-08-18T23:59:59");

        var august = s.Run("2025-08-19T06:00:00");
        august.Is("Z", "A", "expired");
        august.Offer("U", "A", "2025-08-20T23:59:59");

        var r = s.Run("2025-09-01T00:00:00");
        Assert.Equal([(19, "provisional-not-allowed"), (21, "offer-expired"), (23, "no-offer")], r.Rejected);
        r.Is("U", "A", "accepted-definitive");
        r.Is("V", "B", "accepted-definitive");
        r.Waitlisted("W", "B", 1);
        Assert.Equal(1m, r.AccessRate("A"));
    }

    /// <summary>
    /// Capacity 1, C0 holds it until 17 July and C1..C45 wait (all sent an order); from 18 July each offered
    /// candidate refuses at 07:00 the day of its offer, so C1 is offered on 18 July, C2 on 19 July, ...
    /// </summary>
    [Theory]
    [InlineData("2025-07-18", "2025-08-18T23:59:59")]
    [InlineData("2025-08-17", "2025-08-18T23:59:59")]
    [InlineData("2025-08-18", "2025-08-19T23:59:59")]
    [InlineData("2025-08-30", "2025-08-31T23:59:59")]
    [InlineData("2025-08-31", "2025-08-31T23:59:59")]
    public void Withdrawal_deadlines_depend_on_the_Paris_date_the_offer_was_made(string day, string expectedDeadline)
    {
        var ranked = Enumerable.Range(0, 46).Select(i => $"C{i}").ToArray();
        var s = new Scenario().Ranked("F", 1, ranked).Accept("2025-06-02T08:00:00", "C0", "F");
        foreach (string c in ranked)
        {
            s.Preference("2025-06-18T10:00:00", c, c == "C0" ? [] : ["F"]);
        }

        s.Refuse("2025-07-17T10:00:00", "C0", "F");
        var first = new DateOnly(2025, 7, 18);
        int offered = DateOnly.Parse(day, CultureInfo.InvariantCulture).DayNumber - first.DayNumber + 1;
        for (int k = 1; k < offered; k++)
        {
            s.Refuse($"{first.AddDays(k - 1):yyyy-MM-dd}T07:00:00", $"C{k}", "F");
        }

        var r = s.Run($"{day}T12:00:00");
        Assert.Empty(r.Rejected);
        r.Offer($"C{offered}", "F", expectedDeadline);
        Assert.Equal((0, 0, 1, 45 - offered, offered + 1), r.Counters("F"));

        if (offered == 45)
        {
            s.Run("2025-09-01T00:00:00").Is("C45", "F", "expired"); // the last sweep
        }
    }

    [Fact]
    public void Referral_eligibility_lists_the_unmet_criteria_of_the_candidates_who_declare_a_referral()
    {
        var s = new Scenario()
            .Formation("F1", 1, establishment: "E1", mention: "M1").Formation("F2", 0, establishment: "E2", mention: "M1")
            .Formation("F3", 0, establishment: "E1", mention: "M2").Formation("F4", 0, establishment: "E3", mention: "M3")
            .Formation("F5", 0, establishment: "E3", mention: "M3", parcours: "Z").FormationWithPieces("F6", 0, "cv")
            .Referral("A", "Occitanie", "2023-2024").Referral("B", "Corse", "2021-2022")
            .Referral("C", "Île-de-France", "2024-2025").Referral("D", "La Réunion", "2022-2023").Candidates("G");
        foreach (string f in new[] { "F2", "F3", "F4", "F5", "F6" })
        {
            s.Apply("2025-03-01T10:00:00", "A", f); // 5 applications, but F6's is incomplete
        }

        s.Apply("2025-03-01T10:00:00", "B", "F2").Apply("2025-03-01T10:00:00", "B", "F6")
            .Apply("2025-03-01T10:00:00", "C", "F1")
            .Apply("2025-03-01T10:00:00", "D", "F2").Apply("2025-03-01T10:00:00", "D", "F3")
            .Rank("2025-04-01T10:00:00", "F1", ["C"]);

        var r = s.Run("2025-06-03T10:00:00");
        void Check(string c, bool eligible, params string[] unmet)
        {
            var (isEligible, missing) = r.Referral(c);
            Assert.Equal(eligible, isEligible);
            Assert.Equal(unmet, missing);
        }

        Check("A", false, "too-few-applications"); // 4 transmitted in 3 mentions at 3 establishments
        Check("B", false, "licence-too-old", "too-few-applications"); // single-university region: 2 needed, 1 transmitted
        Check("C", false, "offer-received", "too-few-applications", "too-few-mentions", "too-few-establishments");
        Check("D", true);
        Assert.False(r.Json["referralEligibility"]!.AsObject().ContainsKey("G"));

        var without = new Scenario().Ranked("F", 1, "C1").Run();
        Assert.False(without.Json.ContainsKey("referralEligibility"));
    }

    // =========================================================================================
    // Size: ~200 candidates × ~20 formations × ~2,000 events
    // =========================================================================================

    [Theory]
    [InlineData("daily")]
    [InlineData("immediate")]
    public void A_campaign_of_realistic_size_runs_quickly_and_keeps_its_invariants(string release)
    {
        var random = new Random(12345);
        var s = new Scenario().Release(release);
        var formations = Enumerable.Range(1, 20).Select(i => $"F{i}").ToArray();
        var candidates = Enumerable.Range(1, 200).Select(i => $"C{i}").ToArray();
        foreach (string f in formations)
        {
            s.Formation(f, random.Next(1, 8), establishment: $"E{random.Next(1, 4)}", mention: $"M{random.Next(1, 6)}",
                track: random.Next(4) == 0 ? "work-study" : "classic");
        }

        s.Candidates(candidates);
        var applicants = formations.ToDictionary(f => f, _ => new List<string>());
        for (int i = 0; i < 1200; i++)
        {
            string c = candidates[random.Next(candidates.Length)], f = formations[random.Next(formations.Length)];
            s.Apply($"2025-03-{random.Next(1, 24):00}T{random.Next(0, 24):00}:00:00", c, f);
            if (!applicants[f].Contains(c))
            {
                applicants[f].Add(c);
            }
        }

        foreach (string f in formations)
        {
            var ranked = applicants[f].OrderBy(_ => random.Next()).ToList();
            s.Rank("2025-05-01T10:00:00", f, [.. ranked.Take(ranked.Count * 3 / 4)], [.. ranked.Skip(ranked.Count * 3 / 4)]);
        }

        for (int i = 0; i < 780; i++)
        {
            string c = candidates[random.Next(candidates.Length)], f = formations[random.Next(formations.Length)];
            string at = $"2025-06-{random.Next(2, 17):00}T{random.Next(6, 24):00}:{random.Next(60):00}:00";
            _ = random.Next(4) switch
            {
                0 => s.Accept(at, c, f, random.Next(3) == 0 ? "definitive" : "provisional"),
                1 => s.Refuse(at, c, f),
                2 => s.Renounce(at, c, f),
                _ => s.Accept(at, c, f, "provisional", [formations[random.Next(formations.Length)]]),
            };
        }

        string json = s.Json("2025-06-17T00:00:00");
        ReferenceCampaign.Run(json); // warm-up (JIT)
        var watch = Stopwatch.StartNew();
        var r = new Result(ReferenceCampaign.Run(json));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");

        foreach (string f in formations)
        {
            var (prov, def, pending, _, _) = r.Counters(f);
            Assert.True(prov + def + pending <= (int)r.Json["formations"]![f]!["capacity"]!);
            Assert.Equal(0, pending); // everything was swept on 17 June
        }

        foreach (string c in candidates)
        {
            Assert.True(r.Applications(c).Count(a => ((string)a.Value!["status"]!).StartsWith("accepted", StringComparison.Ordinal)) <= 1);
        }
    }
}
