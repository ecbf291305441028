using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Engine;

/// <summary>The automatic period's fixpoint check itself: it must catch a round that stopped too early.</summary>
public sealed class FixpointCheckTests
{
    private static FormationSnapshot Formation(string id, int capacity, params ApplicationView[] applications)
    {
        int Count(ApplicationStatus status) => applications.Count(a => a.Status == status);
        var stats = new FormationStats(id, "E", capacity, Count(ApplicationStatus.AcceptedProvisional), Count(ApplicationStatus.AcceptedDefinitive), Count(ApplicationStatus.Offer),
            Count(ApplicationStatus.Waitlisted), applications.Where(a => a.Status != ApplicationStatus.Waitlisted).Max(a => a.Rank) ?? 0, applications.Length);
        return new FormationSnapshot(stats, applications, 0);
    }

    private static ApplicationView View(string candidate, string formation, ApplicationStatus status, int rank) =>
        new(candidate, formation, status, status == ApplicationStatus.Waitlisted ? 1 : null, null, rank);

    private static readonly Dictionary<string, List<string>> Orders = new()
    {
        ["X"] = ["A", "B"], // A first, then the held B
        ["Y"] = ["A"],
    };

    [Fact]
    public void A_settled_round_passes()
    {
        var formations = new[]
        {
            Formation("A", 1, View("Y", "A", ApplicationStatus.AcceptedProvisional, 1), View("X", "A", ApplicationStatus.Waitlisted, 2)),
            Formation("B", 1, View("X", "B", ApplicationStatus.AcceptedProvisional, 1)),
        };
        Consistency.CheckAutomaticFixpoint(formations, Orders, (_, a) => a.Status == ApplicationStatus.Waitlisted, "test");
    }

    [Fact]
    public void A_free_place_in_front_of_a_candidate_who_ranked_it_higher_fails()
    {
        var formations = new[]
        {
            Formation("A", 2, View("Y", "A", ApplicationStatus.AcceptedProvisional, 1), View("X", "A", ApplicationStatus.Waitlisted, 2)),
            Formation("B", 1, View("X", "B", ApplicationStatus.AcceptedProvisional, 1)),
        };
        var error = Assert.ThrowsAny<Exception>(() => Consistency.CheckAutomaticFixpoint(formations, Orders, (_, a) => a.Status == ApplicationStatus.Waitlisted, "test"));
        Assert.Contains("X holds B while waitlisted (rank 2) at A", error.Message);

        // The same free place is fine when the formation may not call her (new applicants beyond the places opened).
        Consistency.CheckAutomaticFixpoint(formations, Orders, (_, _) => false, "test");
    }

    [Fact]
    public void A_pending_offer_or_a_waitlist_ranked_below_the_held_offer_fails()
    {
        var pending = new[] { Formation("A", 1, View("X", "A", ApplicationStatus.Offer, 1)) };
        Assert.ThrowsAny<Exception>(() => Consistency.CheckAutomaticFixpoint(pending, Orders, (_, _) => true, "test"));

        var below = new[]
        {
            Formation("A", 1, View("X", "A", ApplicationStatus.AcceptedProvisional, 1)),
            Formation("B", 0, View("X", "B", ApplicationStatus.Waitlisted, 1)),
        };
        var error = Assert.ThrowsAny<Exception>(() => Consistency.CheckAutomaticFixpoint(below, Orders, (_, _) => true, "test"));
        Assert.Contains("ranked below", error.Message);
    }
}
