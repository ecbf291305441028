using System.Collections.Concurrent;
using MonMaster.Admission;
using MonMaster.Grains;

using MonMaster.Hosting;

namespace MonMaster.Bench.Engine;

public static partial class Benchmarks
{
    /// <summary>
    /// Follows the formations' published changes to know which applications hold a pending offer, as a
    /// candidate's browser would. Runs inside the grains' commits, so it stays cheap.
    /// </summary>
    private sealed class OfferTracker
    {
        private readonly ConcurrentDictionary<(string Candidate, string Formation), byte> live = new();
        private long offersMade;

        /// <summary>Where offers made from now on are queued, if someone is answering them.</summary>
        public ConcurrentQueue<(string Candidate, string Formation)>? Fresh { get; set; }

        public long OffersMade => Interlocked.Read(ref offersMade);
        public int Live => live.Count;

        public bool IsLive((string Candidate, string Formation) offer) => live.ContainsKey(offer);

        public IReadOnlyList<(string Candidate, string Formation)> LiveOffers() => [.. live.Keys];

        public void On(AdmissionEvent admissionEvent)
        {
            if (admissionEvent is not ApplicationChanged change) return;
            switch (change.Status)
            {
                case ApplicationStatus.Offer:
                    var offer = (change.CandidateId, change.FormationId);
                    live[offer] = 0;
                    Interlocked.Increment(ref offersMade);
                    Fresh?.Enqueue(offer);
                    break;
                case ApplicationStatus.Waitlisted or ApplicationStatus.NotRetained or ApplicationStatus.Submitted:
                    break;
                default: // accepted, refused, released, expired: the offer is no longer pending
                    live.TryRemove((change.CandidateId, change.FormationId), out _);
                    break;
            }
        }
    }
}
