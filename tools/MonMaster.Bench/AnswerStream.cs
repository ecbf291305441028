using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Grains;

namespace MonMaster.Bench;

/// <summary>
/// Every application's status as the formations publish it (<see cref="AdmissionEvents"/>, in the node's process),
/// and the offers made, for the answer stream to pick from. Runs inside the grains' commits: cheap and lock-free (an enum is read and written whole).
/// </summary>
public sealed class OfferBook(PushCampaign campaign)
{
    private readonly ApplicationStatus[][] status = [.. campaign.ApplicationsOf.Select(a => new ApplicationStatus[a.Length])];
    private long statusChanges;

    /// <summary>Offers as they are made: candidate, formation, when.</summary>
    public ConcurrentQueue<(int Candidate, int Formation, long At)> Fresh { get; } = new();

    /// <summary>Status changes published since <see cref="Counting"/> was set (the node should push each to its candidate).</summary>
    public long StatusChanges => Interlocked.Read(ref statusChanges);
    public volatile bool Counting;

    public void On(AdmissionEvent admissionEvent)
    {
        if (admissionEvent is not ApplicationChanged change) return;
        var now = change.Status;
        var c = PushCampaign.IndexOf(change.CandidateId);
        var f = PushCampaign.IndexOf(change.FormationId);
        if (c < 0 || c >= status.Length) return;
        var slot = Array.IndexOf(campaign.ApplicationsOf[c], f);
        if (slot < 0) return;
        status[c][slot] = now;
        if (now == ApplicationStatus.Offer) Fresh.Enqueue((c, f, Stopwatch.GetTimestamp()));
        if (Counting) Interlocked.Increment(ref statusChanges);
    }

    public ApplicationStatus Status(int candidate, int formation) =>
        status[candidate][Array.IndexOf(campaign.ApplicationsOf[candidate], formation)];

    /// <summary>The formations where the candidate still waits or holds something: what a definitive acceptance releases.</summary>
    public int[] Active(int candidate) =>
        [.. campaign.ApplicationsOf[candidate].Where((_, slot) => status[candidate][slot]
            is ApplicationStatus.Submitted or ApplicationStatus.Waitlisted or ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional)];

    public int PendingOffers() => status.Sum(s => s.Count(x => x == ApplicationStatus.Offer));
}

/// <summary>One acknowledged answer: when it was sent and acknowledged (204), and the formations it affects.</summary>
public sealed record Answer(long Sent, long Acked, int Candidate, int Formation, bool Definitive, int[] Affected);

/// <summary>
/// The stream of answers: open loop at a steady rate (an answer is due every 1/rate s whether the previous ones
/// returned or not), each a REST call on the node with the candidate's token, to an offer at least
/// <see cref="PushOptions.OfferAge"/> old (the candidate has seen it). Definitive acceptances (which release the
/// candidate's every other waitlist and offer) and refusals (which free the place, offered at once to the next one).
/// The guard: an answer is sent only if no answer affecting any of its formations is under way or was acknowledged
/// less than <see cref="PushOptions.Guard"/> ago, so that a message arriving within the guard of its answer's
/// acknowledgement can have no other cause.
/// </summary>
public sealed class AnswerStream(PushOptions options, PushCampaign campaign, OfferBook book, HttpClient http, TokenIssuer issuer)
{
    private readonly ConcurrentBag<Answer> answers = [];
    private readonly ConcurrentDictionary<string, int> errors = new();
    private readonly List<(int Candidate, int Formation)> eligible = [];
    private readonly List<(int Candidate, int Formation, long At)> young = [];
    private readonly bool[] busy = new bool[campaign.Candidates];
    /// <summary>Per formation, when the guard lets the next answer affecting it go (ticks; <see cref="long.MaxValue"/> while one is under way).</summary>
    private readonly long[] freeAt = new long[campaign.Formations.Length];
    private readonly long guard = (long)(options.Guard.TotalSeconds * Stopwatch.Frequency);
    private readonly Random random = new(options.Seed);
    private long inFlight, succeeded, attempts, retried, stale, starved, guarded;
    private bool heldByGuard;

