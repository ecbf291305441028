using System.Text.Json.Nodes;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Silo.Replay;

/// <summary>
/// Runs a scenario through the real grains on a virtual clock. Between two steps it waits until every
/// cascade has settled, so the outcome depends only on the scenario.
/// </summary>
public sealed class ReplayRunner(IGrainFactory grains, Deliveries deliveries)
{
    /// <summary>Called once every cascade of a step has settled: after each event ("event") and each scheduled work ("round", "sweep"), with its time.</summary>
    public Func<string, DateTimeOffset, Task>? AfterStep { get; init; }

    public async Task<JsonObject> RunAsync(Scenario scenario)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(scenario.Year);
        var calendar = new CampaignCalendar(scenario.Year);
        var start = new[] { calendar.Publication, scenario.Events.Select(e => e.At).DefaultIfEmpty(calendar.Publication).Min() }.Min();
        await campaign.Configure(new CampaignSettings(scenario.Release, VirtualClock: true, VirtualStart: start));
        foreach (var formation in scenario.Formations) await campaign.AddFormation(formation);
        await Task.WhenAll(scenario.Candidates.Select(id => grains.GetGrain<ICandidateGrain>(id).Create(scenario.Year)));

        var rejected = new JsonArray();
        foreach (var step in scenario.Timeline)
        {
            await AdvanceAsync(campaign, step.At);
            var result = await ExecuteAsync(step);
            await deliveries.WhenIdle();
            if (AfterStep is { } check) await check("event", step.At);
            if (result.Error is { } error) rejected.Add(new JsonObject { ["event"] = step.Index, ["error"] = error });
        }
        await AdvanceAsync(campaign, scenario.Until);

        var output = await OutputAsync(scenario);
        output["rejected"] = new JsonArray([.. rejected.OrderBy(r => (int)r!["event"]!).Select(r => r!.DeepClone())]);
        return output;
    }

    /// <summary>Work due at time T runs before events stamped T, one piece at a time, each cascade settled.</summary>
    private async Task AdvanceAsync(ICampaignGrain campaign, DateTimeOffset to)
    {
        while (await campaign.RunNextDueWork(to) is { } work)
        {
            await deliveries.WhenIdle();
            if (AfterStep is { } check) await check(work.Kind == WorkKind.MorningRound ? "round" : "sweep", work.At);
        }
        await campaign.AdvanceClock(to);
        await deliveries.WhenIdle();
    }

    private Task<CommandResult> ExecuteAsync(ScenarioEvent step) => step switch
    {
        ApplyEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Apply(e.Formation),
        RankEvent e => grains.GetGrain<IFormationGrain>(e.Formation).Rank(e.Ranked, e.NotRetained),
        AcceptEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Accept(e.Formation, e.Mode, e.KeepWaitlists),
        RefuseEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Refuse(e.Formation),
        RenounceEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Renounce(e.Formation),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private async Task<JsonObject> OutputAsync(Scenario scenario)
    {
        var snapshots = await Task.WhenAll(scenario.Formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetSnapshot()));
        var byFormation = scenario.Formations.Zip(snapshots).ToDictionary(p => p.First.Id, p => p.Second);
        var views = snapshots.SelectMany(s => s.Applications).ToDictionary(a => (a.CandidateId, a.FormationId));

        var candidates = new JsonObject();
        foreach (var id in scenario.Candidates)
        {
            var file = await grains.GetGrain<ICandidateGrain>(id).GetSnapshot();
            var applications = new JsonObject();
            foreach (var answer in file.Applications)
                applications[answer.FormationId] = Application(views[(id, answer.FormationId)]);
            candidates[id] = new JsonObject { ["applications"] = applications };
        }

        var formations = new JsonObject();
        foreach (var formation in scenario.Formations)
        {
            var stats = byFormation[formation.Id].Stats;
            formations[formation.Id] = new JsonObject
            {
                ["capacity"] = stats.Capacity,
                ["acceptedProvisional"] = stats.AcceptedProvisional,
                ["acceptedDefinitive"] = stats.AcceptedDefinitive,
                ["pendingOffers"] = stats.PendingOffers,
                ["waitlist"] = stats.Waitlist,
                ["rankOfLastCalled"] = stats.RankOfLastCalled,
            };
        }
        return new JsonObject { ["rejected"] = null, ["candidates"] = candidates, ["formations"] = formations };
    }

    private static JsonObject Application(ApplicationView view)
    {
        var node = new JsonObject { ["status"] = view.Status };
        if (view.Position is { } position) node["position"] = position;
        if (view.Deadline is { } deadline) node["deadline"] = CampaignCalendar.Format(deadline);
        return node;
    }
}
