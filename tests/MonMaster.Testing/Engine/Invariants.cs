using System.Globalization;
using System.Text.Json.Nodes;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Replay;

namespace MonMaster.Tests.Engine;

/// <summary>
/// The engine's invariants, checked on the grains' own state after every step of a campaign:
/// one held offer, capacity, rank order, no idle place after a round (within the places a formation opened to
/// new complementary applicants), positions never rising (but for work-study candidates with a validated contract who
/// come onto the waitlist ahead), the candidate's and the formation's records agreeing,
/// and in the automatic period (24 June - 17 July) the fixpoint of every round.
/// </summary>
/// <remarks>
/// The steps are the replay's: each event (in time order, same-time events in file order) and each piece of
/// scheduled work. To know what the grains do not show — the places each formation opened, which applications
/// are new (complementary) and each candidate's preference order — the invariants follow the scenario's events
/// and decide from the state after each one whether it was taken, by the rules of docs/replay.md.
/// </remarks>
public sealed class Invariants
{
    private static readonly TimeZoneInfo ParisZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly IGrainFactory grains;
    private readonly Scenario scenario;
    private readonly bool immediate;
    private readonly List<JsonObject> events;
    private readonly HashSet<(string Candidate, string Formation)> mainApplications;
    private readonly Dictionary<(string, string), int> lastPositions = [];
    private readonly Dictionary<string, int> places = [];
    private readonly Dictionary<string, List<string>> orders = [];
    private HashSet<(string Candidate, string Formation)> applications = [];
    private int nextEvent;
    private DateTimeOffset now;
    private readonly HashSet<string> workStudy;
    private readonly DateTimeOffset workStudyOffersFrom;

    private readonly DateTimeOffset immediateFrom, immediateTo, complementaryFrom, complementaryTo, openFrom, automaticFrom, automaticTo;

    public Invariants(IGrainFactory grains, Scenario scenario, JsonObject json, bool immediate)
    {
        this.grains = grains;
        this.scenario = scenario;
        this.immediate = immediate;
        var year = scenario.Year;
        DateTimeOffset Paris(int month, int day, int hour = 0, int minute = 0, int second = 0)
        {
            var local = new DateTime(year, month, day, hour, minute, second);
            return new DateTimeOffset(local, ParisZone.GetUtcOffset(local));
        }

        immediateFrom = Paris(6, 2, 6);
        workStudyOffersFrom = Paris(6, 13, 6);
        workStudy = scenario.Formations.Where(f => f.Track == Track.WorkStudy).Select(f => f.Id).ToHashSet();
        immediateTo = Paris(6, 16, 23, 59, 59);
        openFrom = Paris(6, 2, 6);
        complementaryFrom = Paris(6, 17);
        complementaryTo = Paris(6, 23, 23, 59, 59);
        automaticFrom = Paris(6, 24);
        automaticTo = Paris(7, 18);

        // The replay runs events in time order, same-time events in file order (a stable sort).
        events = [.. json["events"]!.AsArray().Select(e => e!.AsObject()).OrderBy(At)];
        mainApplications = events
            .Where(e => Type(e) == "apply" && At(e) >= Paris(2, 25) && At(e) <= Paris(3, 24, 23, 59, 59))
            .Select(e => ((string)e["candidate"]!, (string)e["formation"]!)).ToHashSet();
    }

    public int Checks { get; private set; }

    public async Task CheckAsync(string step, DateTimeOffset at)
    {
        Checks++;
        now = at;
        var formations = await Task.WhenAll(scenario.Formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetSnapshot()));
        var candidates = await Task.WhenAll(scenario.Candidates.Select(c => grains.GetGrain<ICandidateGrain>(c).GetSnapshot()));
        if (step == "event") Follow(events[nextEvent++], formations);
        applications = formations.SelectMany(f => f.Applications).Select(a => (a.CandidateId, a.FormationId)).ToHashSet();

        // Work due at T runs before events at T, so from the opening instant on the opening round has run.
        var mayOffer = step == "round" || (immediate && at >= immediateFrom && at <= immediateTo);
        Consistency.Check(formations, candidates, mayOffer, SomeoneCallableWaits);
        if (step == "round" && at >= automaticFrom && at < automaticTo)
            Consistency.CheckAutomaticFixpoint(formations, orders, Callable, step + " " + at.ToString("O", CultureInfo.InvariantCulture));

