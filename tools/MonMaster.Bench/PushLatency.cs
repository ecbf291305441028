using System.Diagnostics;
using HdrHistogram;

namespace MonMaster.Bench;

/// <summary>
/// Push latency, computed after the run from the answers (node process) and the events received (client
/// processes), on one clock (<see cref="Stopwatch.GetTimestamp"/>, CLOCK_MONOTONIC, shared by the processes).
/// One sample per event received during the answer phase (a "Changes" message carries at most one event per
/// application, so a sample is one client message about one formation). The sample's answer is the latest answer
/// (by send time) that affects the event's formation and was sent before the event arrived; the latency is the
/// event's arrival minus that answer's acknowledgement (the HTTP 204 read by the answering client). An answer
/// affects the formation it answers and, for a definitive acceptance, every formation where the candidate was
/// still waitlisted or held an offer (all of which it releases).
/// </summary>
public sealed class PushLatency
{
    public LongHistogram Histogram { get; } = NewHistogram();
    /// <summary>The same samples from the answer's request instead of its acknowledgement (the user's click to the push).</summary>
    public LongHistogram FromSend { get; } = NewHistogram();
    /// <summary>Events that arrived before the first answer was sent (set-up; none expected).</summary>
    public long BeforeAnswers { get; private set; }
    /// <summary>Events about a formation no answer sent before them affected (none expected).</summary>
    public long Unattributed { get; private set; }
    /// <summary>Events that arrived before their answer's acknowledgement did (the push beat the HTTP response): counted as 0 ms.</summary>
    public long BeforeAck { get; private set; }
    /// <summary>
    /// Samples longer than the answer stream's guard. The guard keeps answers on one formation apart, so a sample
    /// below it has exactly one possible cause; an event arriving later than the guard after its cause could be
    /// taken for an effect of the next answer there. None above the guard: no sign of that.
    /// </summary>
    public long AboveGuard { get; private set; }
    public long[] ByKind { get; } = new long[EventKinds.Names.Length];

    /// <summary>Microseconds from 1 µs to 1 hour, 3 significant digits.</summary>
    public static LongHistogram NewHistogram() => new(1, 3_600_000_000L, 3);

    public static long Microseconds(long ticks) => Math.Max(0, ticks) * 1_000_000 / Stopwatch.Frequency;

    /// <summary>Computes the samples; with <paramref name="samples"/>, also writes them as CSV (one line per sample).</summary>
    public static PushLatency Compute(IReadOnlyCollection<Answer> answers, IReadOnlyList<FleetResult.Event> events, int formations, long answersStart,
        TimeSpan guard, TextWriter? samples = null)
    {
        samples?.WriteLine("seconds_since_first_answer,latency_ms,from_request_ms,candidate,formation,kind,answer_candidate");
        var guardTicks = (long)(guard.TotalSeconds * Stopwatch.Frequency);
        var result = new PushLatency();
        var byFormation = new List<(long Sent, long Acked, int Candidate)>[formations];
        foreach (var answer in answers)
            foreach (var f in answer.Affected)
                (byFormation[f] ??= []).Add((answer.Sent, answer.Acked, answer.Candidate));
        var sent = new long[formations][];
        for (var f = 0; f < formations; f++)
        {
            byFormation[f]?.Sort((a, b) => a.Sent.CompareTo(b.Sent));
            sent[f] = byFormation[f]?.Select(a => a.Sent).ToArray() ?? [];
        }

        foreach (var e in events)
        {
            if (e.At < answersStart) { result.BeforeAnswers++; continue; }
            if (e.Formation < 0 || e.Formation >= formations) { result.Unattributed++; continue; }
            // The last answer on this formation sent at or before the event's arrival.
            var i = Array.BinarySearch(sent[e.Formation], e.At);
            i = i >= 0 ? LastAt(sent[e.Formation], i) : ~i - 1;
            if (i < 0) { result.Unattributed++; continue; }
            var list = byFormation[e.Formation];
            var (answerSent, acked, by) = list[i];
            long latency;
            if (acked <= e.At) latency = e.At - acked;
            else
            {
                result.BeforeAck++;
                latency = 0;
            }
            result.Histogram.RecordValue(Math.Clamp(Microseconds(latency), 1, result.Histogram.HighestTrackableValue));
            result.FromSend.RecordValue(Math.Clamp(Microseconds(e.At - answerSent), 1, result.FromSend.HighestTrackableValue));
            result.ByKind[e.Kind]++;
            if (latency > guardTicks) result.AboveGuard++;
            samples?.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(e.At - answersStart) / (double)Stopwatch.Frequency:F4},{latency * 1000.0 / Stopwatch.Frequency:F2},{(e.At - answerSent) * 1000.0 / Stopwatch.Frequency:F2},{e.Candidate},{e.Formation},{EventKinds.Names[e.Kind]},{by}"));
        }
        return result;
    }

    private static int LastAt(long[] sorted, int i)
    {
        while (i + 1 < sorted.Length && sorted[i + 1] == sorted[i]) i++;
        return i;
    }
}
