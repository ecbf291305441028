using System.Collections.Concurrent;
using System.Security.Cryptography;
using MonMaster.Admission;
using MonMaster.Api.Live;
using MonMaster.Catalogue;
using MonMaster.Grains;

namespace MonMaster.Api.Catalogue;

/// <summary>
/// The catalogue as this API node serves it: every formation of the campaign's year from the store (PostgreSQL, the
/// authority), an in-memory copy for sheets, and the search. It follows the store's changes every second, so a
/// formation published through another node (or by the demo's seed) shows here within about a second. Publishing
/// goes through here: checked, stored, given to the admission engine, and searchable at once on this node.
/// </summary>
public sealed class Publication(
    ICatalogueStore store, MemoryCatalogueSearch index, Geography geography, IGrainFactory grains, LiveSettings live,
    ILogger<Publication> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, CatalogueFormation> formations = new();
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private long version;

    public Geography Geography => geography;
    public int Year => live.Campaign;
    public int Count => formations.Count;

    public CatalogueFormation? Find(string id) => formations.GetValueOrDefault(id);

    public IEnumerable<CatalogueFormation> All => formations.Values;

    /// <summary>The formations of one establishment, by mention then parcours.</summary>
    public IReadOnlyList<CatalogueFormation> Of(string establishment) =>
        [.. formations.Values.Where(f => f.Establishment == establishment).OrderBy(f => f.Mention, StringComparer.Ordinal).ThenBy(f => f.Parcours, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal)];

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try { await RefreshAsync(stopping); }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Catalogue: could not read the store's changes; trying again");
            }
        }
        while (await Tick(timer, stopping));
    }

    /// <summary>Takes the store's changes since the last look (all of it the first time).</summary>
    public async Task RefreshAsync(CancellationToken cancellation = default)
    {
        await refreshing.WaitAsync(cancellation);
        try
        {
            var changes = await store.ChangesSinceAsync(version, cancellation);
            if (changes.Changed.Count == 0) { version = Math.Max(version, changes.Version); return; }
            var ours = changes.Changed.Where(f => f.Year == Year).ToList();
            foreach (var f in ours) formations[f.Id] = f;
            // Every edit rebuilds the index (~0.1 s for 8,100): several changes rebuild it once.
            if (ours.Count == 1) index.Upsert(ours[0]);
            else if (ours.Count > 1) index.Replace(formations.Values);
            if (version == 0 || changes.Changed.Count > 50)
                logger.LogInformation("Catalogue {Year}: {Count} formations searchable ({Changed} read from the store)", Year, formations.Count, changes.Changed.Count);
            version = changes.Version;
        }
        finally { refreshing.Release(); }
    }

    /// <summary>
    /// Publishes formations of <paramref name="establishment"/> (new ones when their id is null): every draft is checked
    /// first and nothing is published when one is wrong. Until applications close the engine takes the new capacity,
    /// track and pieces; after, only the descriptive sheet may change (<c>catalogue-locked</c>).
    /// </summary>
    public async Task<PublishResult> PublishAsync(string establishment, IReadOnlyList<(string? Id, FormationDraft Draft, string Where)> drafts, CancellationToken cancellation = default)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        var now = (await campaign.GetView()).Now;
        var closed = now > new CampaignCalendar(Year).ApplicationCloses;
        var problems = new List<string>();
        var ready = new List<(CatalogueFormation Formation, bool Created)>();
        foreach (var (id, draft, where) in drafts)
        {
            CatalogueFormation? existing = null;
            if (id is not null)
            {
                existing = Find(id) ?? await store.GetAsync(id, cancellation);
                if (existing is null) { problems.Add($"{where}la formation {id} n'existe pas."); continue; }
                if (existing.Establishment != establishment) { problems.Add($"{where}la formation {id} n'est pas une formation de votre établissement."); continue; }
            }
            var (formation, found) = draft.ToFormation(id ?? NewId(), Year, establishment, geography, existing);
            if (formation is null) { problems.AddRange(found.Select(p => where + Lower(p))); continue; }
            if (closed && (existing is null || FormationDraft.EngineFieldsDiffer(existing, formation)))
            {
                problems.Add(where + (existing is null
                    ? "les candidatures sont closes : une nouvelle formation attend la campagne suivante."
                    : "les candidatures sont closes : la capacité, les modalités, les pièces, la mention et le parcours ne changent plus ; le reste de la fiche, si."));
                continue;
            }
            ready.Add((formation, existing is null));
        }
        if (problems.Count > 0) return new PublishResult([], problems, closed && problems.All(p => p.Contains("candidatures sont closes")));

        var published = ready.Select(r => r.Formation).ToList();
        await StoreAsync(published, cancellation);
        logger.LogInformation("Catalogue: {Establishment} published {Count} formation(s) ({Created} new)", establishment, published.Count, ready.Count(r => r.Created));
        return new PublishResult(published, [], false);
    }

    /// <summary>
    /// Loads sheets as they are (the national catalogue an operator imports, ids kept): those recruiting through the
    /// platform go to the engine first, then the store; searchable here at once, on other nodes within a second.
    /// </summary>
    public async Task LoadAsync(IReadOnlyList<CatalogueFormation> sheets, CancellationToken cancellation = default)
    {
        await StoreAsync(sheets, cancellation);
        logger.LogInformation("Catalogue: {Count} formation(s) loaded by an operator", sheets.Count);
    }

    /// <summary>
    /// The engine first (a formation is never searchable without being able to take applications), then the store, then
    /// this node's copy and index.
    /// </summary>
    private async Task StoreAsync(IReadOnlyList<CatalogueFormation> sheets, CancellationToken cancellation)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        foreach (var chunk in sheets.Where(f => f.ViaPlatform).Select(f => f.ToEngine()).Chunk(1000)) await campaign.AddFormations(chunk);
        await store.UpsertAsync(sheets, cancellation);
        foreach (var f in sheets) formations[f.Id] = f;
        if (sheets.Count == 1) index.Upsert(sheets[0]);
        else index.Replace(formations.Values);
    }

    private static string Lower(string problem) => problem.Length > 0 ? char.ToLowerInvariant(problem[0]) + problem[1..] : problem;

    /// <summary>A new formation's id: "N" and 9 random digits (generated ones are "M" and 5 digits).</summary>
    private string NewId()
    {
        while (true)
        {
            var id = $"N{RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000)}";
            if (!formations.ContainsKey(id)) return id;
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stopping)
    {
        try { return await timer.WaitForNextTickAsync(stopping); }
        catch (OperationCanceledException) { return false; }
    }
}

/// <summary><paramref name="Locked"/>: refused only because applications are closed (409 rather than 422).</summary>
public sealed record PublishResult(IReadOnlyList<CatalogueFormation> Published, IReadOnlyList<string> Problems, bool Locked);