    public IReadOnlyCollection<Answer> Answers => answers;
    public IReadOnlyDictionary<string, int> Errors => errors;
    public long Attempts => Interlocked.Read(ref attempts);
    public long Succeeded => Interlocked.Read(ref succeeded);
    public long Retried => Interlocked.Read(ref retried);
    public long Stale => Interlocked.Read(ref stale);
    /// <summary>Time (s) during which an answer was due and no offer could be answered.</summary>
    public double StarvedSeconds => Interlocked.Read(ref starved) / (double)Stopwatch.Frequency;
    /// <summary>The part of <see cref="StarvedSeconds"/> when answerable offers were there but held back by the guard.</summary>
    public double GuardedSeconds => Interlocked.Read(ref guarded) / (double)Stopwatch.Frequency;
    public long Started { get; private set; }
    public long Finished { get; private set; }
    public bool TimedOut { get; private set; }
    /// <summary>No offer left to answer (the waitlists ran dry) before the number of answers asked for.</summary>
    public bool Exhausted { get; private set; }
    private const double ExhaustedAfter = 5;

    public async Task RunAsync(Action<string> progress)
    {
        var interval = Stopwatch.Frequency / options.Rate;
        var offerAge = (long)(options.OfferAge.TotalSeconds * Stopwatch.Frequency);
        Started = Stopwatch.GetTimestamp();
        var deadline = Started + (long)(options.MaxAnswering.TotalSeconds * Stopwatch.Frequency);
        var next = (double)Started;
        var reportAt = Started + 5 * Stopwatch.Frequency;
        var running = new List<Task>();
        var lastOffer = Started;
        // Drawn once per answer sent: when the guard holds back a definitive acceptance (which touches more
        // formations) the next try is a definitive acceptance again, so that the mix stays the one asked for.
        var definitive = random.NextDouble() < options.Definitive;
        var previous = Started;
        var wasStarved = false;
        while (Interlocked.Read(ref succeeded) + Interlocked.Read(ref inFlight) < options.Answers)
        {
            var now = Stopwatch.GetTimestamp();
            if (wasStarved)
            {
                Interlocked.Add(ref starved, now - previous);
                if (heldByGuard) Interlocked.Add(ref guarded, now - previous);
            }
            previous = now;
            wasStarved = false;
            if (now > deadline) { TimedOut = true; break; }
            if (Promote(now, offerAge) || eligible.Count > 0 || Interlocked.Read(ref inFlight) > 0) lastOffer = now;
            else if (now - lastOffer > ExhaustedAfter * Stopwatch.Frequency) { Exhausted = true; break; }
            while (next <= now && Interlocked.Read(ref succeeded) + Interlocked.Read(ref inFlight) < options.Answers)
            {
                if (!TryPick(now, definitive, out var candidate, out var formation, out var affected))
                {
                    wasStarved = true;
                    // No backlog of more than a second when offers run short: the rate stays a rate.
                    next = Math.Max(next, now - Stopwatch.Frequency);
                    break;
                }
                Interlocked.Increment(ref attempts);
                running.Add(AnswerAsync(candidate, formation, definitive, affected));
                definitive = random.NextDouble() < options.Definitive;
                next += interval;
            }
            if (now >= reportAt)
            {
                reportAt += 5 * Stopwatch.Frequency;
                running.RemoveAll(t => t.IsCompleted);
                progress($"{Succeeded:N0}/{options.Answers:N0} answers acknowledged");
            }
            // Sleep until the next answer is due (at most 20 ms, to keep picking up fresh offers), not in a busy loop:
            // this runs in the node's process and its CPU counts as the node's.
            var wait = (next - Stopwatch.GetTimestamp()) / Stopwatch.Frequency;
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(wait, 0.001, 0.020)));
        }
        await Task.WhenAll(running);
        Finished = Stopwatch.GetTimestamp();
    }

    /// <summary>Moves offers old enough to the eligible ones; says whether any offer is young or fresh.</summary>
    private bool Promote(long now, long offerAge)
    {
        while (book.Fresh.TryDequeue(out var offer)) young.Add(offer);
        var kept = 0;
        for (var i = 0; i < young.Count; i++)
        {
            var offer = young[i];
            if (now - offer.At >= offerAge) eligible.Add((offer.Candidate, offer.Formation));
            else young[kept++] = offer;
        }
        young.RemoveRange(kept, young.Count - kept);
        return young.Count > 0;
    }

    /// <summary>
    /// A pending offer, at random, of a candidate with no answer under way, whose answer's formations the guard lets
    /// go; they are then held until the answer is acknowledged.
    /// </summary>
    private bool TryPick(long now, bool definitive, out int candidate, out int formation, out int[] affected)
    {
        var tries = 0;
        var held = false;
        while (eligible.Count > 0 && tries++ < 2_000)
        {
            var i = random.Next(eligible.Count);
            var offer = eligible[i];
            if (book.Status(offer.Candidate, offer.Formation) != ApplicationStatus.Offer)
            {
                eligible[i] = eligible[^1];
                eligible.RemoveAt(eligible.Count - 1);
                Interlocked.Increment(ref stale);
                continue;
            }
            if (Volatile.Read(ref busy[offer.Candidate])) continue;
            int[] touched = definitive ? [offer.Formation, .. book.Active(offer.Candidate).Where(f => f != offer.Formation)] : [offer.Formation];
            if (touched.Any(f => Volatile.Read(ref freeAt[f]) > now)) { held = true; continue; }
            eligible[i] = eligible[^1];
            eligible.RemoveAt(eligible.Count - 1);
            foreach (var f in touched) Volatile.Write(ref freeAt[f], long.MaxValue);
            (candidate, formation, affected) = (offer.Candidate, offer.Formation, touched);
            return true;
        }
        heldByGuard = held;
        candidate = formation = -1;
        affected = [];
        return false;
    }

    private async Task AnswerAsync(int candidate, int formation, bool definitive, int[] affected)
    {
        Volatile.Write(ref busy[candidate], true);
        Interlocked.Increment(ref inFlight);
        var release = 0L;
        try
        {
            var id = PushCampaign.CandidateId(candidate);
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"/api/candidates/{id}/offers/{PushCampaign.FormationId(formation)}/{(definitive ? "accept" : "refuse")}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue(Access.Candidate, id));
            // The acknowledgement alone (204), as before answers returned the candidate's view: the push is what is measured.
            request.Headers.Add("Prefer", "return=minimal");
            if (definitive) request.Content = new StringContent("""{"mode":"definitive"}""", Encoding.UTF8, "application/json");
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var acked = Stopwatch.GetTimestamp();
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                release = acked + guard;
                answers.Add(new Answer(sent, acked, candidate, formation, definitive, affected));
                Interlocked.Increment(ref succeeded);
                return;
            }
            var code = await CodeOf(response);
            if (code == "no-offer" && book.Status(candidate, formation) == ApplicationStatus.Offer)
            {
                // The formation made the offer but the candidate's file has not received it yet: later.
                Interlocked.Increment(ref retried);
                book.Fresh.Enqueue((candidate, formation, Stopwatch.GetTimestamp()));
                return;
            }
            errors.AddOrUpdate(code, 1, (_, n) => n + 1);
        }
        catch (Exception e)
        {
            errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
        }
        finally
        {
            // A refused request changed nothing: its formations are free at once.
            foreach (var f in affected) Volatile.Write(ref freeAt[f], release);
            Interlocked.Decrement(ref inFlight);
            Volatile.Write(ref busy[candidate], false);
        }
    }

    private static async Task<string> CodeOf(HttpResponseMessage response)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (body.RootElement.TryGetProperty("code", out var code) && code.GetString() is { } text) return text;
        }
        catch (JsonException) { }
        return $"HTTP {(int)response.StatusCode}";
    }
}
