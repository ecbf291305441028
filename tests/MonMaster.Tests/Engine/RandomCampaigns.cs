using System.Text.Json.Nodes;
using MonMaster.Admission;

namespace MonMaster.Tests.Engine;

/// <summary>
/// Random campaigns from a seed: random capacities, applications, rankings (some replaced), answers,
/// silences, out-of-phase actions and clock jumps, in either release mode. Same seed, same scenario.
/// </summary>
public static class RandomCampaigns
{
    private static readonly string[] Mentions = ["Informatique", "Droit", "Mathématiques"];

    public static string Generate(int seed, int year = 2025)
    {
        var random = new Random(seed);
        var calendar = new CampaignCalendar(year);
        var release = random.Next(2) == 0 ? "daily" : "immediate";
        var formationCount = random.Next(1, 7);
        var candidateCount = random.Next(1, 14);
        var formations = Enumerable.Range(1, formationCount).Select(i => new JsonObject
        {
            ["id"] = $"F{i}",
            ["establishment"] = $"E{random.Next(1, 3)}",
            ["mention"] = Mentions[random.Next(Mentions.Length)],
            ["parcours"] = $"P{i}",
            ["track"] = random.Next(5) == 0 ? "work-study" : "classic",
            ["capacity"] = random.Next(0, 4),
        }).ToList();
        var candidates = Enumerable.Range(1, candidateCount).Select(i => $"C{i}").ToList();

        var events = new List<JsonObject>();
        var applied = candidates.ToDictionary(c => c, _ => new List<string>());
        foreach (var candidate in candidates)
            foreach (var formation in formations.Where(_ => random.Next(3) > 0))
            {
                var id = (string)formation["id"]!;
                events.Add(Event(Time(random, calendar.ApplicationOpens.AddDays(-2), calendar.ApplicationCloses.AddDays(1)), "apply",
                    ("candidate", candidate), ("formation", id)));
                applied[candidate].Add(id);
                if (random.Next(20) == 0) events.Add(Event(Time(random, calendar.ApplicationOpens, calendar.ApplicationCloses), "apply", ("candidate", candidate), ("formation", id)));
            }
        if (random.Next(4) == 0) events.Add(Event(calendar.ApplicationOpens.AddHours(3), "apply", ("candidate", "ghost"), ("formation", "F1")));

        foreach (var formation in formations)
        {
            var id = (string)formation["id"]!;
            var applicants = candidates.Where(c => applied[c].Contains(id)).OrderBy(_ => random.Next()).ToList();
            for (var version = 0; version < (random.Next(4) == 0 ? 2 : 1); version++)
            {
                var ranked = applicants.Where(_ => random.Next(5) > 0).OrderBy(_ => random.Next()).ToList();
                var notRetained = applicants.Except(ranked).Where(_ => random.Next(2) == 0).ToList();
                if (random.Next(15) == 0 && candidates.Count > 0) ranked.Add(candidates[random.Next(candidates.Count)]);
                var ranking = Event(Time(random, calendar.RankingOpens.AddDays(-3), calendar.RankingCloses.AddDays(1)), "rank", ("formation", id));
                ranking["ranked"] = new JsonArray([.. ranked.Select(c => JsonValue.Create(c))]);
                ranking["notRetained"] = new JsonArray([.. notRetained.Select(c => JsonValue.Create(c))]);
                events.Add(ranking);
            }
        }

        var answers = random.Next(candidateCount, candidateCount * 6);
        for (var i = 0; i < answers && candidates.Count > 0; i++)
        {
            var candidate = candidates[random.Next(candidates.Count)];
            var choices = applied[candidate];
            var formation = choices.Count > 0 && random.Next(10) > 0 ? choices[random.Next(choices.Count)] : $"F{random.Next(1, formationCount + 2)}";
            var at = Time(random, calendar.OpeningRound.AddHours(-7), calendar.MainAdmissionEnd.AddHours(2));
            var kind = random.Next(10);
            if (kind < 6)
            {
                var accept = Event(at, "accept", ("candidate", candidate), ("formation", formation),
                    ("mode", random.Next(3) == 0 ? "definitive" : "provisional"));
                if (random.Next(3) == 0)
                    accept["keepWaitlists"] = new JsonArray([.. choices.Where(_ => random.Next(2) == 0).Select(c => JsonValue.Create(c))]);
                events.Add(accept);
            }
            else if (kind < 8) events.Add(Event(at, "refuse", ("candidate", candidate), ("formation", formation)));
            else events.Add(Event(at, "renounce", ("candidate", candidate), ("formation", formation)));
        }

        events = [.. events.OrderBy(_ => random.Next())]; // file order is not time order: the replay sorts
        var until = random.Next(3) == 0 ? calendar.ComplementaryOpens.AddDays(2) : calendar.ComplementaryOpens;
        var scenario = new JsonObject
        {
            ["campaign"] = new JsonObject { ["year"] = year, ["offerRelease"] = release },
            ["formations"] = new JsonArray([.. formations]),
            ["candidates"] = new JsonArray([.. candidates.Select(c => new JsonObject { ["id"] = c })]),
            ["events"] = new JsonArray([.. events]),
            ["until"] = CampaignCalendar.Format(until),
        };
        return scenario.ToJsonString();
    }

    private static JsonObject Event(DateTimeOffset at, string type, params (string Name, string Value)[] fields)
    {
        var node = new JsonObject { ["at"] = CampaignCalendar.Format(at), ["type"] = type };
        foreach (var (name, value) in fields) node[name] = value;
        return node;
    }

    /// <summary>A time between two instants, often on an edge: midnight, just before 06:00, 06:00, 23:59:59.</summary>
    private static DateTimeOffset Time(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var days = Math.Max(0, (int)(to - from).TotalDays);
        var day = DateOnly.FromDateTime(CampaignCalendar.ToParis(from).DateTime).AddDays(random.Next(days + 1));
        var clock = random.Next(6) switch
        {
            0 => new TimeOnly(0, 0, 0),
            1 => new TimeOnly(5, 59, 59),
            2 => new TimeOnly(6, 0, 0),
            3 => new TimeOnly(23, 59, 59),
            _ => new TimeOnly(random.Next(7, 23), random.Next(60), 0),
        };
        var local = day.ToDateTime(clock);
        return new DateTimeOffset(local, CampaignCalendar.Paris.GetUtcOffset(local));
    }
}
