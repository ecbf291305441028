using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Engine;

/// <summary>
/// The engine's state invariants, checked on a set of snapshots taken once the cluster is quiet: by the
/// property tests after every step (<see cref="Invariants"/>) and by tests that drive grains through a client.
/// </summary>
public static class Consistency
{
    /// <summary>Formation statuses compatible with a candidate's own record of an application.</summary>
    public static IReadOnlyCollection<ApplicationStatus> FormationStatusesFor(AnswerState candidateState) => candidateState switch
    {
        AnswerState.Offer => [ApplicationStatus.Offer],
        AnswerState.AcceptedProvisional => [ApplicationStatus.AcceptedProvisional],
        AnswerState.AcceptedDefinitive => [ApplicationStatus.AcceptedDefinitive],
        AnswerState.Refused => [ApplicationStatus.Refused],
        AnswerState.Released => [ApplicationStatus.Released],
        AnswerState.Expired => [ApplicationStatus.Expired],
        _ => [ApplicationStatus.Submitted, ApplicationStatus.NotRetained, ApplicationStatus.Waitlisted, ApplicationStatus.Renounced,
            ApplicationStatus.Released, ApplicationStatus.ContractSearch, ApplicationStatus.Incomplete],
    };

    /// <summary>
    /// Counters match the applications, accepted + pending ≤ capacity, at most one held offer per candidate,
    /// the two views of every application agree, nothing is left undelivered; with <paramref name="offersFlow"/>
    /// (offers are made at once: immediate release inside the main phase, or right after a round) no place is
    /// free while someone waits — someone who could be called: <paramref name="someoneCallableWaits"/> says whether a
    /// formation has such a candidate (default: anyone waitlisted; in the complementary phase new applicants hold at
    /// most the places the formation opened).
    /// </summary>
    public static void Check(IReadOnlyList<FormationSnapshot> formations, IReadOnlyList<CandidateSnapshot> candidates, bool offersFlow,
        Func<FormationSnapshot, bool>? someoneCallableWaits = null)
    {
        var views = formations.SelectMany(f => f.Applications).ToDictionary(a => (a.CandidateId, a.FormationId));
        foreach (var formation in formations)
        {
            var s = formation.Stats;
            var where = $"formation {s.FormationId}";
            Assert.True(formation.UndeliveredMessages == 0, $"{where}: {formation.UndeliveredMessages} messages undelivered");
            Assert.True(s.AcceptedProvisional + s.AcceptedDefinitive + s.PendingOffers <= s.Capacity,
                $"{where}: {s.AcceptedProvisional}+{s.AcceptedDefinitive} accepted and {s.PendingOffers} pending for capacity {s.Capacity}");
            Assert.True(s.Waitlist == formation.Applications.Count(a => a.Status == ApplicationStatus.Waitlisted), $"{where}: waitlist counter {s.Waitlist} disagrees with the applications");
            Assert.True(s.PendingOffers == formation.Applications.Count(a => a.Status == ApplicationStatus.Offer), $"{where}: pending counter {s.PendingOffers} disagrees with the applications");
            Assert.True(s.AcceptedProvisional == formation.Applications.Count(a => a.Status == ApplicationStatus.AcceptedProvisional), $"{where}: provisional counter disagrees with the applications");
            Assert.True(s.AcceptedDefinitive == formation.Applications.Count(a => a.Status == ApplicationStatus.AcceptedDefinitive), $"{where}: definitive counter disagrees with the applications");
            // A work-study candidate comes onto the waitlist when the contract is validated, maybe behind the last called.
            var waiting = formation.Applications.Where(a => a.Status == ApplicationStatus.Waitlisted && a.Contract != ContractState.Validated).ToList();
            if (waiting.Count > 0)
                Assert.True(waiting.Min(a => a.Rank!.Value) > s.RankOfLastCalled, $"{where}: someone ranked ahead of rank {s.RankOfLastCalled} is still waiting");
            if (offersFlow && (someoneCallableWaits?.Invoke(formation) ?? s.Waitlist > 0))
                Assert.True(s.AcceptedProvisional + s.AcceptedDefinitive + s.PendingOffers == s.Capacity,
                    $"{where}: a place is free ({s.AcceptedProvisional}+{s.AcceptedDefinitive}+{s.PendingOffers} of {s.Capacity}) while {s.Waitlist} wait");
        }

        foreach (var candidate in candidates)
        {
            var where = $"candidate {candidate.CandidateId}";
            Assert.True(candidate.UndeliveredMessages == 0, $"{where}: {candidate.UndeliveredMessages} messages undelivered");
            var held = candidate.Applications.Where(a => a.State is AnswerState.AcceptedProvisional or AnswerState.AcceptedDefinitive).ToList();
            Assert.True(held.Count <= 1, $"{where}: holds {held.Count} offers");
            Assert.Equal(held.SingleOrDefault()?.FormationId, candidate.Held);
            foreach (var answer in candidate.Applications)
            {
                Assert.True(views.TryGetValue((candidate.CandidateId, answer.FormationId), out var view),
                    $"{where}: applied to {answer.FormationId}, which does not know the application");
                Assert.True(FormationStatusesFor(answer.State).Contains(view!.Status),
                    $"{where}: candidate says {answer.State} at {answer.FormationId}, formation says {view.Status}");
                if (answer.State == AnswerState.Offer) Assert.Equal(answer.Deadline, view.Deadline);
            }
        }

        var offered = formations.SelectMany(f => f.Applications)
            .Where(a => a.Status is ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive)
            .GroupBy(a => a.CandidateId).FirstOrDefault(g => g.Count() > 1);
        Assert.True(offered is null, $"candidate {offered?.Key} holds places at {string.Join(", ", offered?.Select(a => a.FormationId) ?? [])} in the formations' records");
    }

