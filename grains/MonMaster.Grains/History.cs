using System.Collections.Concurrent;
using MonMaster.Admission;
using Orleans.Concurrency;

namespace MonMaster.Grains;

/// <summary>One line of the campaign's history as stored: who acted (source), its sequence, and the action.</summary>
public sealed record HistoryLine(string Source, long Seq, Recorded Action);

/// <summary>Where history lines are kept: PostgreSQL in a real run, memory in a replay on memory storage.</summary>
public interface IAdmissionHistory
{
    /// <summary>Stores the lines; a line already stored (same source and sequence) is ignored.</summary>
    Task AppendAsync(IReadOnlyList<HistoryLine> lines);
    Task<IReadOnlyList<HistoryLine>> ReadAsync(string? formation = null, string? candidate = null);
}

public sealed class InMemoryHistory : IAdmissionHistory
{
    private readonly ConcurrentDictionary<(string, long), HistoryLine> lines = new();

    public Task AppendAsync(IReadOnlyList<HistoryLine> batch)
    {
        foreach (var line in batch) lines.TryAdd((line.Source, line.Seq), line);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryLine>> ReadAsync(string? formation = null, string? candidate = null) =>
        Task.FromResult<IReadOnlyList<HistoryLine>>([.. lines.Values
            .Where(l => (formation is null || l.Action.Formation == formation) && (candidate is null || l.Action.Candidate == candidate))
            .OrderBy(l => l.Action.At).ThenBy(l => l.Source).ThenBy(l => l.Seq)]);
}

[StatelessWorker]
public sealed class HistoryGrain(IAdmissionHistory history) : Grain, IHistoryGrain
{
    public Task Record(string source, IReadOnlyList<Envelope> lines) =>
        history.AppendAsync([.. lines.Select(e => new HistoryLine(source, e.Seq, (Recorded)e.Message))]);
}
