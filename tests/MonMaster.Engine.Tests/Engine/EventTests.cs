using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Engine;

/// <summary>Every change a user can see is published for the API to push: statuses, counters, the campaign's phase.</summary>
public sealed class EventTests
{
    private const string Scenario = """
        { "campaign": {"year": 2025, "offerRelease": "immediate"},
          "formations": [{"id": "F1", "establishment": "E1", "mention": "Droit", "parcours": "A", "track": "classic", "capacity": 1}],
          "candidates": [{"id": "C1"}, {"id": "C2"}, {"id": "C3"}],
          "events": [
            {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C1", "formation": "F1"},
            {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C2", "formation": "F1"},
            {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C3", "formation": "F1"},
            {"at": "2025-05-20T10:00:00+02:00", "type": "rank", "formation": "F1", "ranked": ["C1", "C2", "C3"]},
            {"at": "2025-06-02T09:00:00+02:00", "type": "refuse", "candidate": "C1", "formation": "F1"}],
          "until": "2025-06-02T12:00:00+02:00" }
        """;

    [Fact]
    public async Task Offers_answers_waitlist_moves_and_the_campaign_phase_are_published()
    {
        var published = new ConcurrentQueue<AdmissionEvent>();
        await Engine.ReplayAsync(Scenario, onStart: services => services.GetRequiredService<AdmissionEvents>().Subscribe(published.Enqueue));
        var events = published.ToList();

        // Nothing about an application is published before the opening (everyone reads "submitted" until then),
        // and a round publishes each application's final status only: C1 is never shown as waitlisted.
        var changes = events.OfType<ApplicationChanged>().ToList();
        Assert.Equal(
            [("C1", ApplicationStatus.Offer), ("C2", ApplicationStatus.Waitlisted), ("C3", ApplicationStatus.Waitlisted), ("C1", ApplicationStatus.Refused), ("C2", ApplicationStatus.Offer)],
            changes.Select(c => (c.CandidateId, c.Status)).ToList());
        Assert.Equal(new DateTimeOffset(2025, 6, 5, 23, 59, 59, TimeSpan.FromHours(2)), changes.Last().Deadline);

        var counters = events.OfType<FormationChanged>().Last();
        Assert.Equal((0, 1, 1), (counters.Stats.AcceptedProvisional, counters.Stats.PendingOffers, counters.Stats.Waitlist));
        Assert.True(counters.WaitlistMoved);

        Assert.Contains(events.OfType<CampaignChanged>(), c => c.Work == WorkKind.MorningRound && c.Phase == CampaignPhase.MainAdmission);
    }
}
