namespace MonMaster.Tests.Reference;

/// <summary>
/// Which errors an event meets, and which pairs of errors the campaigns run so far have met together.
/// </summary>
/// <remarks>
/// Filled by <see cref="ReferenceCampaign.Run"/> when given one: for each event, every error whose condition holds
/// (not only the one reported), so that a test can ask whether the random campaigns ever put two errors of a
/// precedence list on one action — the only way an order between them is ever exercised.
/// </remarks>
public sealed class ErrorCoverage
{
    private readonly HashSet<(string Type, string First, string Second)> pairs = [];
    private readonly HashSet<(string Type, string Error)> singles = [];

    public IReadOnlySet<(string Type, string First, string Second)> Pairs => pairs;
    public IReadOnlySet<(string Type, string Error)> Singles => singles;

    /// <summary>Situations the rules single out, met at least once (e.g. a rector's proposal on a pending offer).</summary>
    public IReadOnlySet<string> Situations => situations;

    private readonly HashSet<string> situations = [];

    internal void Saw(string situation) => situations.Add(situation);

    internal void Record(string type, IReadOnlyList<string> triggered)
    {
        for (var i = 0; i < triggered.Count; i++)
        {
            singles.Add((type, triggered[i]));
            for (var j = i + 1; j < triggered.Count; j++) pairs.Add((type, triggered[i], triggered[j]));
        }
    }
}

public static partial class ReferenceCampaign
{
    /// <summary>
    /// The error order of docs/replay.md ("when several apply, the first in this order is reported"), with
    /// not-retained-before moved right after wrong-phase as the docs say (it is reported in place of
    /// duplicate-application).
    /// </summary>
    private static readonly string[] ErrorOrder =
    [
        "unknown-candidate", "unknown-formation", "wrong-phase", "not-retained-before", "not-an-applicant", "duplicate-application",
        "wish-limit", "invalid-ranking", "offer-expired", "no-offer", "not-waitlisted", "not-eligible", "formation-closed",
        "no-places", "not-work-study", "contract-validated", "not-in-contract-search", "no-contract", "invalid-preference",
        "provisional-not-allowed", "already-referred", "not-eligible-for-referral", "not-referred",
    ];

