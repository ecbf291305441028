using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Admission;

namespace MonMaster.Grains;

/// <summary>
/// The messaging discipline shared by formations and candidates, which is what keeps cascades free of
/// deadlocks and losses:
/// <list type="bullet">
/// <item>a request mutates the state synchronously and persists it, outbox included, before it answers;</item>
/// <item>the outbox is delivered by a background loop, never inside a request, so no request ever awaits
/// a call that can come back to its grain; <c>Receive</c> handlers only apply and persist;</item>
/// <item>receivers drop redelivered messages by sequence number, so delivery can be retried after any crash;</item>
/// <item>writes are coalesced: messages arriving while a write is in flight share the next one;</item>
/// <item>a write carries only what changed (<see cref="StateParts{TState}"/>), the messages sent, the deliveries
/// acknowledged and the history lines, in one transaction of the <see cref="IAdmissionStore"/>.</item>
/// </list>
/// </summary>
public abstract class OutboxGrain<TState>(IAdmissionStore store, StateParts<TState> parts, Deliveries deliveries, ILogger logger) : Grain
    where TState : class
{
    private readonly HashSet<long> acknowledged = [];
    private bool draining;
    private bool deactivating;   // the loop stops: storage still lists what is undelivered, and the next activation sends it
    private CancellationToken stopping;   // the host's: a loop must not retry forever in a stopped silo
    private bool broken;     // a write failed: memory may hold what storage does not, so nothing more is written from here
    private Task? writing;   // the write in flight, if any: one at a time, so versions never race
    private IGrainTimer? trim;
    private static readonly TimeSpan TrimDelay = TimeSpan.FromSeconds(5);
    private long changes;
    private long written;
    private long version;    // the version storage holds for this grain (0: never written)
    private long stored;     // the highest sequence written to storage: only those are delivered
    private long tracked;    // the highest sequence already told to Deliveries

    /// <summary>The live state; null until the grain is created.</summary>
    protected TState? State { get; set; }

    protected Outbox OutboxOf(TState state) => parts.OutboxOf(state);
    protected abstract Task DeliverAsync(string to, IReadOnlyList<Envelope> envelopes);

    /// <summary>"candidate" or "formation": with the key, the source of this grain's history lines.</summary>
    protected string Kind => parts.Kind;
    protected string Address => this.GetPrimaryKeyString();

    /// <summary>Messages not yet acknowledged by their receiver (acknowledged ones leave the stored outbox at the next write).</summary>
    protected int Undelivered => State is null ? 0 : OutboxOf(State).Pending.Count(e => e.To != Recorded.Address && !acknowledged.Contains(e.Seq));

    private IEnumerable<Envelope> Deliverable() =>
        State is null ? [] : OutboxOf(State).Pending.Where(e => e.Seq <= stored && e.To != Recorded.Address && !acknowledged.Contains(e.Seq));

    /// <summary>Tells Deliveries about the envelopes added since last time: the outbox is in sequence order, so only its tail is read.</summary>
    private void TrackNewEnvelopes()
    {
        if (State is null) return;
        var pending = OutboxOf(State).Pending;
        var first = pending.Count;
        while (first > 0 && pending[first - 1].Seq > tracked) first--;
        for (var i = first; i < pending.Count; i++)
            if (pending[i].To != Recorded.Address) deliveries.Enqueued(Address, pending[i].Seq);
        if (first < pending.Count) tracked = pending[^1].Seq;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        stopping = ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        if (await store.LoadAsync(Kind, Address) is { } row)
        {
            version = row.Version;
            State = parts.Assemble(row.Parts, row.Outbox);
            if (State is not null) stored = OutboxOf(State).NextSeq - 1;
        }
        TrackNewEnvelopes();
        StartDelivery();
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
            broken = true;
            DeactivateOnIdle();
            throw;
        }
        StartDelivery();
    }

    private async Task WriteAsync()
    {
        if (broken) throw new InvalidOperationException($"{Kind}/{Address} failed to write and reloads from storage.");
        var upTo = changes;
        if (State is null) { written = upTo; return; }
        // Everything is taken here, on the grain's thread: changes made during the write belong to the next one.
        var outbox = OutboxOf(State);
        var delivered = acknowledged.ToList();
        outbox.Acknowledge(acknowledged);
        acknowledged.Clear();
        TrackNewEnvelopes();
        var sent = outbox.Pending.Where(e => e.Seq > stored).ToList();
        var lines = sent.Where(e => e.To == Recorded.Address).Select(e => new HistoryLine($"{Kind}/{Address}", e.Seq, (Recorded)e.Message)).ToList();
        var changed = parts.TakeChanged(State);
        var upToSeq = outbox.NextSeq - 1;
        // A history line is delivered by the commit that writes it.
        if (lines.Count > 0) outbox.Pending.RemoveAll(e => e.To == Recorded.Address && e.Seq <= upToSeq);
        if (changed.Count > 0 || sent.Count > 0 || delivered.Count > 0)
        {
            await store.WriteAsync(new GrainWrite(Kind, Address, version, changed,
                [.. sent.Where(e => e.To != Recorded.Address)], delivered, lines));
            version++;
        }
        stored = Math.Max(stored, upToSeq);
        written = upTo;
    }

    private void StartDelivery()
    {
        if (draining || State is null || !Deliverable().Any()) return;
        draining = true;
        _ = DeliverLoopAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        deactivating = true;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task DeliverLoopAsync()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            // Never call another grain synchronously from the caller's turn (OnActivateAsync among them): two grains
            // activating each other with messages pending both ways deadlocked on Orleans' activation locks.
            await Task.Yield();
            while (State is not null && !deactivating && !stopping.IsCancellationRequested)
            {
                var batches = Deliverable().GroupBy(e => e.To).ToList();
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
    /// writes again soon anyway; a quiet one deletes them after a pause, so that a message still stored after that
    /// is one the outbox recovery must wake its grain for.
    /// </summary>
    private void ScheduleTrim()
    {
        if (trim is not null || acknowledged.Count == 0 || broken) return;
        trim = this.RegisterGrainTimer(async () =>
        {
            trim?.Dispose();
            trim = null;
            if (acknowledged.Count > 0 && !broken) await PersistAsync();
        }, new GrainTimerCreationOptions(TrimDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task<bool> TryDeliverAsync(IGrouping<string, Envelope> batch)
    {
        var envelopes = batch.ToList();
        try
        {
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
