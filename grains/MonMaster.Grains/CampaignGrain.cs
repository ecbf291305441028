using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains.State;

namespace MonMaster.Grains;

/// <summary>
/// A campaign year: its clock and its daily schedule (00:00 deadline sweep, 06:00 morning round). It only
/// ever calls formations, whose handlers never call back, so a round cannot deadlock.
/// </summary>
public sealed class CampaignGrain(
    [PersistentState("campaign", Storage.Name)] IPersistentState<CampaignState> state,
    CampaignClock clock,
    AdmissionEvents events,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain
{
    private const int ConcurrentFormationCalls = 512;
    private CampaignCalendar calendar = null!;
    private IGrainTimer? realTimeTicker;
    private readonly LiveWatchers<bool> watchers = new(TimeProvider.System);
    private Dictionary<string, FormationInfo>? formations;

    private int Year => (int)this.GetPrimaryKeyLong();
    private CampaignState Campaign => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        calendar = new CampaignCalendar(Year);
        ApplyClock();
        return Task.CompletedTask;
    }

    public async Task Configure(CampaignSettings settings)
    {
        var releaseChanged = Campaign.Release != settings.Release;
        Campaign.Configured = true;
        Campaign.Release = settings.Release;
        Campaign.VirtualClock = settings.VirtualClock;
        if (settings.VirtualClock && settings.VirtualStart is { } start) Campaign.VirtualNow = start;
        ApplyClock(); // before any await: reads interleave, and must never see the settings without their clock
        await state.WriteStateAsync();
        if (releaseChanged) await ForEachFormation(f => f.SetRelease(settings.Release));
        Announce(null);
    }

    public Task<CampaignView> GetView() => Task.FromResult(View());

    private CampaignView View()
    {
        var now = Campaign is { Configured: true, VirtualClock: true, VirtualNow: { } virtualNow } ? virtualNow : clock.GetUtcNow();
        return new CampaignView(Year, calendar.PhaseAt(now), now, Campaign.Configured && Campaign.VirtualClock,
            Campaign.Release, NextWork()?.At, Campaign.LastWorkAt, Campaign.Formations.Count);
    }

    public Task AddFormation(FormationInfo formation) => AddFormations([formation]);

    /// <summary>Defines the formations, then records them in one write (the campaign's state is rewritten whole).</summary>
    public async Task AddFormations(IReadOnlyList<FormationInfo> formations)
    {
        if (formations.FirstOrDefault(f => f.Year != Year) is { } stranger)
            throw new ArgumentException($"Formation '{stranger.Id}' belongs to campaign {stranger.Year}, not {Year}.");
        var release = Campaign.Release;
        await Bounded(formations, f => GrainFactory.GetGrain<IFormationGrain>(f.Id).Define(f, release));
        if (this.formations is { } cached) foreach (var f in formations) cached[f.Id] = f;
        var known = Campaign.Formations.ToHashSet();
        var added = formations.Select(f => f.Id).Where(known.Add).ToList();
        if (added.Count == 0) return;
        Campaign.Formations.AddRange(added);
        await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<FormationInfo>> GetFormations()
    {
        if (formations is null)
        {
            var found = new Dictionary<string, FormationInfo>();
            await Bounded(Campaign.Formations.ToList(), async id =>
            {
                if (await GrainFactory.GetGrain<IFormationGrain>(id).GetInfo() is { } info) found[id] = info;
            });
            formations ??= found;
        }
        return [.. Campaign.Formations.Where(formations.ContainsKey).Select(id => formations[id])];
    }

    public Task<CampaignView> Watch(ILiveObserver node)
    {
        watchers.Set(node, true);
        DelayDeactivation(LiveLease.Duration);
        return GetView();
    }

    public Task<IReadOnlyList<string>> GetFormationIds() => Task.FromResult<IReadOnlyList<string>>([.. Campaign.Formations]);

    public async Task<ScheduledWork?> RunNextDueWork(DateTimeOffset upTo)
    {
        if (NextWork() is not { } work || work.At > upTo) return null;
        if (Campaign.VirtualClock) SetVirtualNow(work.At);
        logger.LogInformation("Campaign {Year}: {Work} at {At} for {Formations} formations", Year, work.Kind, CampaignCalendar.Format(work.At), Campaign.Formations.Count);
        await ForEachFormation(f => f.Run(work));
        Campaign.LastWorkAt = work.At;
        if (NextWork() is null && Campaign.AccessRates is null) await RecordAccessRatesAsync();
        await state.WriteStateAsync();
        Announce(work.Kind);
        return work;
    }

    /// <summary>The end of the campaign: each formation's access rate is kept with the year, for next year's sheets.</summary>
    private async Task RecordAccessRatesAsync()
    {
        var rates = new Dictionary<string, double?>();
        await ForEachFormation(async f =>
        {
            var stats = await f.GetStats();
            rates[stats.FormationId] = stats.AccessRate;
        });
        Campaign.AccessRates = rates;
        logger.LogInformation("Campaign {Year}: access rates recorded for {Formations} formations", Year, rates.Count);
    }

    public Task<IReadOnlyDictionary<string, double?>?> GetAccessRates() =>
        Task.FromResult<IReadOnlyDictionary<string, double?>?>(Campaign.AccessRates);

    public async Task AdvanceClock(DateTimeOffset to)
    {
        if (!Campaign.VirtualClock) throw new InvalidOperationException("The campaign runs on real time; its clock cannot be moved.");
        while (await RunNextDueWork(to) is not null) { }
        SetVirtualNow(to);
        await state.WriteStateAsync();
        Announce(null);
    }

    private ScheduledWork? NextWork() => calendar.NextWorkAfter(Campaign.LastWorkAt ?? DateTimeOffset.MinValue);

    private void SetVirtualNow(DateTimeOffset now)
    {
        if (Campaign.VirtualNow is { } current && current > now) return;
        Campaign.VirtualNow = now;
        clock.SetVirtual(now);
    }

    private void ApplyClock()
    {
        if (!Campaign.Configured) return;
        if (Campaign.VirtualClock)
        {
            realTimeTicker?.Dispose();
            realTimeTicker = null;
            if (Campaign.VirtualNow is { } now) clock.SetVirtual(now);
            return;
        }
        clock.UseRealTime();
        // On real time the schedule is kept by this ticker; a missed tick is caught up by the next one.
        realTimeTicker ??= this.RegisterGrainTimer(async () =>
        {
            while (await RunNextDueWork(clock.GetUtcNow()) is not null) { }
        }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)) { KeepAlive = true });
    }

    private Task ForEachFormation(Func<IFormationGrain, Task> action) =>
        Bounded(Campaign.Formations.ToList(), id => action(GrainFactory.GetGrain<IFormationGrain>(id)));

    /// <summary>Calls in parallel, a bounded number at a time, on this grain's scheduler.</summary>
    private static async Task Bounded<T>(IReadOnlyCollection<T> items, Func<T, Task> call)
    {
        using var slots = new SemaphoreSlim(ConcurrentFormationCalls);
        await Task.WhenAll(items.Select(async item =>
        {
            await slots.WaitAsync();
            try { await call(item); }
            finally { slots.Release(); }
        }));
    }

    private void Announce(WorkKind? work)
    {
        var now = clock.GetUtcNow();
        events.Publish(new CampaignChanged(Year, calendar.PhaseAt(now), now, work));
        if (!watchers.Any) return;
        var view = View();
        foreach (var (node, _) in watchers.Current()) _ = node.OnCampaign(view);
    }
}
