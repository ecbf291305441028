using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MonMaster.Tests.Reference;

/// <summary>Thrown when a scenario is malformed (bad JSON, unknown event type, missing field, ...).</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string message) : base(message) { }

    public ScenarioException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// Plain, sequential reference model of the admission campaign rules. It is the oracle for
/// differential tests against the real engine: clarity over speed, no shared code with the engine.
/// </summary>
public static partial class ReferenceCampaign
{
    public static JsonObject Run(string scenarioJson)
    {
        var scenario = ScenarioParser.Parse(scenarioJson);
        var simulation = new Simulation(scenario);
        simulation.Run();
        return simulation.Output();
    }

    // ---------------------------------------------------------------------------------------------
    // Constants
    // ---------------------------------------------------------------------------------------------

    private static class Status
    {
        public const string Submitted = "submitted";
        public const string NotRetained = "not-retained";
        public const string Waitlisted = "waitlisted";
        public const string Offer = "offer";
        public const string AcceptedProvisional = "accepted-provisional";
        public const string AcceptedDefinitive = "accepted-definitive";
        public const string Refused = "refused";
        public const string Expired = "expired";
        public const string Renounced = "renounced";
        public const string Released = "released";
    }

    private static class ErrorCode
    {
        public const string WrongPhase = "wrong-phase";
        public const string WishLimit = "wish-limit";
        public const string DuplicateApplication = "duplicate-application";
        public const string UnknownFormation = "unknown-formation";
        public const string UnknownCandidate = "unknown-candidate";
        public const string NotAnApplicant = "not-an-applicant";
        public const string NoOffer = "no-offer";
        public const string OfferExpired = "offer-expired";
        public const string NotWaitlisted = "not-waitlisted";
        public const string InvalidRanking = "invalid-ranking";
    }

    // ---------------------------------------------------------------------------------------------
    // Parsed scenario
    // ---------------------------------------------------------------------------------------------

    private sealed record FormationDecl(string Id, string Establishment, string Mention, string Parcours, string Track, int Capacity);

    private enum EventType { Apply, Rank, Accept, Refuse, Renounce }

    private sealed record ScenarioEvent(
        int Index,
        DateTimeOffset At,
        EventType Type,
        string? Candidate,
        string? Formation,
        IReadOnlyList<string> Ranked,
        IReadOnlyList<string> NotRetained,
        bool Definitive,
        IReadOnlyList<string>? KeepWaitlists);

    private sealed record Scenario(
        int Year,
        bool ImmediateRelease,
        IReadOnlyList<FormationDecl> Formations,
        IReadOnlyList<string> Candidates,
        IReadOnlyList<ScenarioEvent> Events,
        DateTimeOffset? Until);

