using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Replay;

/// <summary>A malformed scenario: the message says what is wrong and where.</summary>
public sealed class ScenarioException(string message) : Exception(message);

public abstract record ScenarioEvent(int Index, DateTimeOffset At);
public sealed record ApplyEvent(int Index, DateTimeOffset At, string Candidate, string Formation) : ScenarioEvent(Index, At);
public sealed record RankEvent(int Index, DateTimeOffset At, string Formation, IReadOnlyList<string> Ranked, IReadOnlyList<string> NotRetained) : ScenarioEvent(Index, At);
public sealed record AcceptEvent(int Index, DateTimeOffset At, string Candidate, string Formation, AcceptMode Mode, IReadOnlyList<string>? KeepWaitlists) : ScenarioEvent(Index, At);
public sealed record RefuseEvent(int Index, DateTimeOffset At, string Candidate, string Formation) : ScenarioEvent(Index, At);
public sealed record RenounceEvent(int Index, DateTimeOffset At, string Candidate, string Formation) : ScenarioEvent(Index, At);
public sealed record UploadPieceEvent(int Index, DateTimeOffset At, string Candidate, string Piece) : ScenarioEvent(Index, At);
public sealed record AnswerWorkStudyEvent(int Index, DateTimeOffset At, string Formation, string Candidate, bool ContractSearch) : ScenarioEvent(Index, At);
public sealed record UploadContractEvent(int Index, DateTimeOffset At, string Candidate, string Formation) : ScenarioEvent(Index, At);
public sealed record DecideContractEvent(int Index, DateTimeOffset At, string Formation, string Candidate, bool Validate) : ScenarioEvent(Index, At);
public sealed record OpenComplementaryEvent(int Index, DateTimeOffset At, string Formation, int Places) : ScenarioEvent(Index, At);
public sealed record ReferEvent(int Index, DateTimeOffset At, string Candidate, string Region, int LicenceYear) : ScenarioEvent(Index, At);
public sealed record RectorProposalEvent(int Index, DateTimeOffset At, string Region, string Candidate, string Formation) : ScenarioEvent(Index, At);
public sealed record PreferenceEvent(int Index, DateTimeOffset At, string Candidate, IReadOnlyList<string> Formations) : ScenarioEvent(Index, At);

/// <summary>What a candidate declares for the rector referral (section 7): their academic region and licence year.</summary>
public sealed record ReferralProfile(string Region, int LicenceYear);

