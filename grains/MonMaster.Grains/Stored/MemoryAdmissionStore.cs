using System.Collections.Concurrent;
using MonMaster.Admission;

namespace MonMaster.Grains;

/// <summary>The admission store of a run on memory storage (replays, tests, the benchmark's second line): same commits, no disk.</summary>
public sealed class MemoryAdmissionStore : IAdmissionStore, IAdmissionHistory
{
    private sealed class Entry
    {
        public long Version;
        public readonly Dictionary<string, byte[]> Parts = [];
        public readonly SortedDictionary<long, Envelope> Outbox = [];
    }

    private readonly ConcurrentDictionary<(string, string), Entry> grains = new();
    private readonly ConcurrentDictionary<(string, long), HistoryLine> history = new();

    public Task<StoredGrain?> LoadAsync(string kind, string key)
    {
        if (!grains.TryGetValue((kind, key), out var entry)) return Task.FromResult<StoredGrain?>(null);
        lock (entry)
            return Task.FromResult<StoredGrain?>(new StoredGrain(entry.Version,
                [.. entry.Parts.Select(p => new StatePart(p.Key, p.Value))], [.. entry.Outbox.Values]));
    }

    public Task WriteAsync(GrainWrite write)
    {
        var entry = grains.GetOrAdd((write.Kind, write.Key), _ => new Entry());
        lock (entry)
        {
            if (entry.Version != write.Version) throw new StaleStateException(write.Kind, write.Key, write.Version);
            entry.Version++;
            foreach (var part in write.Parts) entry.Parts[part.Name] = part.Body;
            foreach (var envelope in write.Sent) entry.Outbox[envelope.Seq] = envelope;
            foreach (var seq in write.Delivered) entry.Outbox.Remove(seq);
        }
        foreach (var line in write.Lines) history.TryAdd((line.Source, line.Seq), line);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryLine>> ReadAsync(string? formation = null, string? candidate = null) =>
        Task.FromResult<IReadOnlyList<HistoryLine>>([.. history.Values
            .Where(l => (formation is null || l.Action.Formation == formation) && (candidate is null || l.Action.Candidate == candidate))
            .OrderBy(l => l.Action.At).ThenBy(l => l.Source).ThenBy(l => l.Seq)]);
}