        // A position moves back only when a work-study candidate ranked ahead comes onto the waitlist with a
        // validated contract (from contract search): by at most the number of them.
        var waiting = formations.SelectMany(f => f.Applications).Where(a => a.Status == ApplicationStatus.Waitlisted).ToList();
        var cameWithContract = waiting.Where(a => a.Contract == ContractState.Validated && !lastPositions.ContainsKey((a.CandidateId, a.FormationId))).ToList();
        foreach (var application in waiting)
        {
            var key = (application.CandidateId, application.FormationId);
            if (lastPositions.TryGetValue(key, out var before))
            {
                var ahead = cameWithContract.Count(a => a.FormationId == application.FormationId && a.Rank < application.Rank);
                Assert.True(application.Position <= before + ahead,
                    $"after {step}: {application.CandidateId} moved back from {before} to {application.Position} at {application.FormationId} ({ahead} came onto the waitlist ahead)");
            }
        }
        lastPositions.Clear();
        foreach (var application in waiting) lastPositions[(application.CandidateId, application.FormationId)] = application.Position!.Value;
    }

    /// <summary>Whether a waiting candidate could be called now: new applicants only within the places the formation opened.</summary>
    private bool Callable(FormationSnapshot formation, ApplicationView application)
    {
        if (application.Status != ApplicationStatus.Waitlisted) return false;
        if (!IsNew(application)) return true;
        var heldByNew = formation.Applications.Count(a =>
            IsNew(a) && a.Status is ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive);
        return heldByNew < places.GetValueOrDefault(formation.Stats.FormationId);
    }

    // Work-study formations make offers from 13 June 06:00 only, though a validated contract puts its candidate on the
    // waitlist from 00:00.
    private bool SomeoneCallableWaits(FormationSnapshot formation) =>
        !(workStudy.Contains(formation.Stats.FormationId) && now < workStudyOffersFrom) && formation.Applications.Any(a => Callable(formation, a));

    private bool IsNew(ApplicationView application) => !mainApplications.Contains((application.CandidateId, application.FormationId));

    /// <summary>Records what an event did, judged from the state right after it (these events change nothing else).</summary>
    private void Follow(JsonObject e, IReadOnlyList<FormationSnapshot> formations)
    {
        var at = At(e);
        var views = formations.SelectMany(f => f.Applications).ToList();
        switch (Type(e))
        {
            case "open-complementary":
            {
                var id = (string)e["formation"]!;
                var formation = formations.FirstOrDefault(f => f.Stats.FormationId == id);
                var count = (int)e["places"]!;
                if (formation is null || at < openFrom || at > complementaryTo) return;
                var s = formation.Stats;
                if (count >= 1 && count <= s.Capacity - s.AcceptedProvisional - s.AcceptedDefinitive) places[id] = count;
                return;
            }
            case "preference":
            {
                var candidate = (string)e["candidate"]!;
                var order = e["formations"]!.AsArray().Select(f => (string)f!).ToList();
                var mine = views.Where(a => a.CandidateId == candidate).ToDictionary(a => a.FormationId, a => a.Status);
                if (at < complementaryFrom || at > complementaryTo || !scenario.Candidates.Contains(candidate)) return;
                if (order.Any(f => !mine.ContainsKey(f)) || mine.ContainsValue(ApplicationStatus.AcceptedDefinitive)) return;
                var held = mine.Where(a => a.Value == ApplicationStatus.AcceptedProvisional).Select(a => a.Key).SingleOrDefault();
                var remaining = mine.Where(a => a.Value is ApplicationStatus.Waitlisted or ApplicationStatus.ContractSearch or ApplicationStatus.Submitted).Select(a => a.Key).ToHashSet();
                var named = order.Where(f => f != held).ToList();
                if (order.Distinct().Count() != order.Count || !remaining.SetEquals(named)) return;
                orders[candidate] = held is null ? named : [.. named, held];
                return;
            }
            case "apply":
            {
                // Taken after the order: the new application goes just above the held offer (the last one, if any).
                var key = ((string)e["candidate"]!, (string)e["formation"]!);
                if (applications.Contains(key) || !views.Any(a => (a.CandidateId, a.FormationId) == key)) return;
                if (!orders.TryGetValue(key.Item1, out var order)) return;
                var held = views.Where(a => a.CandidateId == key.Item1 && a.Status == ApplicationStatus.AcceptedProvisional).Select(a => a.FormationId).SingleOrDefault();
                var index = held is null ? -1 : order.IndexOf(held);
                order.Insert(index >= 0 ? index : order.Count, key.Item2);
                return;
            }
        }
    }

    private static string Type(JsonObject e) => (string)e["type"]!;

    private static DateTimeOffset At(JsonObject e) => DateTimeOffset.Parse((string)e["at"]!, CultureInfo.InvariantCulture);
}