    /// <summary>
    /// After a round of the automatic period (24 June - 17 July), the round's cascade has reached its fixpoint: every
    /// offer was answered at once (none is pending), and no candidate who ranked holds an offer (or nothing) while
    /// still waitlisted at a formation they ranked higher that has a free place and could call them
    /// (<paramref name="callable"/>: within the places opened to new applicants). Every waiting candidate ranked
    /// (the others lost their applications on 24 June), and everything ranked below the held offer was released.
    /// </summary>
    public static void CheckAutomaticFixpoint(IReadOnlyList<FormationSnapshot> formations, IReadOnlyDictionary<string, List<string>> orders,
        Func<FormationSnapshot, ApplicationView, bool> callable, string when)
    {
        foreach (var formation in formations)
        {
            var s = formation.Stats;
            Assert.True(s.PendingOffers == 0, $"after {when}: {s.PendingOffers} offers of {s.FormationId} were not answered automatically");
        }

        var held = formations.SelectMany(f => f.Applications)
            .Where(a => a.Status is ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive)
            .ToDictionary(a => a.CandidateId, a => a.FormationId);
        foreach (var formation in formations)
        {
            var s = formation.Stats;
            var free = s.Capacity - s.AcceptedProvisional - s.AcceptedDefinitive - s.PendingOffers;
            foreach (var waiting in formation.Applications.Where(a => a.Status == ApplicationStatus.Waitlisted))
            {
                var candidate = waiting.CandidateId;
                Assert.True(orders.TryGetValue(candidate, out var order),
                    $"after {when}: {candidate} waits at {s.FormationId} without a preference order");
                var holds = held.GetValueOrDefault(candidate);
                Assert.True(holds is null || order!.IndexOf(s.FormationId) < order.IndexOf(holds),
                    $"after {when}: {candidate} still waits at {s.FormationId}, which she ranked below the {holds} she holds (order {string.Join(" > ", order!)})");
                Assert.False(free > 0 && callable(formation, waiting),
                    $"after {when}: {candidate} holds {holds ?? "nothing"} while waitlisted (rank {waiting.Rank}) at {s.FormationId}, ranked higher, " +
                    $"which has {free} free places and could call her");
            }
        }
    }
}
