namespace MonMaster.Grains;

/// <summary>The API nodes watching one grain, each with what it watches and until when. Not persisted: nodes renew.</summary>
internal sealed class LiveWatchers<TWatch>(TimeProvider time)
{
    private readonly Dictionary<ILiveObserver, (TWatch Watch, DateTimeOffset Until)> nodes = [];

    public bool Any => nodes.Count > 0;

    public void Set(ILiveObserver node, TWatch watch) => nodes[node] = (watch, time.GetUtcNow() + LiveLease.Duration);

    public void Remove(ILiveObserver node) => nodes.Remove(node);

    /// <summary>The live watches; expired ones are dropped on the way.</summary>
    public IEnumerable<(ILiveObserver Node, TWatch Watch)> Current()
    {
        var now = time.GetUtcNow();
        foreach (var (node, (_, until)) in nodes.Where(n => n.Value.Until < now).ToList()) nodes.Remove(node);
        return nodes.Select(n => (n.Key, n.Value.Watch)).ToList();
    }
}

/// <summary>What one node watches at a formation.</summary>
internal sealed record FormationWatch(IReadOnlySet<string> Candidates, bool Counters);
