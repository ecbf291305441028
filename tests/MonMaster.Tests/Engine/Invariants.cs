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
        var views = formations.SelectMany(f => f.Applications).ToDictionary(a => (a.CandidateId, a.FormationId));

        foreach (var formation in formations)
        {
            var s = formation.Stats;
            var where = $"after {step}, formation {s.FormationId}";
            Assert.True(s.AcceptedProvisional + s.AcceptedDefinitive + s.PendingOffers <= s.Capacity, $"{where}: more places given than capacity {s.Capacity}");
            Assert.Equal(0, formation.UndeliveredMessages);
            var waiting = formation.Applications.Where(a => a.Status == "waitlisted").ToList();
            Assert.Equal(s.Waitlist, waiting.Count);
            Assert.Equal(s.PendingOffers, formation.Applications.Count(a => a.Status == "offer"));
            if (waiting.Count > 0)
                Assert.True(waiting.Min(a => a.Rank!.Value) > s.RankOfLastCalled, $"{where}: someone ranked ahead of rank {s.RankOfLastCalled} is still waiting");
            if (mayOffer && s.Waitlist > 0)
                Assert.True(s.AcceptedProvisional + s.AcceptedDefinitive + s.PendingOffers == s.Capacity, $"{where}: a place is free while {s.Waitlist} wait");
            foreach (var application in waiting)
            {
                var key = (application.CandidateId, application.FormationId);
                if (lastPositions.TryGetValue(key, out var before))
                    Assert.True(application.Position <= before, $"{where}: {application.CandidateId} moved back from {before} to {application.Position}");
                lastPositions[key] = application.Position!.Value;
            }
        }

        foreach (var candidate in candidates)
        {
            var where = $"after {step}, candidate {candidate.CandidateId}";
            Assert.Equal(0, candidate.UndeliveredMessages);
            var held = candidate.Applications.Where(a => a.State is "AcceptedProvisional" or "AcceptedDefinitive").ToList();
            Assert.True(held.Count <= 1, $"{where}: holds {held.Count} offers");
            Assert.Equal(held.SingleOrDefault()?.FormationId, candidate.Held);
            foreach (var answer in candidate.Applications)
            {
                var view = views[(candidate.CandidateId, answer.FormationId)];
                var expected = answer.State switch
                {
                    "Offer" => ["offer"],
                    "AcceptedProvisional" => ["accepted-provisional"],
                    "AcceptedDefinitive" => ["accepted-definitive"],
                    "Refused" => ["refused"],
                    "Released" => ["released"],
                    "Expired" => ["expired"],
                    _ => new[] { "submitted", "not-retained", "waitlisted", "renounced", "released" },
                };
                Assert.True(expected.Contains(view.Status), $"{where}: candidate says {answer.State} at {answer.FormationId}, formation says {view.Status}");
                if (answer.State == "Offer") Assert.Equal(answer.Deadline, view.Deadline);
            }
        }
    }
}
