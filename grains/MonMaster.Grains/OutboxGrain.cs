using System.Text.Json;
using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains.State;

namespace MonMaster.Grains;

/// <summary>
/// The messaging discipline shared by formations and candidates, which is what keeps cascades free of
/// deadlocks and losses:
/// <list type="bullet">
/// <item>a request mutates the state synchronously and persists it, outbox included, before it answers;</item>
/// <item>the outbox is delivered by a background loop, never inside a request, so no request ever awaits
/// a call that can come back to its grain; <c>Receive</c> handlers only apply and persist;</item>
/// <item>receivers drop redelivered messages by sequence number, so delivery can be retried after any crash;</item>
/// <item>writes are coalesced: messages arriving while a write is in flight share the next one.</item>
/// </list>
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<StoredJson> store, Deliveries deliveries, ILogger logger) : Grain
    where TState : class
{
    private readonly HashSet<long> acknowledged = [];
    private bool draining;
    private Task? writing;   // the write in flight, if any: one at a time, so etags never race
    private IGrainTimer? trim;
    private static readonly TimeSpan TrimDelay = TimeSpan.FromSeconds(5);
    private long changes;
    private long written;
    private long tracked;    // the highest sequence already told to Deliveries

    /// <summary>The live state; null until the grain is created.</summary>
    protected TState? State { get; set; }

    protected abstract Outbox OutboxOf(TState state);
    protected abstract Task DeliverAsync(string to, IReadOnlyList<Envelope> envelopes);

    /// <summary>"candidate" or "formation": with the key, the source of this grain's history lines.</summary>
    protected abstract string Kind { get; }
    protected string Address => this.GetPrimaryKeyString();

    /// <summary>Messages not yet acknowledged by their receiver (acknowledged ones leave the stored outbox at the next write).</summary>
    protected int Undelivered => UndeliveredEnvelopes().Count();

    private IEnumerable<Envelope> UndeliveredEnvelopes() =>
        State is null ? [] : OutboxOf(State).Pending.Where(e => !acknowledged.Contains(e.Seq));

    /// <summary>Tells Deliveries about the envelopes added since last time: the outbox is in sequence order, so only its tail is read.</summary>
    private void TrackNewEnvelopes()
    {
        if (State is null) return;
        var pending = OutboxOf(State).Pending;
        var first = pending.Count;
        while (first > 0 && pending[first - 1].Seq > tracked) first--;
        for (var i = first; i < pending.Count; i++) deliveries.Enqueued(Address, pending[i].Seq);
        if (first < pending.Count) tracked = pending[^1].Seq;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (store.State.Json is { Length: > 0 } json) State = JsonSerializer.Deserialize<TState>(json, AdmissionJson.Options);
        TrackNewEnvelopes();
        StartDelivery();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Returns once a write that began after the caller's (synchronous) changes has completed, then starts
    /// delivering what is new. Callers arriving during a write share the next one.
    /// </summary>
    protected async Task PersistAsync()
    {
        var mine = ++changes;
        try
        {
            while (written < mine)
            {
                if (writing is not { IsCompleted: false }) writing = WriteAsync();
                await writing;
            }
        }
        catch
        {
            // Memory may now hold what storage does not: reload from storage on the next call.
            DeactivateOnIdle();
            throw;
        }
        StartDelivery();
    }

    private async Task WriteAsync()
    {
        var upTo = changes;
        if (State is not null)
        {
            var outbox = OutboxOf(State);
            outbox.Acknowledge(acknowledged);
            acknowledged.Clear();
            TrackNewEnvelopes();
        }
        // Serialized here, on the grain's thread: the provider serializes later, off it.
        store.State = new StoredJson { Json = JsonSerializer.SerializeToUtf8Bytes(State, AdmissionJson.Options) };
        await store.WriteStateAsync();
        written = upTo;
    }

    private void StartDelivery()
    {
        if (draining || State is null || OutboxOf(State).Pending.Count == 0) return;
        draining = true;
        _ = DeliverLoopAsync();
    }

    private async Task DeliverLoopAsync()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (State is not null)
            {
                var batches = UndeliveredEnvelopes().GroupBy(e => e.To).ToList();
                if (batches.Count == 0)
                {
                    ScheduleTrim();
                    return;
                }
                var results = await Task.WhenAll(batches.Select(TryDeliverAsync));
                if (results.All(ok => ok)) { delay = TimeSpan.FromMilliseconds(50); continue; }
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
        finally
        {
            draining = false;
        }
    }

    /// <summary>
    /// Everything is delivered, but storage still lists the delivered messages until the next write. A busy grain
    /// writes again soon anyway; a quiet one writes its trimmed outbox after a pause, so that a row still showing
    /// messages after that (orleansstorage.hasoutbox) is one the outbox recovery must wake.
    /// </summary>
    private void ScheduleTrim()
    {
        if (trim is not null || acknowledged.Count == 0) return;
        trim = this.RegisterGrainTimer(async () =>
        {
            trim?.Dispose();
            trim = null;
            if (acknowledged.Count > 0) await PersistAsync();
        }, new GrainTimerCreationOptions(TrimDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task<bool> TryDeliverAsync(IGrouping<string, Envelope> batch)
    {
        var envelopes = batch.ToList();
        try
        {
            if (batch.Key == Recorded.Address)
                await GrainFactory.GetGrain<IHistoryGrain>(0).Record($"{Kind}/{Address}", envelopes);
            else
                await DeliverAsync(batch.Key, envelopes);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Delivery from {Sender} to {Receiver} failed; it will be retried", Address, batch.Key);
            return false;
        }
        foreach (var envelope in envelopes)
        {
            acknowledged.Add(envelope.Seq);
            deliveries.Delivered(Address, envelope.Seq);
        }
        return true;
    }
}
