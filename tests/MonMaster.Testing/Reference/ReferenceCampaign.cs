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
    /// <param name="coverage">When given, records which errors each event met (see <see cref="ErrorCoverage"/>).</param>
    public static JsonObject Run(string scenarioJson, ErrorCoverage? coverage = null)
    {
        var scenario = ScenarioParser.Parse(scenarioJson);
        var simulation = new Simulation(scenario) { Coverage = coverage };
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
        public const string Incomplete = "incomplete";
        public const string ContractSearch = "contract-search";
    }

    private static class Contract
    {
        public const string Pending = "pending";
        public const string Validated = "validated";
        public const string Refused = "refused";
    }

    private static class ErrorCode
    {
        public const string UnknownCandidate = "unknown-candidate"; // 1
        public const string UnknownFormation = "unknown-formation"; // 2
        public const string WrongPhase = "wrong-phase"; // 3
        public const string NotAnApplicant = "not-an-applicant"; // 4
        public const string DuplicateApplication = "duplicate-application"; // 5
        public const string WishLimit = "wish-limit"; // 6
        public const string InvalidRanking = "invalid-ranking"; // 7
        public const string OfferExpired = "offer-expired"; // 8
        public const string NoOffer = "no-offer"; // 9
        public const string NotWaitlisted = "not-waitlisted"; // 10
        public const string NotEligible = "not-eligible"; // 11
        public const string NotRetainedBefore = "not-retained-before"; // 12
        public const string FormationClosed = "formation-closed"; // 13
        public const string NoPlaces = "no-places"; // 14
        public const string NotWorkStudy = "not-work-study"; // 15
        public const string ContractValidated = "contract-validated"; // 16
        public const string NotInContractSearch = "not-in-contract-search"; // 17
        public const string NoContract = "no-contract"; // 18
        public const string InvalidPreference = "invalid-preference"; // 19
        public const string ProvisionalNotAllowed = "provisional-not-allowed"; // 20
    }

    /// <summary>Academic regions with a single university (section 7 of the brochure).</summary>
    private static readonly HashSet<string> SingleUniversityRegions = new(StringComparer.Ordinal)
    {
        "Corse", "Guadeloupe", "Guyane", "La Réunion", "Martinique", "Nouvelle-Calédonie", "Polynésie française",
    };

    // ---------------------------------------------------------------------------------------------
    // Parsed scenario
    // ---------------------------------------------------------------------------------------------

    private sealed record FormationDecl(
        string Id, string Establishment, string Mention, string Parcours, string Track, int Capacity,
        IReadOnlyList<string> MandatoryPieces)
    {
        public bool WorkStudy => Track == "work-study";
    }

    private sealed record Referral(string Region, string LicenceYear);

    private sealed record CandidateDecl(string Id, Referral? Referral);

    private enum EventType
    {
        Apply, Rank, Accept, Refuse, Renounce, UploadPiece, AnswerWorkStudy, UploadContract, ValidateContract,
        RefuseContract, OpenComplementary, Preference, Refer, RectorProposal,
    }

    private sealed record ScenarioEvent(int Index, DateTimeOffset At, EventType Type)
    {
        public string? Candidate { get; init; }
        public string? Formation { get; init; }
        public IReadOnlyList<string> Ranked { get; init; } = [];
        public IReadOnlyList<string> NotRetained { get; init; } = [];
        public bool Definitive { get; init; }
        public IReadOnlyList<string>? KeepWaitlists { get; init; }
        public string? Piece { get; init; }
        /// <summary>answer-work-study: contract-search or not-retained.</summary>
        public string? Answer { get; init; }
        public int Places { get; init; }
        /// <summary>preference: the ordered formation ids.</summary>
        public IReadOnlyList<string> Formations { get; init; } = [];
        /// <summary>refer, rector-proposal: the academic region; refer: the licence's academic year.</summary>
        public string? Region { get; init; }
        public string? LicenceYear { get; init; }
    }

    private sealed record Scenario(
        int Year,
        bool ImmediateRelease,
        IReadOnlyList<FormationDecl> Formations,
        IReadOnlyList<CandidateDecl> Candidates,
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
            if (year < 2000 || year > 2999)
            {
                throw new ScenarioException($"campaign.year {year} is out of range (2000..2999).");
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

                var mandatory = new List<string>();
                if (f["pieces"] is not null)
                {
                    var pieces = f["pieces"] as JsonArray
                                 ?? throw new ScenarioException($"{where}.pieces must be an array of objects.");
                    for (int p = 0; p < pieces.Count; p++)
                    {
                        string pieceWhere = $"{where}.pieces[{p}]";
                        var piece = pieces[p] as JsonObject ?? throw new ScenarioException($"{pieceWhere} must be an object.");
                        string kind = RequireString(piece, "kind", pieceWhere);
                        if (OptionalBool(piece, "mandatory", pieceWhere) ?? false)
                        {
                            mandatory.Add(kind);
                        }
                    }
                }

                formations.Add(new FormationDecl(id, RequireString(f, "establishment", where), RequireString(f, "mention", where),
                    OptionalString(f, "parcours", where) ?? "", track, capacity, mandatory));
            }

            var candidates = new List<CandidateDecl>();
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

                Referral? referral = null;
                if (c["referral"] is not null)
                {
                    var r = c["referral"] as JsonObject ?? throw new ScenarioException($"{where}.referral must be an object.");
                    referral = new Referral(RequireString(r, "region", $"{where}.referral"), RequireString(r, "licenceYear", $"{where}.referral"));
                }

                candidates.Add(new CandidateDecl(id, referral));
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
                "upload-piece" => EventType.UploadPiece,
                "answer-work-study" => EventType.AnswerWorkStudy,
                "upload-contract" => EventType.UploadContract,
                "validate-contract" => EventType.ValidateContract,
                "refuse-contract" => EventType.RefuseContract,
                "open-complementary" => EventType.OpenComplementary,
                "preference" => EventType.Preference,
                "refer" => EventType.Refer,
                "rector-proposal" => EventType.RectorProposal,
                _ => throw new ScenarioException($"{where}: unknown event type \"{typeText}\"."),
            };
            DateTimeOffset at = ParseTime(o, "at", where);
            var e = new ScenarioEvent(index, at, type);

            switch (type)
            {
                case EventType.Rank:
                    // Decision: 'notRetained' may be omitted (treated as an empty list); 'ranked' is required.
                    return e with
                    {
                        Formation = RequireString(o, "formation", where),
                        Ranked = RequireStringArray(o, "ranked", where),
                        NotRetained = o["notRetained"] is null ? [] : RequireStringArray(o, "notRetained", where),
                    };

                case EventType.Accept:
                {
                    string mode = RequireString(o, "mode", where);
                    bool definitive = mode switch
                    {
                        "provisional" => false,
                        "definitive" => true,
                        _ => throw new ScenarioException($"{where}.mode must be \"provisional\" or \"definitive\", got \"{mode}\"."),
                    };
                    return e with
                    {
                        Candidate = RequireString(o, "candidate", where),
                        Formation = RequireString(o, "formation", where),
                        Definitive = definitive,
                        KeepWaitlists = o["keepWaitlists"] is null ? null : RequireStringArray(o, "keepWaitlists", where),
                    };
                }

                case EventType.UploadPiece:
                    return e with { Candidate = RequireString(o, "candidate", where), Piece = RequireString(o, "piece", where) };

                case EventType.AnswerWorkStudy:
                {
                    string answer = RequireString(o, "answer", where);
                    if (answer is not (Status.ContractSearch or Status.NotRetained))
                    {
                        throw new ScenarioException($"{where}.answer must be \"contract-search\" or \"not-retained\", got \"{answer}\".");
                    }

                    return e with
                    {
                        Candidate = RequireString(o, "candidate", where),
                        Formation = RequireString(o, "formation", where),
                        Answer = answer,
                    };
                }

                case EventType.OpenComplementary:
                    return e with { Formation = RequireString(o, "formation", where), Places = RequireInt(o, "places", where) };

                case EventType.Preference:
                    return e with
                    {
                        Candidate = RequireString(o, "candidate", where),
                        Formations = RequireStringArray(o, "formations", where),
                    };

                case EventType.Refer:
                {
                    var licence = RequireString(o, "licenceYear", where);
                    if (!Regex.IsMatch(licence, @"^\d{4}-\d{4}$") || int.Parse(licence[5..], CultureInfo.InvariantCulture) != int.Parse(licence[..4], CultureInfo.InvariantCulture) + 1)
                        throw new ScenarioException($"{where}.licenceYear must be an academic year such as 2024-2025.");
                    return e with { Candidate = RequireString(o, "candidate", where), Region = RequireString(o, "region", where), LicenceYear = licence };
                }

                case EventType.RectorProposal:
                    return e with
                    {
                        Region = RequireString(o, "region", where),
                        Candidate = RequireString(o, "candidate", where),
                        Formation = RequireString(o, "formation", where),
                    };

                default: // apply, refuse, renounce, upload-contract, validate-contract, refuse-contract
                    return e with { Candidate = RequireString(o, "candidate", where), Formation = RequireString(o, "formation", where) };
            }
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
            if (o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0)
            {
                return v.GetValue<string>();
            }

            throw new ScenarioException($"{where}: missing or invalid field '{name}' (a non-empty string is expected).");
        }

        private static string? OptionalString(JsonObject o, string name, string where) =>
            o[name] is null ? null : RequireString(o, name, where);

        private static bool? OptionalBool(JsonObject o, string name, string where)
        {
            if (o[name] is null)
            {
                return null;
            }

            if (o[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetValue<bool>();
            }

            throw new ScenarioException($"{where}: invalid field '{name}' (a boolean is expected).");
        }

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

        /// <summary>Every application to the formation, in the order they were made.</summary>
        public List<Application> Applications { get; } = [];

        /// <summary>Latest accepted main-phase ranking (null until one is accepted).</summary>
        public List<string>? Ranked { get; set; }

        /// <summary>The main-phase ranking's notRetained list (it matters for work-study formations).</summary>
        public List<string> NotRetained { get; set; } = [];

        /// <summary>Latest accepted complementary ranking of the new applications (null until one is accepted).</summary>
        public List<string>? ComplementaryRanked { get; set; }

        /// <summary>How many ranks the main phase handed out: complementary candidates follow them.</summary>
        public int MainRanks { get; set; }

        /// <summary>Places opened to new applications in the complementary phase; null when it does not take part.</summary>
        public int? ComplementaryPlaces { get; set; }

        public int RankOfLastCalled { get; set; }

        public (string Establishment, string Mention, string Track) Wish => (Decl.Establishment, Decl.Mention, Decl.Track);

        public int Count(string status) => Applications.Count(a => a.Status == status);

        public int Accepted => Count(Status.AcceptedProvisional) + Count(Status.AcceptedDefinitive);

        public int FreePlaces => Decl.Capacity - Accepted - Count(Status.Offer);

        /// <summary>Places held by new (complementary) applicants: offers and acceptances.</summary>
        public int HeldByNewApplicants => Applications.Count(a =>
            a.Complementary && a.Status is Status.Offer or Status.AcceptedProvisional or Status.AcceptedDefinitive);

        /// <summary>Applications the formation received: all but the incomplete ones.</summary>
        public IEnumerable<Application> Transmitted => Applications.Where(a => a.Status != Status.Incomplete);
    }

    private sealed class Candidate(CandidateDecl decl)
    {
        public string Id => Decl.Id;
        public CandidateDecl Decl { get; } = decl;
        public List<Application> Applications { get; } = [];

        /// <summary>Kinds of piece in the candidate's file.</summary>
        public HashSet<string> Pieces { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// The complementary phase's preference order, best first, the held offer (if any) last; null when the
        /// candidate did not send one.
        /// </summary>
        public List<Formation>? Preference { get; set; }

        public bool EverOffered { get; set; }

        public Application? ApplicationTo(Formation f) => Applications.Find(a => a.Formation == f);

        public Application? Held => Applications.Find(a => a.Status is Status.AcceptedProvisional or Status.AcceptedDefinitive);

        public bool HoldsDefinitive => Applications.Exists(a => a.Status == Status.AcceptedDefinitive);
    }

    private sealed class Application(Candidate candidate, Formation formation, bool complementary)
    {
        public Candidate Candidate { get; } = candidate;
        public Formation Formation { get; } = formation;

        /// <summary>Made in the complementary phase (17-23 June).</summary>
        public bool Complementary { get; } = complementary;

        public string Status { get; set; } = ReferenceCampaign.Status.Submitted;

        /// <summary>1-based rank in the formation's ranking (complementary ranks follow the main ones); 0 when not ranked.</summary>
        public int Rank { get; set; }

        /// <summary>Meaningful only while Status is offer.</summary>
        public DateTimeOffset Deadline { get; set; }

        /// <summary>Work-study: the formation's answer, hidden until 2 May.</summary>
        public string? WorkStudyAnswer { get; set; }

        /// <summary>Work-study: null (none filed), pending, validated or refused.</summary>
        public string? Contract { get; set; }

        /// <summary>Still in the running: may yet lead to an offer, or is one (the held offer is not remaining).</summary>
        public bool Remaining => Status is ReferenceCampaign.Status.Waitlisted or ReferenceCampaign.Status.ContractSearch
            or ReferenceCampaign.Status.Submitted or ReferenceCampaign.Status.Offer;
    }

    private sealed partial class Simulation
    {
        private enum WorkKind { CloseOfApplications, WorkStudyAnswers, Opening, Round, Sweep, PreferenceDeadline, SeventeenJuly }

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
        private bool _complementaryAdmissionDone;

        // Windows, inclusive at both ends.
        private readonly DateTimeOffset _applyStart, _applyEnd, _complementaryApplyStart, _complementaryApplyEnd;
        private readonly DateTimeOffset _rankStart, _rankEnd, _complementaryRankStart, _complementaryRankEnd;
        private readonly DateTimeOffset _answerStart, _answerEnd, _mainAnswerEnd, _workStudyAnswerStart, _workStudyAnswerEnd;
        private readonly DateTimeOffset _contractStart, _contractEnd;

        // Instants.
        private readonly DateTimeOffset _workStudyOffers, _complementaryAdmission, _automaticAnswersStart, _withdrawalsStart;

        public Simulation(Scenario scenario)
        {
            _scenario = scenario;
            for (int i = 0; i < scenario.Formations.Count; i++)
            {
                var f = new Formation(scenario.Formations[i], i);
                _formations.Add(f.Decl.Id, f);
                _formationList.Add(f);
            }

            foreach (var decl in scenario.Candidates)
            {
                var c = new Candidate(decl);
                _candidates.Add(c.Id, c);
                _candidateList.Add(c);
            }

            _applyStart = Paris(2, 25, 0, 0, 0);
            _applyEnd = Paris(3, 24, 23, 59, 59);
            _complementaryApplyStart = Paris(6, 17, 0, 0, 0);
            _complementaryApplyEnd = Paris(6, 23, 23, 59, 59);
            _rankStart = Paris(3, 31, 0, 0, 0);
            _rankEnd = Paris(6, 1, 23, 59, 59);
            _complementaryRankStart = Paris(6, 24, 0, 0, 0);
            _complementaryRankEnd = Paris(7, 7, 23, 59, 59);
            _answerStart = Paris(6, 2, 6, 0, 0);
            _mainAnswerEnd = Paris(6, 16, 23, 59, 59); // immediate release and main-phase offers stop here
            _answerEnd = Paris(8, 31, 23, 59, 59);
            _workStudyAnswerStart = Paris(3, 31, 0, 0, 0);
            _workStudyAnswerEnd = Paris(5, 1, 23, 59, 59);
            _contractStart = Paris(5, 2, 0, 0, 0);
            _contractEnd = Paris(8, 31, 23, 59, 59);

            _workStudyOffers = Paris(6, 13, 0, 0, 0);
            _automaticAnswersStart = Paris(6, 24, 0, 0, 0);
            _complementaryAdmission = Paris(7, 8, 0, 0, 0);
            _withdrawalsStart = Paris(7, 18, 0, 0, 0);

            _work.Add((Paris(3, 25, 0, 0, 0), WorkKind.CloseOfApplications));
            _work.Add((Paris(5, 2, 0, 0, 0), WorkKind.WorkStudyAnswers));
            _work.Add((Paris(6, 2, 6, 0, 0), WorkKind.Opening));
            for (int day = 3; day <= 16; day++)
            {
                _work.Add((Paris(6, day, 6, 0, 0), WorkKind.Round));
            }

            for (var day = new DateOnly(scenario.Year, 6, 24); day <= new DateOnly(scenario.Year, 8, 31); day = day.AddDays(1))
            {
                _work.Add((Paris(day.Month, day.Day, 6, 0, 0), WorkKind.Round));
            }

            for (int day = 3; day <= 17; day++)
            {
                _work.Add((Paris(6, day, 0, 0, 0), WorkKind.Sweep));
            }

            for (var day = new DateOnly(scenario.Year, 8, 19); day <= new DateOnly(scenario.Year, 9, 1); day = day.AddDays(1))
            {
                _work.Add((Paris(day.Month, day.Day, 0, 0, 0), WorkKind.Sweep));
            }

            _work.Add((Paris(6, 24, 0, 0, 0), WorkKind.PreferenceDeadline));
            _work.Add((Paris(7, 18, 0, 0, 0), WorkKind.SeventeenJuly));

            // No two kinds of work share an instant, so a plain sort by time is the schedule.
            _work.Sort((a, b) => a.At.CompareTo(b.At));
        }

        private DateTimeOffset Paris(int month, int day, int hour, int minute, int second)
        {
            var local = new DateTime(_scenario.Year, month, day, hour, minute, second, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, _paris.GetUtcOffset(local));
        }

        private static bool Within(DateTimeOffset t, DateTimeOffset start, DateTimeOffset endInclusive) =>
            t >= start && t <= endInclusive;

        /// <summary>Offers are answered automatically: 24 June 00:00 to 17 July 23:59:59.</summary>
        private bool AutomaticAnswers(DateTimeOffset at) => at >= _automaticAnswersStart && at < _withdrawalsStart;

        // ----- driver -----

        public void Run()
        {
            // Stable sort: same instant keeps file order.
            foreach (var e in _scenario.Events.OrderBy(e => e.At.UtcDateTime))
            {
                RunWorkDueAtOrBefore(e.At);
                var triggered = Triggered(e);
                var before = StatusBefore(e);
                string? error = Process(e);
                CheckPrecedence(e, triggered, error, before);
                if (error is not null)
                {
                    _rejected.Add((e.Index, error));
                }
            }

            if (_scenario.Until is { } until)
            {
                RunWorkDueAtOrBefore(until);
            }

            RecordFinalSituations();
        }

        private void RunWorkDueAtOrBefore(DateTimeOffset t)
        {
            while (_nextWork < _work.Count && _work[_nextWork].At <= t)
            {
                var (at, kind) = _work[_nextWork++];
                switch (kind)
                {
                    case WorkKind.CloseOfApplications: CloseOfApplications(); break;
                    case WorkKind.WorkStudyAnswers: WorkStudyAnswers(); break;
                    case WorkKind.Opening: OpeningRound(at); break;
                    case WorkKind.Round: Round(at); break;
                    case WorkKind.Sweep: Sweep(at); break;
                    case WorkKind.PreferenceDeadline: PreferenceDeadline(); break;
                    case WorkKind.SeventeenJuly: SeventeenJuly(); break;
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
            EventType.UploadPiece => UploadPiece(e),
            EventType.AnswerWorkStudy => AnswerWorkStudy(e),
            EventType.UploadContract => UploadContract(e),
            EventType.ValidateContract => ValidateOrRefuseContract(e, validate: true),
            EventType.RefuseContract => ValidateOrRefuseContract(e, validate: false),
            EventType.OpenComplementary => OpenComplementary(e),
            EventType.Preference => Preference(e),
            EventType.Refer => Refer(e),
            EventType.RectorProposal => RectorProposal(e),
            _ => throw new InvalidOperationException("unreachable"),
        };

        // ----- scheduled work -----

        /// <summary>25 March 00:00: an application lacking a mandatory piece of its formation is not transmitted.</summary>
        private void CloseOfApplications()
        {
            foreach (var c in _candidateList)
            {
                foreach (var a in c.Applications)
                {
                    if (a.Status == Status.Submitted && a.Formation.Decl.MandatoryPieces.Any(kind => !c.Pieces.Contains(kind)))
                    {
                        a.Status = Status.Incomplete;
                    }
                }
            }
        }

        /// <summary>2 May 00:00: work-study answers become visible; an unanswered application is not retained.</summary>
        private void WorkStudyAnswers()
        {
            foreach (var f in _formationList.Where(f => f.Decl.WorkStudy))
            {
                foreach (var a in f.Applications.Where(a => a.Status == Status.Submitted))
                {
                    a.Status = a.WorkStudyAnswer ?? Status.NotRetained;
                }
            }
        }

        private void OpeningRound(DateTimeOffset at)
        {
            _openingDone = true;
            foreach (var f in _formationList)
            {
                if (f.Decl.WorkStudy)
                {
                    OpenWorkStudy(f);
                    continue;
                }

                foreach (var a in f.Applications.Where(a => a.Status == Status.Submitted))
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

                f.MainRanks = f.Ranked?.Count ?? 0;
            }

            Round(at);
        }

        /// <summary>
        /// A work-study formation at the opening: contract-search and not-retained stay as answered; its notRetained
        /// list drops the candidates in contract search it names. A candidate keeps the rank the ranking gives (its
        /// place in <c>ranked</c>, even if some named candidates are not in contract search); those in contract
        /// search it does not name follow, by id.
        /// </summary>
        private static void OpenWorkStudy(Formation f)
        {
            var searching = f.Applications.Where(a => a.Status == Status.ContractSearch).ToList();
            foreach (var a in searching.Where(a => f.NotRetained.Contains(a.Candidate.Id)))
            {
                a.Status = Status.NotRetained;
            }

            var ranked = f.Ranked ?? [];
            int rank = ranked.Count;
            foreach (var a in searching.Where(a => a.Status == Status.ContractSearch).OrderBy(a => a.Candidate.Id, StringComparer.Ordinal))
            {
                int index = ranked.IndexOf(a.Candidate.Id);
                a.Rank = index >= 0 ? index + 1 : ++rank;
            }

            f.MainRanks = rank;
        }

        /// <summary>A morning round: 06:00 on 2-16 June and 24 June-31 August.</summary>
        private void Round(DateTimeOffset at)
        {
            if (!_complementaryAdmissionDone && at >= _complementaryAdmission)
            {
                ComplementaryAdmission();
            }

            if (at >= _workStudyOffers)
            {
                foreach (var a in _formationList.SelectMany(f => f.Applications))
                {
                    PromoteIfValidated(a);
                }
            }

            FillAll(at);
        }

        /// <summary>From 13 June: a contract-search placement with a validated contract joins the waitlist.</summary>
        private static void PromoteIfValidated(Application a)
        {
            if (a.Status == Status.ContractSearch && a.Contract == Contract.Validated)
            {
                a.Status = Status.Waitlisted;
            }
        }

        /// <summary>
        /// 8 July (first round at or after 00:00): the complementary rankings take effect. Ranked new applications
        /// follow the main ranking; the other new applications still submitted are not retained.
        /// </summary>
        private void ComplementaryAdmission()
        {
            _complementaryAdmissionDone = true;
            foreach (var f in _formationList)
            {
                foreach (var a in f.Applications.Where(a => a.Complementary && a.Status == Status.Submitted))
                {
                    int index = f.ComplementaryRanked?.IndexOf(a.Candidate.Id) ?? -1;
                    if (index >= 0)
                    {
                        a.Rank = f.MainRanks + index + 1;
                        a.Status = f.Decl.WorkStudy ? Status.ContractSearch : Status.Waitlisted;
                    }
                    else
                    {
                        a.Status = Status.NotRetained;
                    }
                }
            }
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

        /// <summary>
        /// 24 June 00:00: a candidate without a definitive acceptance who sent no preference order loses every
        /// remaining application; the provisional acceptance they hold becomes definitive.
        /// </summary>
        private void PreferenceDeadline()
        {
            foreach (var c in _candidateList.Where(c => c.Preference is null && !c.HoldsDefinitive))
            {
                foreach (var a in c.Applications.Where(a => a.Remaining))
                {
                    a.Status = Status.Released;
                }

                if (c.Held is { Status: Status.AcceptedProvisional } held)
                {
                    held.Status = Status.AcceptedDefinitive;
                }
            }
        }

        /// <summary>18 July 00:00: every provisional acceptance becomes definitive; the candidate's other applications are released.</summary>
        private void SeventeenJuly()
        {
            foreach (var c in _candidateList)
            {
                if (c.Held is not { Status: Status.AcceptedProvisional } held)
                {
                    continue;
                }

                held.Status = Status.AcceptedDefinitive;
                foreach (var a in c.Applications.Where(a => a.Remaining))
                {
                    a.Status = Status.Released;
                }
            }
        }

        /// <summary>
        /// Offers every free place of every formation to its waitlisted candidates, in rank order (new complementary
        /// applicants up to the formation's places). As in every round, all formations make their offers together.
        /// During the automatic answers those offers are then answered at once, and the places this releases are
        /// offered again (all formations together again), until a wave makes no offer.
        /// </summary>
        private void FillAll(DateTimeOffset at)
        {
            bool automatic = AutomaticAnswers(at);
            List<Application> wave;
            do
            {
                wave = [];
                foreach (var f in _formationList)
                {
                    while (f.FreePlaces > 0)
                    {
                        var next = f.Applications.Where(a => a.Status == Status.Waitlisted).MinBy(a => a.Rank);
                        if (next is null || (next.Complementary && f.HeldByNewApplicants >= (f.ComplementaryPlaces ?? 0)))
                        {
                            break;
                        }

                        MakeOffer(next, at);
                        wave.Add(next);
                    }
                }

                if (automatic)
                {
                    // A candidate's offers of the wave in any order give the same result: the best one held.
                    foreach (var offer in wave)
                    {
                        if (offer.Status == Status.Offer)
                        {
                            AnswerAutomatically(offer);
                        }
                    }
                }
            }
            while (automatic && wave.Count > 0);
        }

        private void MakeOffer(Application a, DateTimeOffset at)
        {
            a.Status = Status.Offer;
            a.Deadline = DeadlineForOfferMadeAt(at, a.Formation.Decl.WorkStudy);
            a.Formation.RankOfLastCalled = Math.Max(a.Formation.RankOfLastCalled, a.Rank);
            a.Candidate.EverOffered = true;
        }

        /// <summary>
        /// 24 June-17 July, for a candidate who sent a preference order: an offer ranked above the held one is
        /// accepted provisionally (the held one and every application ranked below are released); an offer ranked
        /// below the held one is released.
        /// </summary>
        private static void AnswerAutomatically(Application offer)
        {
            var c = offer.Candidate;
            if (c.Preference is null)
            {
                return; // cannot happen: such a candidate lost every application on 24 June
            }

            var held = c.Held;
            int index = PreferenceIndex(c, offer);
            if (held is not null && (held.Status == Status.AcceptedDefinitive || PreferenceIndex(c, held) < index))
            {
                offer.Status = Status.Released;
                return;
            }

            if (held is not null)
            {
                held.Status = Status.Released;
            }

            offer.Status = Status.AcceptedProvisional;
            foreach (var other in c.Applications.Where(a => a != offer && a.Remaining && PreferenceIndex(c, a) > index))
            {
                other.Status = Status.Released;
            }
        }

        /// <summary>Index in the candidate's preference order; the held offer is always last.</summary>
        private static int PreferenceIndex(Candidate c, Application a)
        {
            if (a.Status is Status.AcceptedProvisional or Status.AcceptedDefinitive)
            {
                return int.MaxValue;
            }

            int index = c.Preference!.IndexOf(a.Formation);
            return index >= 0 ? index : int.MaxValue - 1; // not in the order: just above the held offer
        }

        private void FillAtOnceIfImmediate(DateTimeOffset at)
        {
            if (_scenario.ImmediateRelease && _openingDone && Within(at, _answerStart, _mainAnswerEnd))
            {
                FillAll(at);
            }
        }

        private DateTimeOffset DeadlineForOfferMadeAt(DateTimeOffset at, bool workStudy)
        {
            var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _paris).DateTime);
            DateOnly On(int month, int day) => new(_scenario.Year, month, day);
            DateOnly deadline;
            if (local.Year != _scenario.Year)
            {
                throw new InvalidOperationException($"Reference model bug: an offer made on {local:O}, outside the campaign year.");
            }
            else if (local >= On(6, 2) && local <= On(6, 16))
            {
                deadline = workStudy ? On(6, 16)
                    : local <= On(6, 4) ? On(6, 5)
                    : local <= On(6, 15) ? local.AddDays(1)
                    : On(6, 16);
            }
            else if (local >= On(6, 24) && local <= On(7, 17))
            {
                deadline = On(7, 17);
            }
            else if (local >= On(7, 18) && local <= On(8, 17))
            {
                deadline = On(8, 18);
            }
            else if (local >= On(8, 18) && local <= On(8, 30))
            {
                deadline = local.AddDays(1);
            }
            else if (local == On(8, 31))
            {
                deadline = On(8, 31);
            }
            else
            {
                throw new InvalidOperationException($"Reference model bug: an offer made on {local:O}, when no offers are made.");
            }

            return Paris(deadline.Month, deadline.Day, 23, 59, 59);
        }

        // ----- events -----

        private string? Apply(ScenarioEvent e)
        {
            if (!_candidates.TryGetValue(e.Candidate!, out var c)) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            bool main = Within(e.At, _applyStart, _applyEnd);
            bool complementary = Within(e.At, _complementaryApplyStart, _complementaryApplyEnd);
            if (!main && !complementary) return ErrorCode.WrongPhase;

            var earlier = c.ApplicationTo(f);
            if (main)
            {
                if (earlier is not null) return ErrorCode.DuplicateApplication;
                if (IsNewWishBeyond(c, f, complementary: false, limit: 15)) return ErrorCode.WishLimit;
                AddApplication(c, f, complementary: false);
                return null;
            }

            // Complementary phase: a formation that found the file incomplete may be applied to again. One that did not
            // retain the candidate says so (not-retained-before is reported instead of duplicate-application); any other
            // earlier application is a duplicate.
            if (earlier is { Status: Status.NotRetained }) return ErrorCode.NotRetainedBefore;
            if (earlier is not null && earlier.Status != Status.Incomplete) return ErrorCode.DuplicateApplication;
            if (IsNewWishBeyond(c, f, complementary: true, limit: 10)) return ErrorCode.WishLimit;
            if (c.HoldsDefinitive) return ErrorCode.NotEligible;
            if (earlier is { Status: Status.NotRetained }) return ErrorCode.NotRetainedBefore;
            if (f.ComplementaryPlaces is null) return ErrorCode.FormationClosed;

            if (earlier is not null)
            {
                c.Applications.Remove(earlier);
                f.Applications.Remove(earlier);
            }

            AddApplication(c, f, complementary: true);
            if (c.Preference is { } order)
            {
                // An application made after the order is put just above the held offer.
                var held = c.Held;
                int heldIndex = held is null ? -1 : order.IndexOf(held.Formation);
                order.Insert(heldIndex >= 0 ? heldIndex : order.Count, f);
            }

            return null;
        }

        /// <summary>
        /// Whether f is a new wish (establishment, mention, track) beyond the limit on its track, counting the
        /// wishes of the same phase only.
        /// </summary>
        private static bool IsNewWishBeyond(Candidate c, Formation f, bool complementary, int limit)
        {
            var wishesOfTrack = c.Applications
                .Where(a => a.Complementary == complementary && a.Formation.Decl.Track == f.Decl.Track)
                .Select(a => a.Formation.Wish)
                .ToHashSet();
            return !wishesOfTrack.Contains(f.Wish) && wishesOfTrack.Count >= limit;
        }

        private static Application AddApplication(Candidate c, Formation f, bool complementary)
        {
            var application = new Application(c, f, complementary);
            c.Applications.Add(application);
            f.Applications.Add(application);
            return application;
        }

        private string? Rank(ScenarioEvent e)
        {
            var ids = e.Ranked.Concat(e.NotRetained).ToList();
            if (ids.Any(id => !_candidates.ContainsKey(id))) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            bool main = Within(e.At, _rankStart, _rankEnd);
            bool complementary = Within(e.At, _complementaryRankStart, _complementaryRankEnd);
            if (!main && !complementary) return ErrorCode.WrongPhase;

            // Incomplete applications were never transmitted: the formation does not know them.
            var applicants = f.Transmitted.Select(a => a.Candidate.Id).ToHashSet(StringComparer.Ordinal);
            if (ids.Any(id => !applicants.Contains(id))) return ErrorCode.NotAnApplicant;
            if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count) return ErrorCode.InvalidRanking;

            if (main)
            {
                f.Ranked = [.. e.Ranked]; // replaces any earlier ranking
                f.NotRetained = [.. e.NotRetained];
                return null;
            }

            // Complementary: only the new applications, each still submitted.
            var fresh = f.Applications.Where(a => a.Complementary && a.Status == Status.Submitted)
                .Select(a => a.Candidate.Id).ToHashSet(StringComparer.Ordinal);
            if (ids.Any(id => !fresh.Contains(id))) return ErrorCode.InvalidRanking;
            f.ComplementaryRanked = [.. e.Ranked];
            return null;
        }

        /// <summary>Common checks of the events on one application, in the documented precedence order.</summary>
        private string? LookUp(ScenarioEvent e, DateTimeOffset start, DateTimeOffset end, out Candidate? c, out Application? a)
        {
            a = null;
            if (!_candidates.TryGetValue(e.Candidate!, out c)) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            if (!Within(e.At, start, end)) return ErrorCode.WrongPhase;
            a = c.ApplicationTo(f);
            if (a is null) return ErrorCode.NotAnApplicant;
            return null;
        }

        private static bool OfferHasExpired(Application a, DateTimeOffset at) =>
            a.Status == Status.Expired || (a.Status == Status.Offer && at > a.Deadline);

        private string? Accept(ScenarioEvent e)
        {
            string? error = LookUp(e, _answerStart, _answerEnd, out var c, out var target);
            if (error is not null) return error;
            if (OfferHasExpired(target!, e.At)) return ErrorCode.OfferExpired;
            bool acceptable = target!.Status == Status.Offer
                              || (e.Definitive && target.Status == Status.AcceptedProvisional);
            if (!acceptable) return ErrorCode.NoOffer;
            if (!e.Definitive && e.At >= _withdrawalsStart) return ErrorCode.ProvisionalNotAllowed;

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
                    case Status.Waitlisted or Status.ContractSearch or Status.Submitted when e.Definitive:
                        other.Status = Status.Released; // the candidate leaves the procedure
                        break;
                    case Status.Waitlisted or Status.ContractSearch
                        when e.KeepWaitlists is not null && !e.KeepWaitlists.Contains(other.Formation.Decl.Id):
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
            string? error = LookUp(e, _answerStart, _answerEnd, out _, out var target);
            if (error is not null) return error;
            if (OfferHasExpired(target!, e.At)) return ErrorCode.OfferExpired;
            if (target!.Status is not (Status.Offer or Status.AcceptedProvisional)) return ErrorCode.NoOffer;

            target.Status = Status.Refused;
            FillAtOnceIfImmediate(e.At);
            return null;
        }

        private string? Renounce(ScenarioEvent e)
        {
            string? error = LookUp(e, _answerStart, _answerEnd, out _, out var target);
            if (error is not null) return error;
            bool renounceable = target!.Status is Status.Waitlisted or Status.ContractSearch
                                || (target.Complementary && target.Status == Status.Submitted);
            if (!renounceable) return ErrorCode.NotWaitlisted;

            target.Status = Status.Renounced;
            return null; // a waitlist entry holds no place
        }

        private string? UploadPiece(ScenarioEvent e)
        {
            if (!_candidates.TryGetValue(e.Candidate!, out var c)) return ErrorCode.UnknownCandidate;
            c.Pieces.Add(e.Piece!);
            return null;
        }

        private string? AnswerWorkStudy(ScenarioEvent e)
        {
            string? error = LookUp(e, _workStudyAnswerStart, _workStudyAnswerEnd, out _, out var target);
            if (error is not null) return error;
            if (target!.Status == Status.Incomplete) return ErrorCode.NotAnApplicant; // never transmitted
            if (!target.Formation.Decl.WorkStudy) return ErrorCode.NotWorkStudy;

            target.WorkStudyAnswer = e.Answer; // shown from 2 May
            return null;
        }

        private string? UploadContract(ScenarioEvent e)
        {
            string? error = LookUp(e, _contractStart, _contractEnd, out _, out var target);
            if (error is not null) return error;
            if (!target!.Formation.Decl.WorkStudy) return ErrorCode.NotWorkStudy;
            if (target.Contract == Contract.Validated) return ErrorCode.ContractValidated;
            if (target.Status != Status.ContractSearch) return ErrorCode.NotInContractSearch;

            target.Contract = Contract.Pending;
            return null;
        }

        private string? ValidateOrRefuseContract(ScenarioEvent e, bool validate)
        {
            string? error = LookUp(e, _contractStart, _contractEnd, out _, out var target);
            if (error is not null) return error;
            if (!target!.Formation.Decl.WorkStudy) return ErrorCode.NotWorkStudy;
            if (target.Contract != Contract.Pending) return ErrorCode.NoContract;

            if (!validate)
            {
                target.Contract = Contract.Refused;
                return null;
            }

            target.Contract = Contract.Validated;
            if (e.At >= _workStudyOffers)
            {
                PromoteIfValidated(target);
                FillAtOnceIfImmediate(e.At);
            }

            return null;
        }

        private string? OpenComplementary(ScenarioEvent e)
        {
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            if (!Within(e.At, _answerStart, _complementaryApplyEnd)) return ErrorCode.WrongPhase;
            if (e.Places < 1 || e.Places > f.Decl.Capacity - f.Accepted) return ErrorCode.NoPlaces;

            f.ComplementaryPlaces = e.Places; // replaces an earlier number
            return null;
        }

        private string? Preference(ScenarioEvent e)
        {
            if (!_candidates.TryGetValue(e.Candidate!, out var c)) return ErrorCode.UnknownCandidate;
            var order = new List<Formation>();
            foreach (string id in e.Formations)
            {
                if (!_formations.TryGetValue(id, out var f)) return ErrorCode.UnknownFormation;
                order.Add(f);
            }

            if (!Within(e.At, _complementaryApplyStart, _complementaryApplyEnd)) return ErrorCode.WrongPhase;
            if (order.Any(f => c.ApplicationTo(f) is null)) return ErrorCode.NotAnApplicant;
            if (c.HoldsDefinitive) return ErrorCode.NotEligible;

            var held = c.Held; // provisional here: a definitive one was refused above
            var remaining = c.Applications.Where(a => a.Remaining).Select(a => a.Formation).ToHashSet();
            bool valid = order.Distinct().Count() == order.Count
                         && order.All(f => remaining.Contains(f) || f == held?.Formation)
                         && remaining.All(order.Contains);
            if (!valid) return ErrorCode.InvalidPreference;

            // The held offer, named or not, is always put last.
            order.RemoveAll(f => f == held?.Formation);
            if (held is not null)
            {
                order.Add(held.Formation);
            }

            c.Preference = order; // replaces an earlier order
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

                    if (a.Contract is not null)
                    {
                        entry["contract"] = a.Contract;
                    }

                    applications[a.Formation.Decl.Id] = entry;
                }

                candidates[c.Id] = new JsonObject { ["applications"] = applications };
            }

            var formations = new JsonObject();
            var accessRates = new JsonObject();
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
                accessRates[f.Decl.Id] = f.RankOfLastCalled == 0
                    ? null
                    : JsonValue.Create(Math.Round((decimal)f.RankOfLastCalled / f.Transmitted.Count(), 4, MidpointRounding.ToEven));
            }

            var output = new JsonObject
            {
                ["rejected"] = rejected, ["candidates"] = candidates, ["formations"] = formations, ["accessRates"] = accessRates,
            };
            if (_candidateList.Any(c => c.Decl.Referral is not null))
            {
                output["referralEligibility"] = ReferralEligibility();
            }

            if (_scenario.Events.Any(e => e.Type is EventType.Refer or EventType.RectorProposal))
            {
                output["referrals"] = Desks();
            }

            return output;
        }

        /// <summary>Section 7: the criteria a candidate misses for a referral in this region with this licence.</summary>
        private List<string> Unmet(Candidate c, Referral referral)
        {
            int y = _scenario.Year;
            var recentLicences = new[] { $"{y - 3}-{y - 2}", $"{y - 2}-{y - 1}", $"{y - 1}-{y}" };
            var transmitted = c.Applications.Where(a => a.Status != Status.Incomplete).ToList();
            var unmet = new List<string>();
            if (c.EverOffered) unmet.Add("offer-received");
            if (!recentLicences.Contains(referral.LicenceYear)) unmet.Add("licence-too-old");
            if (SingleUniversityRegions.Contains(referral.Region))
            {
                if (transmitted.Count < 2) unmet.Add("too-few-applications");
            }
            else
            {
                if (transmitted.Count < 5) unmet.Add("too-few-applications");
                if (transmitted.Select(a => a.Formation.Decl.Mention).Distinct(StringComparer.Ordinal).Count() < 2) unmet.Add("too-few-mentions");
                if (transmitted.Select(a => a.Formation.Decl.Establishment).Distinct(StringComparer.Ordinal).Count() < 2) unmet.Add("too-few-establishments");
            }

            return unmet;
        }

        // ----- the rector's offices (section 7) -----

        /// <summary>Each region's referred candidates in filing order, with the formations proposed to each.</summary>
        private readonly Dictionary<string, List<(Candidate Candidate, List<Formation> Proposals)>> _desks = new(StringComparer.Ordinal);
        private readonly HashSet<Candidate> _referred = [];

        private string? Refer(ScenarioEvent e)
        {
            if (!_candidates.TryGetValue(e.Candidate!, out var c)) return ErrorCode.UnknownCandidate;
            if (e.At < _withdrawalsStart || e.At > _withdrawalsStart.AddDays(15).AddSeconds(-1)) return ErrorCode.WrongPhase;
            if (_referred.Contains(c)) return "already-referred";
            if (Unmet(c, new Referral(e.Region!, e.LicenceYear!)).Count > 0) return "not-eligible-for-referral";
            _referred.Add(c);
            if (!_desks.TryGetValue(e.Region!, out var desk)) _desks[e.Region!] = desk = [];
            desk.Add((c, []));
            return null;
        }

        private string? RectorProposal(ScenarioEvent e)
        {
            if (!_candidates.TryGetValue(e.Candidate!, out var c)) return ErrorCode.UnknownCandidate;
            if (!_formations.TryGetValue(e.Formation!, out var f)) return ErrorCode.UnknownFormation;
            if (e.At < _withdrawalsStart || e.At > _answerEnd) return ErrorCode.WrongPhase;
            var referral = _desks.TryGetValue(e.Region!, out var desk) ? desk.FirstOrDefault(r => r.Candidate == c) : default;
            var earlier = c.ApplicationTo(f);
            // The error order: duplicate-application (5) and no-places (14) before not-referred (23).
            if ((referral.Candidate is not null && referral.Proposals.Contains(f)) || earlier is { Status: Status.Offer or Status.AcceptedProvisional or Status.AcceptedDefinitive })
                return ErrorCode.DuplicateApplication;
            if (f.FreePlaces <= 0) return "no-places";
            if (referral.Candidate is null) return "not-referred";
            var a = earlier ?? AddApplication(c, f, complementary: false);
            // A proposal is an offer outside any ranking: it does not move the rank of the last called.
            a.Status = Status.Offer;
            a.Deadline = DeadlineForOfferMadeAt(e.At, f.Decl.WorkStudy);
            c.EverOffered = true;
            referral.Proposals.Add(f);
            if (c.HoldsDefinitive) a.Status = Status.Released; // a candidate who accepted definitively has left
            return null;
        }

        private JsonObject Desks()
        {
            var regions = _scenario.Events.Where(e => e.Type is EventType.Refer or EventType.RectorProposal).Select(e => e.Region!)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var result = new JsonObject();
            foreach (var region in regions)
            {
                var desk = new JsonObject();
                foreach (var (c, proposals) in _desks.GetValueOrDefault(region) ?? [])
                    desk[c.Id] = new JsonArray([.. proposals.Select(f => (JsonNode?)JsonValue.Create(f.Decl.Id))]);
                result[region] = desk;
            }

            return result;
        }

        /// <summary>Section 7 of the brochure: who may refer their case to the rector, and which criteria they miss.</summary>
        private JsonObject ReferralEligibility()
        {
            var result = new JsonObject();
            foreach (var c in _candidateList.Where(c => c.Decl.Referral is not null))
            {
                var unmet = Unmet(c, c.Decl.Referral!);
                result[c.Id] = new JsonObject
                {
                    ["eligible"] = unmet.Count == 0,
                    ["unmet"] = new JsonArray([.. unmet.Select(u => (JsonNode?)JsonValue.Create(u))]),
                };
            }

            return result;
        }
    }
}
