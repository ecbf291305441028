namespace MonMaster.Grains;

/// <summary>
/// Where grains publish what users may be watching. In-process and non-blocking: a grain never waits for a
/// watcher. The API subscribes here (or bridges it across the cluster) to push to browsers.
/// </summary>
public sealed class AdmissionEvents
{
    private volatile Action<AdmissionEvent>[] subscribers = [];
    private readonly Lock gate = new();

    public void Publish(AdmissionEvent admissionEvent)
    {
        foreach (var subscriber in subscribers) subscriber(admissionEvent);
    }

    public IDisposable Subscribe(Action<AdmissionEvent> subscriber)
    {
        lock (gate) subscribers = [.. subscribers, subscriber];
        return new Subscription(this, subscriber);
    }

    private sealed class Subscription(AdmissionEvents owner, Action<AdmissionEvent> subscriber) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate) owner.subscribers = [.. owner.subscribers.Where(s => s != subscriber)];
        }
    }
}
