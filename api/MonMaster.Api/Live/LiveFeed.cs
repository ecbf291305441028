using MonMaster.Admission;
using Microsoft.AspNetCore.SignalR;
using MonMaster.Grains;

namespace MonMaster.Api.Live;

/// <summary>
/// This API node's window on the cluster. It watches, at each formation, only the candidates connected here
/// (and the counters its establishments and operators look at); formations tell it after each commit, through
/// one observer reference; it coalesces what it hears and pushes it to its own SignalR connections.
/// No backplane: every node watches for itself.
/// </summary>
public sealed class LiveFeed(
    IGrainFactory grains,
    IHubContext<CandidateHub, ICandidateClient> candidateHub,
    IHubContext<EstablishmentHub, IEstablishmentClient> establishmentHub,
    IHubContext<OperatorHub, IOperatorClient> operatorHub,
    IHubContext<SheetHub, ISheetClient> sheetHub,
    LiveSettings settings,
    ILogger<LiveFeed> logger) : BackgroundService, ILiveObserver
{
    private const int ConcurrentWatchCalls = 64;
    private readonly Lock gate = new();
    private ILiveObserver? self;

    // What this node's connections watch.
    private readonly Dictionary<string, int> candidateConnections = [];
    private readonly Dictionary<string, DateTimeOffset> readers = [];                    // candidate → last read here
    private readonly HashSet<(string Candidate, string Formation)> toRead = [];          // written here since last read
    private readonly Dictionary<string, Dictionary<string, (ApplicationView View, long Version)>> known = []; // candidate → formation → last view
    private readonly Dictionary<string, long> statsVersions = [];
    private readonly Dictionary<string, HashSet<string>> watchedAt = [];                  // formation → candidates
    private readonly Dictionary<string, int> establishmentConnections = [];
    private int operatorConnections;
    private readonly Dictionary<string, int> sheetConnections = [];                       // formation → open sheets here
    private readonly HashSet<string> dirty = [];

    // What changed since the last push.
    private Dictionary<string, Dictionary<string, ApplicationEvent>> pendingCandidates = [];
    private Dictionary<string, FormationStats> pendingStats = [];
    private readonly Dictionary<string, FormationStats> stats = [];
    private bool countersChanged;
    private readonly SortedDictionary<DateTimeOffset, (int Offers, int Answers)> perMinute = [];
    private IReadOnlyList<FormationInfo> formations = [];
    private readonly SemaphoreSlim formationsLoaded = new(1, 1);
    private DateTimeOffset formationsAt = DateTimeOffset.MinValue;

    public static string CandidateGroup(string candidateId) => $"candidate:{candidateId}";
    public static string EstablishmentGroup(string establishment) => $"establishment:{establishment}";
    public const string OperatorGroup = "operators";
    public static string SheetGroup(string formationId) => $"sheet:{formationId}";

    // ----- connections -----

    /// <summary>A connection of this candidate opened here; returns their applications as they are now.</summary>
    public async Task<IReadOnlyList<ApplicationView>> ConnectCandidateAsync(string candidateId)
    {
        lock (gate) candidateConnections[candidateId] = candidateConnections.GetValueOrDefault(candidateId) + 1;
        try
        {
            var candidate = grains.GetGrain<ICandidateGrain>(candidateId);
            if (!await candidate.Exists()) return []; // no file yet: what a watcher of a newcomer sees
            return await ApplicationsAsync(candidateId, [.. (await candidate.GetSnapshot()).Applications.Select(a => a.FormationId)]);
        }
        catch
        {
            DisconnectCandidate(candidateId); // the hub refuses the connection: it must not stay counted
            throw;
        }
    }

    public void DisconnectCandidate(string candidateId)
    {
        lock (gate)
        {
            if (!candidateConnections.TryGetValue(candidateId, out var count)) return;
            if (count > 1) { candidateConnections[candidateId] = count - 1; return; }
            candidateConnections.Remove(candidateId);
            if (!readers.ContainsKey(candidateId)) Forget(candidateId);
        }
    }

    /// <summary>
    /// The candidate's applications at <paramref name="formationIds"/> (their file, in its order), from this node's read
    /// model: no formation is called for one already watched here. A formation not yet watched for this candidate (a
    /// first read, a new application) is read once and watched from then on; a candidate read but not connected stays
    /// watched for <see cref="LiveSettings.ReadLease"/> after their last read.
    /// </summary>
    public async Task<IReadOnlyList<ApplicationView>> ApplicationsAsync(string candidateId, IReadOnlyList<string> formationIds)
    {
        List<string> missing;
        lock (gate)
        {
            readers[candidateId] = DateTimeOffset.UtcNow;
            var views = known.TryGetValue(candidateId, out var existing) ? existing : known[candidateId] = [];
            missing = [.. formationIds.Where(f => !views.ContainsKey(f) || toRead.Contains((candidateId, f)))];
            foreach (var formationId in missing)
                if ((watchedAt.TryGetValue(formationId, out var at) ? at : watchedAt[formationId] = []).Add(candidateId))
                    dirty.Add(formationId);
        }
        var read = await Task.WhenAll(missing.Select(f => grains.GetGrain<IFormationGrain>(f).ReadApplication(candidateId)));
        lock (gate)
        {
            var views = known.TryGetValue(candidateId, out var existing) ? existing : known[candidateId] = [];
            foreach (var (formationId, fresh) in missing.Zip(read))
            {
                toRead.Remove((candidateId, formationId));
                // A push that crossed this read keeps its place if it is newer.
                if (views.TryGetValue(formationId, out var seen) && seen.Version > fresh.Version) continue;
                views[formationId] = (fresh.View ?? Placeholder(candidateId, formationId), fresh.Version);
            }
            return [.. formationIds.Select(f => views.TryGetValue(f, out var seen) ? seen.View : Placeholder(candidateId, f))];
        }
    }

    /// <summary>
    /// A write taken here may have changed what this candidate's formations say: their next read here asks the formations
    /// again rather than wait for the push (read-your-writes on the node that took the write).
    /// </summary>
    public void Invalidate(string candidateId)
    {
        lock (gate)
            if (known.TryGetValue(candidateId, out var views))
                foreach (var formationId in views.Keys) toRead.Add((candidateId, formationId));
    }

    /// <summary>A write to one application (an establishment's, a rector's) taken here: its next read here asks the formation.</summary>
    public void Invalidate(string candidateId, string formationId)
    {
        lock (gate)
            if (known.TryGetValue(candidateId, out var views) && views.ContainsKey(formationId)) toRead.Add((candidateId, formationId));
    }

    /// <summary>A write to a formation as a whole (its ranking, its complementary places) taken here.</summary>
    public void InvalidateFormation(string formationId)
    {
        lock (gate)
            if (watchedAt.TryGetValue(formationId, out var at))
                foreach (var candidateId in at) toRead.Add((candidateId, formationId));
    }

    /// <summary>The campaign itself changed (its clock moved, an operator's step): every application may have.</summary>
    public void InvalidateAll()
    {
        lock (gate)
            foreach (var (candidateId, views) in known)
                foreach (var formationId in views.Keys) toRead.Add((candidateId, formationId));
    }

    /// <summary>An application the formation has not received yet (still in the candidate's outbox).</summary>
    private static ApplicationView Placeholder(string candidateId, string formationId) =>
        new(candidateId, formationId, ApplicationStatus.Submitted, null, null);

    private void Forget(string candidateId)
    {
        if (!known.Remove(candidateId, out var views)) return;
        foreach (var formationId in views.Keys)
        {
            toRead.Remove((candidateId, formationId));
            if (watchedAt.TryGetValue(formationId, out var at) && at.Remove(candidateId)) dirty.Add(formationId);
        }
    }

    private void ForgetIdleReaders()
    {
        var until = DateTimeOffset.UtcNow - settings.ReadLease;
        lock (gate)
            foreach (var (candidateId, _) in readers.Where(r => r.Value < until).ToList())
            {
                readers.Remove(candidateId);
                if (!candidateConnections.ContainsKey(candidateId)) Forget(candidateId);
            }
    }

    /// <summary>
    /// A connection of this establishment opened here. Its formations are watched with their counters from the next
    /// watch round, whose answers bring the current counters (and push them): no read of its own is needed.
    /// </summary>
    public async Task ConnectEstablishmentAsync(string establishment)
    {
        var own = (await FormationsAsync()).Where(f => f.Establishment == establishment).Select(f => f.Id).ToList();
        lock (gate)
        {
            establishmentConnections[establishment] = establishmentConnections.GetValueOrDefault(establishment) + 1;
            foreach (var id in own) dirty.Add(id);
        }
    }

    public void DisconnectEstablishment(string establishment)
    {
        lock (gate)
        {
            if (!establishmentConnections.TryGetValue(establishment, out var count)) return;
            if (count > 1) establishmentConnections[establishment] = count - 1;
            else establishmentConnections.Remove(establishment);
            foreach (var f in formations.Where(f => f.Establishment == establishment)) dirty.Add(f.Id);
        }
    }

    public async Task<CampaignCounters> ConnectOperatorAsync()
    {
        var all = await FormationsAsync();
        var current = await Task.WhenAll(all.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetStats()));
        lock (gate)
        {
            operatorConnections++;
            foreach (var s in current) stats[s.FormationId] = s;
            foreach (var f in all) dirty.Add(f.Id);
            return Counters();
        }
    }

    public void DisconnectOperator()
    {
        lock (gate)
        {
            operatorConnections = Math.Max(0, operatorConnections - 1);
            if (operatorConnections == 0) foreach (var f in formations) dirty.Add(f.Id);
        }
    }

    /// <summary>
    /// A formation's sheet opened here (one the engine knows: the hub asks the catalogue first): its counters are watched
    /// from the next watch round, and pushed as a badge.
    /// </summary>
    public async Task<FormationBadge> ConnectSheetAsync(string formationId)
    {
        var formation = grains.GetGrain<IFormationGrain>(formationId);
        lock (gate)
        {
            sheetConnections[formationId] = sheetConnections.GetValueOrDefault(formationId) + 1;
            dirty.Add(formationId);
        }
        return FormationBadge.Of(await formation.GetStats());
    }

    public void DisconnectSheet(string formationId)
    {
        lock (gate)
        {
            if (!sheetConnections.TryGetValue(formationId, out var count)) return;
            if (count > 1) sheetConnections[formationId] = count - 1;
            else sheetConnections.Remove(formationId);
            dirty.Add(formationId);
        }
    }

    public CampaignCounters CurrentCounters()
    {
        lock (gate) return Counters();
    }

    /// <summary>How many candidates this node is watching for (its connected ones).</summary>
    public int WatchedCandidates
    {
        get { lock (gate) return candidateConnections.Count; }
    }

    // ----- what the cluster tells this node -----

    public Task OnFormation(FormationLive update)
    {
        var formationId = update.Stats.FormationId;
        lock (gate)
        {
            foreach (var view in update.Applications)
            {
                if (!known.TryGetValue(view.CandidateId, out var views)) continue;
                var before = views.TryGetValue(formationId, out var seen) ? seen : default;
                if (before.View is not null && before.Version >= update.Version) continue; // late: already newer
                views[formationId] = (view, update.Version);
                if (ApplicationEvent.Between(before.View, view) is not { } change) continue;
                (pendingCandidates.TryGetValue(view.CandidateId, out var pending) ? pending : pendingCandidates[view.CandidateId] = [])[formationId] = change;
            }
            if (CountersWatched(formationId, update.Stats.Establishment) && statsVersions.GetValueOrDefault(formationId) < update.Version)
            {
                statsVersions[formationId] = update.Version;
                stats[formationId] = update.Stats;
                pendingStats[formationId] = update.Stats;
                countersChanged = true;
            }
            if (update.OffersMade + update.Answers > 0)
            {
                var now = DateTimeOffset.UtcNow;
                var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
                var (offers, answers) = perMinute.GetValueOrDefault(minute);
                perMinute[minute] = (offers + update.OffersMade, answers + update.Answers);
                while (perMinute.Count > settings.ChartMinutes) perMinute.Remove(perMinute.Keys.First());
            }
        }
        return Task.CompletedTask;
    }

    public Task OnCampaign(CampaignView view)
    {
        _ = operatorHub.Clients.Group(OperatorGroup).Campaign(view);
        return Task.CompletedTask;
    }

    // ----- the node's two loops: watch what is needed, push what changed -----

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        self = grains.CreateObjectReference<ILiveObserver>(this);
        var push = PushLoopAsync(stopping);
        var renewedAt = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(settings.WatchPeriod);
        while (await Tick(timer, stopping))
        {
            try
            {
                if (DateTimeOffset.UtcNow - renewedAt >= LiveLease.Renewal)
                {
                    renewedAt = DateTimeOffset.UtcNow;
                    ForgetIdleReaders();
                    await RenewAllAsync();
                }
                await WatchDirtyAsync();
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Live feed could not update its watches; it will try again");
            }
        }
        await push;
    }

    private async Task RenewAllAsync()
    {
        bool operators;
        lock (gate)
        {
            foreach (var id in watchedAt.Where(w => w.Value.Count > 0).Select(w => w.Key)) dirty.Add(id);
            foreach (var f in formations.Where(f => CountersWatched(f.Id, f.Establishment))) dirty.Add(f.Id);
            foreach (var id in sheetConnections.Keys) dirty.Add(id);
            operators = operatorConnections > 0;
        }
        if (operators) await grains.GetGrain<ICampaignGrain>(settings.Campaign).Watch(self!);
    }

    private async Task WatchDirtyAsync()
    {
        List<(string Formation, List<string> Candidates, bool Counters)> work;
        lock (gate)
        {
            if (dirty.Count == 0) return;
            var establishmentOf = formations.ToDictionary(f => f.Id, f => f.Establishment);
            work = [.. dirty.Select(id => (id,
                watchedAt.TryGetValue(id, out var at) ? at.ToList() : [],
                CountersWatched(id, establishmentOf.GetValueOrDefault(id))))];
            dirty.Clear();
            foreach (var id in watchedAt.Where(w => w.Value.Count == 0).Select(w => w.Key).ToList()) watchedAt.Remove(id);
        }
        using var slots = new SemaphoreSlim(ConcurrentWatchCalls);
        await Task.WhenAll(work.Select(async item =>
        {
            await slots.WaitAsync();
            try
            {
                var formation = grains.GetGrain<IFormationGrain>(item.Formation);
                if (item.Candidates.Count == 0 && !item.Counters) { await formation.Unwatch(self!); return; }
                // What changed while this node was not watching (first watch, or a formation that had forgotten it).
                await OnFormation(await formation.Watch(self!, item.Candidates, item.Counters));
            }
            catch (Exception e)
            {
                lock (gate) dirty.Add(item.Formation);
                logger.LogDebug(e, "Watch of formation {Formation} failed; retried", item.Formation);
            }
            finally { slots.Release(); }
        }));
    }

    private async Task PushLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(settings.CoalesceWindow);
        var countersAt = DateTimeOffset.MinValue;
        while (await Tick(timer, stopping))
        {
            Dictionary<string, Dictionary<string, ApplicationEvent>> candidates;
            Dictionary<string, FormationStats> changedStats;
            CampaignCounters? counters = null;
            HashSet<string> sheets;
            lock (gate)
            {
                sheets = [.. sheetConnections.Keys];
                (candidates, pendingCandidates) = (pendingCandidates, []);
                (changedStats, pendingStats) = (pendingStats, []);
                if (countersChanged && operatorConnections > 0 && DateTimeOffset.UtcNow - countersAt >= settings.CountersPeriod)
                {
                    counters = Counters();
                    countersChanged = false;
                    countersAt = DateTimeOffset.UtcNow;
                }
            }
            try
            {
                var sends = new List<Task>(candidates.Count + 8);
                foreach (var (candidateId, changes) in candidates)
                    sends.Add(candidateHub.Clients.Group(CandidateGroup(candidateId)).Changes([.. changes.Values]));
                foreach (var group in changedStats.Values.GroupBy(s => s.Establishment))
                    sends.Add(establishmentHub.Clients.Group(EstablishmentGroup(group.Key)).Formations([.. group]));
                foreach (var (formationId, changed) in changedStats)
                    if (sheets.Contains(formationId)) sends.Add(sheetHub.Clients.Group(SheetGroup(formationId)).Badge(FormationBadge.Of(changed)));
                if (counters is not null) sends.Add(operatorHub.Clients.Group(OperatorGroup).Counters(counters));
                await Task.WhenAll(sends);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Live feed could not push a batch");
            }
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stopping)
    {
        try { return await timer.WaitForNextTickAsync(stopping); }
        catch (OperationCanceledException) { return false; }
    }

    public async Task<IReadOnlyList<FormationInfo>> FormationsAsync()
    {
        if (DateTimeOffset.UtcNow - formationsAt < LiveLease.Renewal) return formations;
        await formationsLoaded.WaitAsync();
        try
        {
            if (DateTimeOffset.UtcNow - formationsAt < LiveLease.Renewal) return formations;
            var loaded = await grains.GetGrain<ICampaignGrain>(settings.Campaign).GetFormations();
            lock (gate) formations = loaded;
            formationsAt = DateTimeOffset.UtcNow;
            return loaded;
        }
        finally { formationsLoaded.Release(); }
    }

    public async Task<CampaignView> WatchCampaignAsync()
    {
        var campaign = grains.GetGrain<ICampaignGrain>(settings.Campaign);
        return self is null ? await campaign.GetView() : await campaign.Watch(self);
    }

    private bool CountersWatched(string formationId, string? establishment) =>
        operatorConnections > 0 || sheetConnections.ContainsKey(formationId) || (establishment is not null && establishmentConnections.ContainsKey(establishment));

    private CampaignCounters Counters() =>
        CampaignCounters.Of(stats.Values.ToList(), [.. perMinute.Select(m => new MinuteActivity(m.Key, m.Value.Offers, m.Value.Answers))]);
}

/// <summary>How this node watches and pushes.</summary>
public sealed record LiveSettings
{
    public int Campaign { get; init; } = 2025;

    /// <summary>Position updates within this window go out as one message per candidate.</summary>
    public TimeSpan CoalesceWindow { get; init; } = TimeSpan.FromMilliseconds(150);
    public TimeSpan WatchPeriod { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan CountersPeriod { get; init; } = TimeSpan.FromSeconds(1);
    public int ChartMinutes { get; init; } = 30;

    /// <summary>How long a candidate who read their applications here, without a live connection, stays watched.</summary>
    public TimeSpan ReadLease { get; init; } = TimeSpan.FromMinutes(5);
}