    /// <summary>The errors each event can meet (the "Events" column of the docs' error table), in precedence order.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PrecedenceLists = new Dictionary<string, string[]>
    {
        ["apply"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-retained-before", "duplicate-application", "wish-limit", "not-eligible", "formation-closed"),
        ["rank"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "invalid-ranking"),
        ["accept"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "offer-expired", "no-offer", "provisional-not-allowed"),
        ["refuse"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "offer-expired", "no-offer"),
        ["renounce"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "not-waitlisted"),
        ["upload-piece"] = Ordered("unknown-candidate"),
        ["answer-work-study"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "not-work-study"),
        ["upload-contract"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "not-work-study", "contract-validated", "not-in-contract-search"),
        ["validate-contract"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "not-work-study", "no-contract"),
        ["refuse-contract"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "not-work-study", "no-contract"),
        ["open-complementary"] = Ordered("unknown-formation", "wrong-phase", "no-places"),
        ["preference"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "not-an-applicant", "not-eligible", "invalid-preference"),
        ["refer"] = Ordered("unknown-candidate", "wrong-phase", "already-referred", "not-eligible-for-referral"),
        ["rector-proposal"] = Ordered("unknown-candidate", "unknown-formation", "wrong-phase", "duplicate-application", "no-places", "not-referred"),
    };

    private static string[] Ordered(params string[] codes)
    {
        var unknown = codes.Except(ErrorOrder).ToList();
        if (unknown.Count > 0) throw new InvalidOperationException($"Reference model bug: {string.Join(", ", unknown)} not in the error order.");
        return [.. ErrorOrder.Where(codes.Contains)];
    }

    private static string TypeName(EventType type) => type switch
    {
        EventType.Apply => "apply",
        EventType.Rank => "rank",
        EventType.Accept => "accept",
        EventType.Refuse => "refuse",
        EventType.Renounce => "renounce",
        EventType.UploadPiece => "upload-piece",
        EventType.AnswerWorkStudy => "answer-work-study",
        EventType.UploadContract => "upload-contract",
        EventType.ValidateContract => "validate-contract",
        EventType.RefuseContract => "refuse-contract",
        EventType.OpenComplementary => "open-complementary",
        EventType.Preference => "preference",
        EventType.Refer => "refer",
        EventType.RectorProposal => "rector-proposal",
        _ => throw new InvalidOperationException("unreachable"),
    };

    private sealed partial class Simulation
    {
        public ErrorCoverage? Coverage { get; init; }

        /// <summary>
        /// The model's handlers stop at the first error they find, in the order they were written. This checks that
        /// order against the docs: every error whose condition holds is evaluated here, each on its own from the
        /// docs' "When" column, and the handler must have reported the first of them in the precedence list (or
        /// nothing when none holds).
        /// </summary>
        private void CheckPrecedence(ScenarioEvent e, IReadOnlyList<string> triggered, string? reported, string? before)
        {
            var type = TypeName(e.Type);
            var expected = triggered.Count > 0 ? triggered[0] : null;
            if (reported != expected)
                throw new InvalidOperationException(
                    $"Reference model bug: event {e.Index} ({type} at {e.At:O}) met [{string.Join(", ", triggered)}], " +
                    $"so the error order gives {expected ?? "no error"}, but the model answered {reported ?? "no error"}.");
            if (Coverage is null) return;
            Coverage.Record(type, triggered);
            _candidates.TryGetValue(e.Candidate ?? "", out var c);
            _formations.TryGetValue(e.Formation ?? "", out var f);
            if (e.Type == EventType.RectorProposal && c is not null && f is not null && !triggered.Contains("wrong-phase"))
                Coverage.Saw($"rector-proposal on {before ?? "no application"}: {reported ?? "taken"}");
            if (e.Type == EventType.Rank && reported is null && f is { Decl.WorkStudy: true }
                && f.Applications.Any(a => e.NotRetained.Contains(a.Candidate.Id) && (a.Status == Status.ContractSearch || a.WorkStudyAnswer == Status.ContractSearch)))
                Coverage.Saw("work-study ranking with a candidate in contract search not retained");
        }

        /// <summary>The status of the application the event names, before it runs (null: none).</summary>
        private string? StatusBefore(ScenarioEvent e) =>
            _candidates.TryGetValue(e.Candidate ?? "", out var c) && _formations.TryGetValue(e.Formation ?? "", out var f) ? c.ApplicationTo(f)?.Status : null;

        /// <summary>The situations only the end of the campaign shows.</summary>
        private void RecordFinalSituations()
        {
            if (Coverage is null) return;
            foreach (var f in _formationList.Where(f => f.Decl.WorkStudy && f.RankOfLastCalled > 0))
            {
                Coverage.Saw("work-study candidate called");
                if (f.NotRetained.Count > 0) Coverage.Saw("work-study candidate called where the ranking did not retain some");
            }
        }

        /// <summary>Every error of the event's precedence list whose condition holds in the state before the event.</summary>
        private List<string> Triggered(ScenarioEvent e)
        {
            var type = TypeName(e.Type);
            var met = new HashSet<string>(StringComparer.Ordinal);
            _candidates.TryGetValue(e.Candidate ?? "", out var c);
            _formations.TryGetValue(e.Formation ?? "", out var f);
            var a = c is not null && f is not null ? c.ApplicationTo(f) : null;
            var t = e.At;
            void If(bool condition, string code)
            {
                if (condition) met.Add(code);
            }

            switch (e.Type)
            {
                case EventType.Apply:
                {
                    var main = Within(t, _applyStart, _applyEnd);
                    var complementary = Within(t, _complementaryApplyStart, _complementaryApplyEnd);
                    If(c is null, "unknown-candidate");
                    If(f is null, "unknown-formation");
                    If(!main && !complementary, "wrong-phase");
                    If(complementary && a?.Status == Status.NotRetained, "not-retained-before");
                    // Already applied; an incomplete file may be applied for again in the complementary phase.
                    If(a is not null && !(complementary && a.Status == Status.Incomplete), "duplicate-application");
                    If(c is not null && f is not null && (main || complementary) && IsNewWishBeyond(c, f, complementary, complementary ? 10 : 15), "wish-limit");
                    If(complementary && c is not null && c.HoldsDefinitive, "not-eligible");
                    If(complementary && f is not null && f.ComplementaryPlaces is null, "formation-closed");
                    break;
                }
                case EventType.Rank:
                {
                    var ids = e.Ranked.Concat(e.NotRetained).ToList();
                    var complementary = Within(t, _complementaryRankStart, _complementaryRankEnd);
                    If(ids.Any(id => !_candidates.ContainsKey(id)), "unknown-candidate");
                    If(f is null, "unknown-formation");
                    If(!Within(t, _rankStart, _rankEnd) && !complementary, "wrong-phase");
                    If(f is not null && ids.Any(id => _candidates.ContainsKey(id) && !f.Transmitted.Any(x => x.Candidate.Id == id)), "not-an-applicant");
                    If(ids.Distinct(StringComparer.Ordinal).Count() != ids.Count, "invalid-ranking");
                    // In the complementary phase a ranking names only new applications still submitted.
                    If(complementary && f is not null && ids.Any(id => !f.Applications.Any(x => x.Candidate.Id == id && x.Complementary && x.Status == Status.Submitted)), "invalid-ranking");
                    break;
                }
                case EventType.Accept or EventType.Refuse or EventType.Renounce or EventType.AnswerWorkStudy
                    or EventType.UploadContract or EventType.ValidateContract or EventType.RefuseContract:
                {
                    var (start, end) = e.Type switch
                    {
                        EventType.AnswerWorkStudy => (_workStudyAnswerStart, _workStudyAnswerEnd),
                        EventType.UploadContract or EventType.ValidateContract or EventType.RefuseContract => (_contractStart, _contractEnd),
                        _ => (_answerStart, _answerEnd),
                    };
                    If(c is null, "unknown-candidate");
                    If(f is null, "unknown-formation");
                    If(!Within(t, start, end), "wrong-phase");
                    // A work-study answer needs an application the formation received.
                    If(c is not null && f is not null && (a is null || (e.Type == EventType.AnswerWorkStudy && a.Status == Status.Incomplete)), "not-an-applicant");
                    If(f is not null && !f.Decl.WorkStudy, "not-work-study");
                    var expired = a is not null && (a.Status == Status.Expired || (a.Status == Status.Offer && t > a.Deadline));
                    If(expired, "offer-expired");
                    var answerable = e.Type == EventType.Accept
                        ? a?.Status == Status.Offer || (e.Definitive && a?.Status == Status.AcceptedProvisional)
                        : a?.Status is Status.Offer or Status.AcceptedProvisional;
                    If(a is not null && !answerable, "no-offer");
                    If(!e.Definitive && t >= _withdrawalsStart, "provisional-not-allowed");
                    If(a is not null && !(a.Status is Status.Waitlisted or Status.ContractSearch || (a.Complementary && a.Status == Status.Submitted)), "not-waitlisted");
                    If(a?.Contract == Contract.Validated, "contract-validated");
                    If(a is not null && a.Status != Status.ContractSearch, "not-in-contract-search");
                    If(a is not null && a.Contract != Contract.Pending, "no-contract");
                    break;
                }
                case EventType.UploadPiece:
                    If(c is null, "unknown-candidate");
                    break;
                case EventType.OpenComplementary:
                    If(f is null, "unknown-formation");
                    If(!Within(t, _answerStart, _complementaryApplyEnd), "wrong-phase");
                    If(f is not null && (e.Places < 1 || e.Places > f.Decl.Capacity - f.Accepted), "no-places");
                    break;
                case EventType.Preference:
                {
                    var named = e.Formations.Where(_formations.ContainsKey).Select(id => _formations[id]).ToList();
                    If(c is null, "unknown-candidate");
                    If(e.Formations.Any(id => !_formations.ContainsKey(id)), "unknown-formation");
                    If(!Within(t, _complementaryApplyStart, _complementaryApplyEnd), "wrong-phase");
                    If(c is not null && named.Any(x => c.ApplicationTo(x) is null), "not-an-applicant");
                    If(c is not null && c.HoldsDefinitive, "not-eligible");
                    if (c is not null)
                    {
                        var held = c.Held?.Formation;
                        var remaining = c.Applications.Where(x => x.Remaining).Select(x => x.Formation).ToHashSet();
                        var valid = e.Formations.Distinct(StringComparer.Ordinal).Count() == e.Formations.Count
                            && named.Count == e.Formations.Count
                            && named.All(x => remaining.Contains(x) || x == held)
                            && remaining.All(named.Contains);
                        If(!valid, "invalid-preference");
                    }
                    break;
                }
                case EventType.Refer:
                    If(c is null, "unknown-candidate");
                    If(!Within(t, _withdrawalsStart, _withdrawalsStart.AddDays(15).AddSeconds(-1)), "wrong-phase"); // 18 Jul - 1 Aug 23:59:59
                    If(c is not null && _referred.Contains(c), "already-referred");
                    If(c is not null && Unmet(c, new Referral(e.Region!, e.LicenceYear!)).Count > 0, "not-eligible-for-referral");
                    break;
                case EventType.RectorProposal:
                {
                    var referral = c is not null && _desks.TryGetValue(e.Region!, out var desk) ? desk.FirstOrDefault(r => r.Candidate == c) : default;
                    If(c is null, "unknown-candidate");
                    If(f is null, "unknown-formation");
                    If(!Within(t, _withdrawalsStart, _answerEnd), "wrong-phase");
                    If((f is not null && referral.Candidate is not null && referral.Proposals.Contains(f))
                       || a?.Status is Status.Offer or Status.AcceptedProvisional or Status.AcceptedDefinitive, "duplicate-application");
                    If(f is not null && f.FreePlaces <= 0, "no-places");
                    If(c is not null && referral.Candidate is null, "not-referred");
                    break;
                }
            }

            // Only the errors the docs list for this event count.
            return [.. PrecedenceLists[type].Where(met.Contains)];
        }
    }
}