    private static partial class ScenarioParser
    {
        [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$")]
        private static partial Regex IsoWithOffset();

        public static Scenario Parse(string scenarioJson)
        {
            if (scenarioJson is null)
            {
                throw new ScenarioException("Scenario text is null.");
            }

            try
            {
                return ParseUnchecked(scenarioJson);
            }
            catch (ScenarioException)
            {
                throw;
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                throw new ScenarioException($"Scenario is not valid: {e.Message}", e);
            }
        }

        private static Scenario ParseUnchecked(string scenarioJson)
        {
            var root = JsonNode.Parse(scenarioJson) as JsonObject
                       ?? throw new ScenarioException("Scenario must be a JSON object.");

            var campaign = root["campaign"] as JsonObject
                           ?? throw new ScenarioException("Missing or invalid field 'campaign' (an object is expected).");
            int year = RequireInt(campaign, "year", "campaign");
            if (year < 1 || year > 9998)
            {
                throw new ScenarioException($"campaign.year {year} is out of range.");
            }

            string release = OptionalString(campaign, "offerRelease", "campaign") ?? "daily";
            bool immediate = release switch
            {
                "daily" => false,
                "immediate" => true,
                _ => throw new ScenarioException($"campaign.offerRelease must be \"daily\" or \"immediate\", got \"{release}\"."),
            };

            var formations = new List<FormationDecl>();
            var formationIds = new HashSet<string>(StringComparer.Ordinal);
            var formationArray = root["formations"] as JsonArray
                                 ?? throw new ScenarioException("Missing or invalid field 'formations' (an array is expected).");
            for (int i = 0; i < formationArray.Count; i++)
            {
                string where = $"formations[{i}]";
                var f = formationArray[i] as JsonObject ?? throw new ScenarioException($"{where} must be an object.");
                string id = RequireString(f, "id", where);
                string track = RequireString(f, "track", where);
                if (track is not ("classic" or "work-study"))
                {
                    throw new ScenarioException($"{where}.track must be \"classic\" or \"work-study\", got \"{track}\".");
                }

                int capacity = RequireInt(f, "capacity", where);
                if (capacity < 0)
                {
                    throw new ScenarioException($"{where}.capacity must not be negative.");
                }

                if (!formationIds.Add(id))
                {
                    throw new ScenarioException($"Formation id \"{id}\" is declared twice.");
                }

                formations.Add(new FormationDecl(id, RequireString(f, "establishment", where), RequireString(f, "mention", where),
                    RequireString(f, "parcours", where), track, capacity));
            }

            var candidates = new List<string>();
            var candidateIds = new HashSet<string>(StringComparer.Ordinal);
            var candidateArray = root["candidates"] as JsonArray
                                 ?? throw new ScenarioException("Missing or invalid field 'candidates' (an array is expected).");
            for (int i = 0; i < candidateArray.Count; i++)
            {
                string where = $"candidates[{i}]";
                var c = candidateArray[i] as JsonObject ?? throw new ScenarioException($"{where} must be an object.");
                string id = RequireString(c, "id", where);
                if (!candidateIds.Add(id))
                {
                    throw new ScenarioException($"Candidate id \"{id}\" is declared twice.");
                }

                candidates.Add(id);
            }

            var events = new List<ScenarioEvent>();
            var eventArray = root["events"] as JsonArray
                             ?? throw new ScenarioException("Missing or invalid field 'events' (an array is expected).");
            for (int i = 0; i < eventArray.Count; i++)
            {
                events.Add(ParseEvent(eventArray[i], i));
            }

            DateTimeOffset? until = root["until"] is null ? null : ParseTime(root, "until", "scenario");
            if (until is { } u)
            {
                foreach (var e in events)
                {
                    if (e.At > u)
                    {
                        throw new ScenarioException(
                            $"events[{e.Index}] at {e.At:O} is later than 'until' ({u:O}).");
                    }
                }
            }
            else if (events.Count > 0)
            {
                until = events.Max(e => e.At);
            }

            return new Scenario(year, immediate, formations, candidates, events, until);
        }

        private static ScenarioEvent ParseEvent(JsonNode? node, int index)
        {
            string where = $"events[{index}]";
            var o = node as JsonObject ?? throw new ScenarioException($"{where} must be an object.");
            string typeText = RequireString(o, "type", where);
            EventType type = typeText switch
            {
                "apply" => EventType.Apply,
                "rank" => EventType.Rank,
                "accept" => EventType.Accept,
                "refuse" => EventType.Refuse,
                "renounce" => EventType.Renounce,
                _ => throw new ScenarioException($"{where}: unknown event type \"{typeText}\"."),
            };
            DateTimeOffset at = ParseTime(o, "at", where);
            string formation = RequireString(o, "formation", where);

            if (type == EventType.Rank)
            {
                var ranked = RequireStringArray(o, "ranked", where);
                // Decision: 'notRetained' may be omitted (treated as an empty list); 'ranked' is required.
                var notRetained = o["notRetained"] is null ? [] : RequireStringArray(o, "notRetained", where);
                return new ScenarioEvent(index, at, type, null, formation, ranked, notRetained, false, null);
            }

            string candidate = RequireString(o, "candidate", where);
            bool definitive = false;
            IReadOnlyList<string>? keep = null;
            if (type == EventType.Accept)
            {
                string mode = RequireString(o, "mode", where);
                definitive = mode switch
                {
                    "provisional" => false,
                    "definitive" => true,
                    _ => throw new ScenarioException($"{where}.mode must be \"provisional\" or \"definitive\", got \"{mode}\"."),
                };
                if (o["keepWaitlists"] is not null)
                {
                    keep = RequireStringArray(o, "keepWaitlists", where);
                }
            }

            return new ScenarioEvent(index, at, type, candidate, formation, [], [], definitive, keep);
        }

        private static DateTimeOffset ParseTime(JsonObject o, string name, string where)
        {
            string text = RequireString(o, name, where);
            if (!IsoWithOffset().IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw new ScenarioException(
                    $"{where}.{name} \"{text}\" is not an ISO 8601 date-time with an explicit offset (e.g. 2025-06-02T06:00:00+02:00).");
            }

            return value;
        }

        private static string RequireString(JsonObject o, string name, string where)
        {
            if (o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                return v.GetValue<string>();
            }

            throw new ScenarioException($"{where}: missing or invalid field '{name}' (a string is expected).");
        }

        private static string? OptionalString(JsonObject o, string name, string where) =>
            o[name] is null ? null : RequireString(o, name, where);

        private static int RequireInt(JsonObject o, string name, string where)
        {
            if (o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out int value))
            {
                return value;
            }

            throw new ScenarioException($"{where}: missing or invalid field '{name}' (an integer is expected).");
        }

