using System.Collections.Concurrent;

namespace MonMaster.Grains;

/// <summary>
/// The messages of this silo not yet acknowledged by their receiver. A single-process run (replay, tests)
/// waits on it to know that every cascade has settled.
/// </summary>
public sealed class Deliveries
{
    private readonly ConcurrentDictionary<(string Sender, long Seq), byte> pending = new();
    private TaskCompletionSource idle = NewIdle(completed: true);
    private readonly Lock gate = new();

    public int Pending => pending.Count;

    public void Enqueued(string sender, long seq)
    {
        lock (gate)
        {
            if (pending.TryAdd((sender, seq), 0) && pending.Count == 1 && idle.Task.IsCompleted) idle = NewIdle(completed: false);
        }
    }

    public void Delivered(string sender, long seq)
    {
        lock (gate)
        {
            if (pending.TryRemove((sender, seq), out _) && pending.IsEmpty) idle.TrySetResult();
        }
    }

    /// <summary>Completes when no message is waiting for delivery.</summary>
    public Task WhenIdle()
    {
        lock (gate) return idle.Task;
    }

    /// <summary>Waits for <see cref="WhenIdle"/>, and past the limit fails naming what is still waiting, so a lost delivery is a clear error, not a hang.</summary>
    public async Task WhenIdle(TimeSpan limit)
    {
        try { await WhenIdle().WaitAsync(limit); }
        catch (TimeoutException)
        {
            var waiting = pending.Keys.OrderBy(k => k.Sender).ThenBy(k => k.Seq).Take(10).Select(k => $"{k.Sender}#{k.Seq}");
            throw new TimeoutException($"{pending.Count} message(s) still undelivered after {limit.TotalSeconds:0} s: {string.Join(", ", waiting)}");
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed) source.SetResult();
        return source;
    }
}