/// <summary>The replay input: a campaign, its formations and candidates, and timed events (docs/replay.md).</summary>
public sealed record Scenario(
    int Year, OfferRelease Release, IReadOnlyList<FormationInfo> Formations, IReadOnlyList<string> Candidates,
    IReadOnlyList<ScenarioEvent> Events, DateTimeOffset Until)
{
    /// <summary>Candidates who declared a region and a licence: the output says whether they may refer to the rector.</summary>
    public IReadOnlyDictionary<string, ReferralProfile> Referrals { get; init; } = new Dictionary<string, ReferralProfile>();

    /// <summary>Events in time order; events with the same time keep their file order.</summary>
    public IEnumerable<ScenarioEvent> Timeline => Events.OrderBy(e => e.At).ThenBy(e => e.Index);

    public static Scenario Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new ScenarioException($"The scenario is not valid JSON: {e.Message}"); }
        using (document) return Parse(document.RootElement);
    }

    private static Scenario Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ScenarioException("The scenario must be a JSON object.");
        var campaign = Optional(root, "campaign", "scenario");
        var year = campaign is { } c && c.TryGetProperty("year", out var y) ? Int(y, "campaign.year") : 2025;
        if (year is < 2000 or > 2999) throw new ScenarioException($"campaign.year must be a year between 2000 and 2999, not {year}.");
        var release = campaign is { } c2 && c2.TryGetProperty("offerRelease", out var r)
            ? Text(r, "campaign.offerRelease") switch
            {
                "daily" => OfferRelease.Daily,
                "immediate" => OfferRelease.Immediate,
                var other => throw new ScenarioException($"campaign.offerRelease must be \"daily\" or \"immediate\", not \"{other}\"."),
            }
            : OfferRelease.Daily;

        var formations = Array(root, "formations").Select((f, i) =>
        {
            var where = $"formations[{i}]";
            var track = Codes.ParseTrack(Text(Required(f, "track", where), $"{where}.track"))
                ?? throw new ScenarioException($"{where}.track must be \"classic\" or \"work-study\".");
            var capacity = Int(Required(f, "capacity", where), $"{where}.capacity");
            if (capacity < 0) throw new ScenarioException($"{where}.capacity cannot be negative.");
            return new FormationInfo(Text(Required(f, "id", where), $"{where}.id"), year,
                Text(Required(f, "establishment", where), $"{where}.establishment"),
                Text(Required(f, "mention", where), $"{where}.mention"),
                f.TryGetProperty("parcours", out var p) ? Text(p, $"{where}.parcours") : "",
                track, capacity, f.TryGetProperty("pieces", out var pieces) ? Pieces(pieces, $"{where}.pieces") : null);
        }).ToList();
        Unique(formations.Select(f => f.Id), "formation");

        var declared = Array(root, "candidates").ToList();
        var candidates = declared.Select((c, i) => Text(Required(c, "id", $"candidates[{i}]"), $"candidates[{i}].id")).ToList();
        Unique(candidates, "candidate");
        var referrals = new Dictionary<string, ReferralProfile>();
        for (var i = 0; i < declared.Count; i++)
        {
            if (!declared[i].TryGetProperty("referral", out var referral)) continue;
            var where = $"candidates[{i}].referral";
            var licence = Text(Required(referral, "licenceYear", where), $"{where}.licenceYear");
            referrals[candidates[i]] = new ReferralProfile(Text(Required(referral, "region", where), $"{where}.region"),
                RectorReferral.ParseAcademicYear(licence) ?? throw new ScenarioException($"{where}.licenceYear must be an academic year such as \"2024-2025\"."));
        }

        var events = Array(root, "events").Select(ParseEvent).ToList();
        var until = root.TryGetProperty("until", out var u) ? Time(u, "until")
            : events.Count > 0 ? events.Max(e => e.At) : new CampaignCalendar(year).Publication;
        if (events.FirstOrDefault(e => e.At > until) is { } late)
            throw new ScenarioException($"events[{late.Index}] is at {late.At:O}, after \"until\" ({until:O}).");
        return new Scenario(year, release, formations, candidates, events, until) { Referrals = referrals };
    }

    private static ScenarioEvent ParseEvent(JsonElement e, int index)
    {
        var where = $"events[{index}]";
        var at = Time(Required(e, "at", where), $"{where}.at");
        string Field(string name) => Text(Required(e, name, where), $"{where}.{name}");
        IReadOnlyList<string> Ids(string name, bool required) =>
            e.TryGetProperty(name, out var list) ? TextArray(list, $"{where}.{name}")
            : required ? throw new ScenarioException($"{where} needs \"{name}\".") : [];
        return Field("type") switch
        {
            "apply" => new ApplyEvent(index, at, Field("candidate"), Field("formation")),
            "rank" => new RankEvent(index, at, Field("formation"), Ids("ranked", true), Ids("notRetained", false)),
            "accept" => new AcceptEvent(index, at, Field("candidate"), Field("formation"),
                Codes.ParseMode(Field("mode")) ?? throw new ScenarioException($"{where}.mode must be \"provisional\" or \"definitive\"."),
                e.TryGetProperty("keepWaitlists", out var keep) && keep.ValueKind != JsonValueKind.Null ? TextArray(keep, $"{where}.keepWaitlists") : null),
            "refuse" => new RefuseEvent(index, at, Field("candidate"), Field("formation")),
            "renounce" => new RenounceEvent(index, at, Field("candidate"), Field("formation")),
            "upload-piece" => new UploadPieceEvent(index, at, Field("candidate"), Field("piece")),
            "answer-work-study" => new AnswerWorkStudyEvent(index, at, Field("formation"), Field("candidate"), Field("answer") switch
            {
                "contract-search" => true,
                "not-retained" => false,
                _ => throw new ScenarioException($"{where}.answer must be \"contract-search\" or \"not-retained\"."),
            }),
            "upload-contract" => new UploadContractEvent(index, at, Field("candidate"), Field("formation")),
            "validate-contract" => new DecideContractEvent(index, at, Field("formation"), Field("candidate"), true),
            "refuse-contract" => new DecideContractEvent(index, at, Field("formation"), Field("candidate"), false),
            "open-complementary" => new OpenComplementaryEvent(index, at, Field("formation"), Int(Required(e, "places", where), $"{where}.places")),
            "preference" => new PreferenceEvent(index, at, Field("candidate"), Ids("formations", true)),
            "refer" => new ReferEvent(index, at, Field("candidate"), Field("region"), RectorReferral.ParseAcademicYear(Field("licenceYear"))
                ?? throw new ScenarioException($"{where}.licenceYear must be an academic year such as \"2024-2025\".")),
            "rector-proposal" => new RectorProposalEvent(index, at, Field("region"), Field("candidate"), Field("formation")),
            var other => throw new ScenarioException($"{where}.type \"{other}\" is not an event type (apply, rank, accept, refuse, renounce, upload-piece, answer-work-study, upload-contract, validate-contract, refuse-contract, open-complementary, preference, refer, rector-proposal)."),
        };
    }

    private static IReadOnlyList<RequiredPiece> Pieces(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new ScenarioException($"{where} must be an array.");
        return [.. e.EnumerateArray().Select((p, i) =>
        {
            var mandatory = Required(p, "mandatory", $"{where}[{i}]");
            if (mandatory.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new ScenarioException($"{where}[{i}].mandatory must be true or false.");
            return new RequiredPiece(Text(Required(p, "kind", $"{where}[{i}]"), $"{where}[{i}].kind"), mandatory.GetBoolean());
        })];
    }

    private static JsonElement? Optional(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.Object ? value
            : throw new ScenarioException($"{where}.{name} must be an object.") : null;

    private static JsonElement Required(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) ? value
            : throw new ScenarioException($"{where} needs \"{name}\".");

    private static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList()
        : throw new ScenarioException($"\"{name}\" must be an array.");

    private static string Text(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s
            : throw new ScenarioException($"{where} must be a non-empty string.");

    private static IReadOnlyList<string> TextArray(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().Select((x, i) => Text(x, $"{where}[{i}]"))]
            : throw new ScenarioException($"{where} must be an array of strings.");

    private static int Int(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) ? n : throw new ScenarioException($"{where} must be an integer.");

    /// <summary>An ISO 8601 time with its offset: a time without one would depend on the machine's time zone.</summary>
    private static DateTimeOffset Time(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { } text
        && System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
        && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t)
            ? t : throw new ScenarioException($"{where} must be an ISO 8601 time with its offset, e.g. 2025-06-02T09:00:00+02:00.");

    private static void Unique(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>();
        foreach (var id in ids)
            if (!seen.Add(id)) throw new ScenarioException($"The {what} \"{id}\" is declared twice.");
    }
}
