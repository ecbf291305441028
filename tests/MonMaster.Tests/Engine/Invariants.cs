using MonMaster.Grains;
using MonMaster.Silo.Replay;

namespace MonMaster.Tests.Engine;

/// <summary>
/// The engine's invariants, checked on the grains' own state after every step of a campaign:
/// one held offer, capacity, rank order, no idle place after a round, positions never rising,
/// and the candidate's and the formation's records agreeing.
/// </summary>
public sealed class Invariants(IGrainFactory grains, Scenario scenario, bool immediate)
{
    private readonly Dictionary<(string, string), int> lastPositions = [];
    public int Checks { get; private set; }

    public async Task CheckAsync(string step, DateTimeOffset at)
    {
        Checks++;
        var calendar = new MonMaster.Admission.CampaignCalendar(scenario.Year);
        // Work due at T runs before events at T, so from the opening instant on the opening round has run.
        var mayOffer = step == "round" || (immediate && calendar.MakesOffers(at));
        var formations = await Task.WhenAll(scenario.Formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetSnapshot()));
        var candidates = await Task.WhenAll(scenario.Candidates.Select(c => grains.GetGrain<ICandidateGrain>(c).GetSnapshot()));
        Consistency.Check(formations, candidates, mayOffer);
        foreach (var application in formations.SelectMany(f => f.Applications).Where(a => a.Status == "waitlisted"))
        {
            var key = (application.CandidateId, application.FormationId);
            if (lastPositions.TryGetValue(key, out var before))
                Assert.True(application.Position <= before, $"after {step}: {application.CandidateId} moved back from {before} to {application.Position} at {application.FormationId}");
            lastPositions[key] = application.Position!.Value;
        }
    }
}
