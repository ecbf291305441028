using Microsoft.Extensions.Logging;
using MonMaster.Admission;

namespace MonMaster.Grains;

/// <summary>
/// The messaging discipline shared by formations and candidates, which is what keeps cascades free of
/// deadlocks and losses:
/// <list type="bullet">
/// <item>a request mutates the state and persists it, outbox included, before it answers;</item>
/// <item>the outbox is delivered by a background loop, never inside a request, so no request ever awaits
/// a call that can come back to its grain; <c>Receive</c> handlers only apply and persist;</item>
/// <item>receivers drop redelivered messages by sequence number, so delivery can be retried after any crash.</item>
/// </list>
/// </summary>
public abstract class OutboxGrain(Deliveries deliveries, ILogger logger) : Grain
{
    private readonly HashSet<long> acknowledged = [];
    private bool draining;

    protected abstract Outbox? CurrentOutbox { get; }
    protected abstract Task WriteStateAsync();
    protected abstract Task DeliverAsync(string to, IReadOnlyList<Envelope> envelopes);
    protected string Address => this.GetPrimaryKeyString();

    /// <summary>Messages not yet acknowledged by their receiver (acknowledged ones leave the stored outbox at the next write).</summary>
    protected int Undelivered => CurrentOutbox?.Pending.Count(e => !acknowledged.Contains(e.Seq)) ?? 0;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (CurrentOutbox is { Pending.Count: > 0 } outbox)
        {
            foreach (var envelope in outbox.Pending) deliveries.Enqueued(Address, envelope.Seq);
            StartDelivery();
        }
        return Task.CompletedTask;
    }

    /// <summary>Persists the state (with acknowledged messages dropped from the outbox), then starts delivering what is new.</summary>
    protected async Task PersistAsync()
    {
        if (CurrentOutbox is { } outbox)
        {
            outbox.Acknowledge(acknowledged);
            acknowledged.Clear();
            foreach (var envelope in outbox.Pending) deliveries.Enqueued(Address, envelope.Seq);
        }
        try
        {
            await WriteStateAsync();
        }
        catch
        {
            // Memory may now hold what storage does not: reload from storage on the next call.
            DeactivateOnIdle();
            throw;
        }
        StartDelivery();
    }

    private void StartDelivery()
    {
        if (draining || CurrentOutbox is not { Pending.Count: > 0 }) return;
        draining = true;
        _ = DeliverLoopAsync();
    }

    private async Task DeliverLoopAsync()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (CurrentOutbox is { } outbox)
            {
                var batches = outbox.Pending.Where(e => !acknowledged.Contains(e.Seq)).GroupBy(e => e.To).ToList();
                if (batches.Count == 0) return;
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