        private static List<string> RequireStringArray(JsonObject o, string name, string where)
        {
            if (o[name] is not JsonArray array)
            {
                throw new ScenarioException($"{where}: missing or invalid field '{name}' (an array of strings is expected).");
            }

            var result = new List<string>();
            foreach (var item in array)
            {
                if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                {
                    throw new ScenarioException($"{where}.{name} must contain only strings.");
                }

                result.Add(v.GetValue<string>());
            }

            return result;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Simulation state
    // ---------------------------------------------------------------------------------------------

    private sealed class Formation(FormationDecl decl, int order)
    {
        public FormationDecl Decl { get; } = decl;
        public int Order { get; } = order;
        public List<Application> Applications { get; } = [];

        /// <summary>Latest accepted ranking (null until one is accepted).</summary>
        public List<string>? Ranked { get; set; }

        public int RankOfLastCalled { get; set; }

        public (string Establishment, string Mention, string Track) Wish => (Decl.Establishment, Decl.Mention, Decl.Track);

        public int Count(string status) => Applications.Count(a => a.Status == status);

        public int FreePlaces =>
            Decl.Capacity - Count(Status.AcceptedProvisional) - Count(Status.AcceptedDefinitive) - Count(Status.Offer);
    }

    private sealed class Candidate(string id)
    {
        public string Id { get; } = id;
        public List<Application> Applications { get; } = [];

        public Application? ApplicationTo(Formation f) => Applications.Find(a => a.Formation == f);
    }

    private sealed class Application(Candidate candidate, Formation formation)
    {
        public Candidate Candidate { get; } = candidate;
        public Formation Formation { get; } = formation;
        public string Status { get; set; } = ReferenceCampaign.Status.Submitted;

        /// <summary>1-based rank in the formation's final ranking; 0 when not ranked.</summary>
        public int Rank { get; set; }

        /// <summary>Meaningful only while Status is offer.</summary>
        public DateTimeOffset Deadline { get; set; }
    }

    private sealed class Simulation
    {
        private enum WorkKind { Opening, Round, Sweep }

        private readonly Scenario _scenario;
        private readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        private readonly Dictionary<string, Formation> _formations = new(StringComparer.Ordinal);
        private readonly List<Formation> _formationList = [];
        private readonly Dictionary<string, Candidate> _candidates = new(StringComparer.Ordinal);
        private readonly List<Candidate> _candidateList = [];
        private readonly List<(int Event, string Error)> _rejected = [];
        private readonly List<(DateTimeOffset At, WorkKind Kind)> _work = [];
        private int _nextWork;
        private bool _openingDone;

        private readonly DateTimeOffset _applyStart, _applyEnd, _rankStart, _rankEnd, _answerStart, _answerEnd;

        public Simulation(Scenario scenario)
        {
            _scenario = scenario;
            for (int i = 0; i < scenario.Formations.Count; i++)
            {
                var f = new Formation(scenario.Formations[i], i);
                _formations.Add(f.Decl.Id, f);
                _formationList.Add(f);
            }

            foreach (string id in scenario.Candidates)
            {
                var c = new Candidate(id);
                _candidates.Add(id, c);
                _candidateList.Add(c);
            }

            _applyStart = Paris(2, 25, 0, 0, 0);
            _applyEnd = Paris(3, 24, 23, 59, 59);
            _rankStart = Paris(3, 31, 0, 0, 0);
            _rankEnd = Paris(6, 1, 23, 59, 59);
            _answerStart = Paris(6, 2, 6, 0, 0);
            _answerEnd = Paris(6, 16, 23, 59, 59);

            _work.Add((Paris(6, 2, 6, 0, 0), WorkKind.Opening));
            for (int day = 3; day <= 16; day++)
            {
                _work.Add((Paris(6, day, 6, 0, 0), WorkKind.Round));
            }

            for (int day = 3; day <= 17; day++)
            {
                _work.Add((Paris(6, day, 0, 0, 0), WorkKind.Sweep));
            }

            _work.Sort((a, b) => a.At.CompareTo(b.At));
        }

        private DateTimeOffset Paris(int month, int day, int hour, int minute, int second)
        {
            var local = new DateTime(_scenario.Year, month, day, hour, minute, second, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, _paris.GetUtcOffset(local));
        }

        private static bool Within(DateTimeOffset t, DateTimeOffset start, DateTimeOffset endInclusive) =>
            t >= start && t <= endInclusive;

        // ----- driver -----

        public void Run()
        {
            // Stable sort: same instant keeps file order.
            foreach (var e in _scenario.Events.OrderBy(e => e.At.UtcDateTime))
            {
                RunWorkDueAtOrBefore(e.At);
                string? error = Process(e);
                if (error is not null)
                {
                    _rejected.Add((e.Index, error));
                }
            }

            if (_scenario.Until is { } until)
            {
                RunWorkDueAtOrBefore(until);
            }
        }

        private void RunWorkDueAtOrBefore(DateTimeOffset t)
        {
            while (_nextWork < _work.Count && _work[_nextWork].At <= t)
            {
                var (at, kind) = _work[_nextWork++];
                switch (kind)
                {
                    case WorkKind.Opening: OpeningRound(at); break;
                    case WorkKind.Round: FillAll(at); break;
                    case WorkKind.Sweep: Sweep(at); break;
                }
            }
        }

        private string? Process(ScenarioEvent e) => e.Type switch
        {
            EventType.Apply => Apply(e),
            EventType.Rank => Rank(e),
            EventType.Accept => Accept(e),
            EventType.Refuse => Refuse(e),
            EventType.Renounce => Renounce(e),
            _ => throw new InvalidOperationException("unreachable"),
        };

        // ----- scheduled work -----

        private void OpeningRound(DateTimeOffset at)
        {
            _openingDone = true;
            foreach (var f in _formationList)
            {
                foreach (var a in f.Applications)
                {
                    int index = f.Ranked?.IndexOf(a.Candidate.Id) ?? -1;
                    if (index >= 0)
                    {
                        a.Rank = index + 1;
                        a.Status = Status.Waitlisted;
                    }
                    else
                    {
                        a.Status = Status.NotRetained;
                    }
                }
            }

            FillAll(at);
        }

        private void Sweep(DateTimeOffset at)
        {
            foreach (var f in _formationList)
            {
                foreach (var a in f.Applications)
                {
                    if (a.Status == Status.Offer && a.Deadline < at)
                    {
                        a.Status = Status.Expired;
                    }
                }
            }

            FillAtOnceIfImmediate(at);
        }

        /// <summary>Offers every free place of every formation to its waitlisted candidates, in rank order.</summary>
        private void FillAll(DateTimeOffset at)
        {
            foreach (var f in _formationList)
            {
                int free = f.FreePlaces;
                if (free <= 0)
                {
                    continue;
                }

                var called = f.Applications.Where(a => a.Status == Status.Waitlisted).OrderBy(a => a.Rank).Take(free).ToList();
                foreach (var a in called)
                {
                    a.Status = Status.Offer;
                    a.Deadline = DeadlineForOfferMadeAt(at);
                    f.RankOfLastCalled = Math.Max(f.RankOfLastCalled, a.Rank);
                }
            }
        }

        private void FillAtOnceIfImmediate(DateTimeOffset at)
        {
            if (_scenario.ImmediateRelease && _openingDone && Within(at, _answerStart, _answerEnd))
            {
                FillAll(at);
            }
        }

        private DateTimeOffset DeadlineForOfferMadeAt(DateTimeOffset at)
        {
            var local = TimeZoneInfo.ConvertTime(at, _paris);
            if (local.Year != _scenario.Year || local.Month != 6 || local.Day < 2 || local.Day > 16)
            {
                throw new InvalidOperationException($"Reference model bug: an offer made at {local:O}, outside 2..16 June.");
            }

            int deadlineDay = local.Day switch
            {
                <= 4 => 5,
                <= 15 => local.Day + 1,
                _ => 16,
            };
            return Paris(6, deadlineDay, 23, 59, 59);
        }

        // ----- events -----

        private string? Apply(ScenarioEvent e)
        {
            if (!_candidates.TryGetValue(e.Candidate!, out var c)) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            if (!Within(e.At, _applyStart, _applyEnd)) return ErrorCode.WrongPhase;
            if (c.ApplicationTo(f) is not null) return ErrorCode.DuplicateApplication;

            var wishesOfTrack = c.Applications
                .Where(a => a.Formation.Decl.Track == f.Decl.Track)
                .Select(a => a.Formation.Wish)
                .ToHashSet();
            if (!wishesOfTrack.Contains(f.Wish) && wishesOfTrack.Count >= 15) return ErrorCode.WishLimit;

            var application = new Application(c, f);
            c.Applications.Add(application);
            f.Applications.Add(application);
            return null;
        }

        private string? Rank(ScenarioEvent e)
        {
            var ids = e.Ranked.Concat(e.NotRetained).ToList();
            if (ids.Any(id => !_candidates.ContainsKey(id))) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            if (!Within(e.At, _rankStart, _rankEnd)) return ErrorCode.WrongPhase;

            var applicants = f.Applications.Select(a => a.Candidate.Id).ToHashSet(StringComparer.Ordinal);
            if (ids.Any(id => !applicants.Contains(id))) return ErrorCode.NotAnApplicant;
            if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count) return ErrorCode.InvalidRanking;

            f.Ranked = [.. e.Ranked]; // replaces any earlier ranking; notRetained needs no storage
            return null;
        }

        /// <summary>Common checks for accept/refuse/renounce, in the documented precedence order.</summary>
        private string? LookUpAnswerTarget(ScenarioEvent e, out Candidate? c, out Application? a)
        {
            a = null;
            if (!_candidates.TryGetValue(e.Candidate!, out c)) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            if (!Within(e.At, _answerStart, _answerEnd)) return ErrorCode.WrongPhase;
            a = c.ApplicationTo(f);
            if (a is null) return ErrorCode.NotAnApplicant;
            return null;
        }

        private static bool OfferHasExpired(Application a, DateTimeOffset at) =>
            a.Status == Status.Expired || (a.Status == Status.Offer && at > a.Deadline);

        private string? Accept(ScenarioEvent e)
        {
            string? error = LookUpAnswerTarget(e, out var c, out var target);
            if (error is not null) return error;
            if (OfferHasExpired(target!, e.At)) return ErrorCode.OfferExpired;
            bool acceptable = target!.Status == Status.Offer
                              || (e.Definitive && target.Status == Status.AcceptedProvisional);
            if (!acceptable) return ErrorCode.NoOffer;

            foreach (var other in c!.Applications)
            {
                if (other == target)
                {
                    continue;
                }

                switch (other.Status)
                {
                    case Status.AcceptedProvisional or Status.AcceptedDefinitive: // previously held offer
                    case Status.Offer: // every other pending offer
                        other.Status = Status.Released;
                        break;
                    case Status.Waitlisted when e.Definitive:
                        other.Status = Status.Released;
                        break;
                    case Status.Waitlisted when e.KeepWaitlists is not null && !e.KeepWaitlists.Contains(other.Formation.Decl.Id):
                        other.Status = Status.Renounced;
                        break;
                }
            }

            target.Status = e.Definitive ? Status.AcceptedDefinitive : Status.AcceptedProvisional;
            FillAtOnceIfImmediate(e.At);
            return null;
        }

        private string? Refuse(ScenarioEvent e)
        {
            string? error = LookUpAnswerTarget(e, out _, out var target);
            if (error is not null) return error;
            if (OfferHasExpired(target!, e.At)) return ErrorCode.OfferExpired;
            if (target!.Status is not (Status.Offer or Status.AcceptedProvisional)) return ErrorCode.NoOffer;

            target.Status = Status.Refused;
            FillAtOnceIfImmediate(e.At);
            return null;
        }

        private string? Renounce(ScenarioEvent e)
        {
            string? error = LookUpAnswerTarget(e, out _, out var target);
            if (error is not null) return error;
            if (target!.Status != Status.Waitlisted) return ErrorCode.NotWaitlisted;

            target.Status = Status.Renounced;
            FillAtOnceIfImmediate(e.At); // no-op in practice: a waitlist entry holds no place
            return null;
        }

        // ----- output -----

        public JsonObject Output()
        {
            var rejected = new JsonArray();
            foreach (var (index, error) in _rejected.OrderBy(r => r.Event))
            {
                rejected.Add(new JsonObject { ["event"] = index, ["error"] = error });
            }

            var candidates = new JsonObject();
            foreach (var c in _candidateList)
            {
                var applications = new JsonObject();
                foreach (var a in c.Applications.OrderBy(a => a.Formation.Order))
                {
                    var entry = new JsonObject { ["status"] = a.Status };
                    if (a.Status == Status.Waitlisted)
                    {
                        entry["position"] = 1 + a.Formation.Applications.Count(o => o.Status == Status.Waitlisted && o.Rank < a.Rank);
                    }

                    if (a.Status == Status.Offer)
                    {
                        entry["deadline"] = TimeZoneInfo.ConvertTime(a.Deadline, _paris)
                            .ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                    }

                    applications[a.Formation.Decl.Id] = entry;
                }

                candidates[c.Id] = new JsonObject { ["applications"] = applications };
            }

            var formations = new JsonObject();
            foreach (var f in _formationList)
            {
                formations[f.Decl.Id] = new JsonObject
                {
                    ["capacity"] = f.Decl.Capacity,
                    ["acceptedProvisional"] = f.Count(Status.AcceptedProvisional),
                    ["acceptedDefinitive"] = f.Count(Status.AcceptedDefinitive),
                    ["pendingOffers"] = f.Count(Status.Offer),
                    ["waitlist"] = f.Count(Status.Waitlisted),
                    ["rankOfLastCalled"] = f.RankOfLastCalled,
                };
            }

            return new JsonObject { ["rejected"] = rejected, ["candidates"] = candidates, ["formations"] = formations };
        }
    }
}
