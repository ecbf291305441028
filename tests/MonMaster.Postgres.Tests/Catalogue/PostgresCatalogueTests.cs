using MonMaster.Catalogue;
using MonMaster.Postgres;
using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests.Catalogue;

/// <summary>The catalogue in PostgreSQL: the store keeps sheets as they were written, the search gives the small catalogue's known answers.</summary>
[Collection("postgres")]
public sealed class PostgresCatalogueTests(PostgresServer postgres) : IAsyncLifetime
{
    private string _connectionString = "";
    private PostgresCatalogueStore _store = null!;
    private PostgresCatalogueSearch _search = null!;

    public async Task InitializeAsync()
    {
        // Its own database: the catalogue table has no service id, other tests share the default one.
        _connectionString = await postgres.CreateDatabaseAsync($"catalogue_{Guid.NewGuid():N}"[..30]);
        _store = new PostgresCatalogueStore(_connectionString);
        _search = new PostgresCatalogueSearch(_connectionString, SmallCatalogue.Geography, SmallCatalogue.Year);
        await _store.UpsertAsync(SmallCatalogue.Formations);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _search.DisposeAsync();
    }

    private static string Json(CatalogueFormation f) => CatalogueJson.Serialize(f);

    [Fact]
    public async Task The_store_gives_back_the_sheets_as_written()
    {
        var loaded = await _store.LoadAllAsync(SmallCatalogue.Year);
        Assert.Equal(SmallCatalogue.Formations.Select(Json), loaded.Select(Json));
        Assert.Equal(12, await _store.CountAsync(SmallCatalogue.Year));
        Assert.Equal(0, await _store.CountAsync(SmallCatalogue.Year + 1));
        Assert.Equal(Json(SmallCatalogue.Formations[6]), Json((await _store.GetAsync("T07"))!));
        Assert.Null(await _store.GetAsync("T99"));
        // The computed track is not stored but comes back the same.
        Assert.Equal(MonMaster.Admission.Track.WorkStudy, (await _store.GetAsync("T04"))!.Track);
        Assert.DoesNotContain("\"track\"", Json(SmallCatalogue.Formations[3]));
        Assert.Contains("\"professionalisation-contract\"", Json(SmallCatalogue.Formations[3]));
    }

    [Fact]
    public async Task Upserting_the_same_sheets_again_changes_nothing_and_changes_are_seen_by_version()
    {
        var start = await _store.ChangesSinceAsync(0);
        Assert.Equal(SmallCatalogue.Formations.Select(f => f.Id).Order(), start.Changed.Select(f => f.Id).Order());

        await _store.UpsertAsync(SmallCatalogue.Formations);
        var none = await _store.ChangesSinceAsync(start.Version);
        Assert.Empty(none.Changed);
        Assert.Equal(start.Version, none.Version);
        Assert.Equal(12, await _store.CountAsync(SmallCatalogue.Year));

        var t02 = SmallCatalogue.Formations[1] with { Capacity = 26 };
        var t13 = SmallCatalogue.Formations[11] with { Id = "T13", Mention = "Histoire" };
        await _store.UpsertAsync([t02, t13, t13]);
        var changes = await _store.ChangesSinceAsync(start.Version);
        Assert.Equal(["T02", "T13"], changes.Changed.Select(f => f.Id).Order());
        Assert.True(changes.Version > start.Version);
        Assert.Equal(26, (await _store.GetAsync("T02"))!.Capacity);
        Assert.Equal(13, await _store.CountAsync(SmallCatalogue.Year));
        Assert.Empty((await _store.ChangesSinceAsync(changes.Version)).Changed);

        // The memory store agrees.
        var memory = new MemoryCatalogueStore();
        await memory.UpsertAsync(SmallCatalogue.Formations);
        var memoryStart = await memory.ChangesSinceAsync(0);
        await memory.UpsertAsync(SmallCatalogue.Formations);
        Assert.Empty((await memory.ChangesSinceAsync(memoryStart.Version)).Changed);
        await memory.UpsertAsync([t02, t13, t13]);
        Assert.Equal(["T02", "T13"], (await memory.ChangesSinceAsync(memoryStart.Version)).Changed.Select(f => f.Id).Order());
        Assert.Equal(13, await memory.CountAsync(SmallCatalogue.Year));
    }

    private async Task<string[]> Ids(SearchQuery query)
    {
        var result = await _search.SearchAsync(query with { PageSize = 100 });
        Assert.Equal(result.Total, result.Hits.Count);
        return [.. result.Hits.Select(h => h.Id).Order()];
    }

    [Fact]
    public async Task Text_ignores_accents_and_case_and_forgives_typos_on_long_words()
    {
        Assert.Equal(["T01", "T07"], await Ids(new() { Text = "economie" }));
        Assert.Equal(["T01", "T07"], await Ids(new() { Text = "ÉCONOMIE" }));
        Assert.Equal(["T02", "T03", "T10"], await Ids(new() { Text = "psycologie" }));
        Assert.Equal(["T02", "T03", "T10"], await Ids(new() { Text = "psycho" }));
        Assert.Equal(["T04", "T11"], await Ids(new() { Text = "droit des affaires" }));
        Assert.Equal(["T05"], await Ids(new() { Text = "apprentissage automatique" }));
        Assert.Empty(await Ids(new() { Text = "biologie" }));
        Assert.Empty(await Ids(new() { Text = "zzzzz" }));
        Assert.Empty(await Ids(new() { Text = "psychologie lyonnaise" }));
    }

    [Fact]
    public async Task Geography_by_radius_region_and_departement()
    {
        Assert.Equal(["T01", "T02", "T08"], await Ids(new() { Communes = ["69123"] }));
        Assert.Equal(["T01", "T02", "T08", "T09"], await Ids(new() { Communes = ["69123"], RadiusKm = 11 }));
        Assert.Equal(["T01", "T02", "T08", "T09"], await Ids(new() { Regions = ["84"] }));
        Assert.Equal(["T03", "T04", "T05", "T06", "T12"], await Ids(new() { Departements = ["13", "75"] }));
        Assert.Equal(["T01", "T02", "T03", "T04", "T08"], await Ids(new() { Departements = ["13"], Communes = ["69123"] }));
        Assert.Empty(await Ids(new() { Communes = ["00000"] }));

        var hits = (await _search.SearchAsync(new() { Communes = ["69123"], RadiusKm = 11, Sort = SearchSort.Distance })).Hits;
        Assert.Equal(["T01", "T02", "T08", "T09"], hits.Select(h => h.Id));
        Assert.Equal(0, hits[0].DistanceKm!.Value, 6);
        Assert.Equal(Distance.Km(SmallCatalogue.Lyon.Latitude, SmallCatalogue.Lyon.Longitude, SmallCatalogue.Villeurbanne.Latitude, SmallCatalogue.Villeurbanne.Longitude),
            hits[1].DistanceKm!.Value, 6);
        Assert.Equal(9.9, hits[2].DistanceKm!.Value, 6);
        Assert.Equal(10.1, hits[3].DistanceKm!.Value, 6);
    }

    [Fact]
    public async Task Last_diploma_modalities_and_platform()
    {
        Assert.Equal(["T04", "T11"], await Ids(new() { LastDiploma = "Droit" }));
        Assert.Equal(["T01", "T07"], await Ids(new() { LastDiploma = "economie" }));
        Assert.Equal(["T04", "T05", "T10"], await Ids(new() { Modalities = [Modality.Apprenticeship] }));
        var via = await Ids(new() { OnlyViaPlatform = true });
        Assert.Equal(11, via.Length);
        Assert.DoesNotContain("T07", via);
        Assert.Equal(["T02", "T03", "T10"], await Ids(new() { Mentions = ["psychologie"] }));
        Assert.Equal(["T01", "T02", "T08", "T09"], await Ids(new() { Establishments = ["Universite de Lyon"] }));
        Assert.Equal(["T05"], await Ids(new() { Parcours = ["Intelligence artificielle"] }));
    }

    [Fact]
    public async Task Facets_count_with_every_filter_but_their_own()
    {
        var result = await _search.SearchAsync(new() { Mentions = ["Psychologie"], Regions = ["84"] });
        Assert.Equal(["T02"], result.Hits.Select(h => h.Id));
        Assert.Equal([("44", 1), ("84", 1), ("93", 1)], result.Facets.Regions.Select(f => (f.Value, f.Count)).OrderBy(f => f.Value));
        Assert.Equal("Auvergne-Rhône-Alpes", result.Facets.Regions.Single(f => f.Value == "84").Label);
        Assert.Equal([("13", "Bouches-du-Rhône (13)", 1), ("67", "Bas-Rhin (67)", 1), ("69", "Rhône (69)", 1)],
            result.Facets.Departements.Select(f => (f.Value, f.Label, f.Count)));
        // Mentions in region 84, whatever the mention filter.
        Assert.Equal([("Chimie", 1), ("Informatique", 1), ("Psychologie", 1), ("Économie appliquée", 1)],
            result.Facets.Mentions.Select(f => (f.Value, f.Count)).OrderBy(f => f.Value, StringComparer.Ordinal));
        Assert.Equal([("initial", "Formation initiale", 1), ("continuing", "Formation continue", 1)],
            result.Facets.Modalities.Select(f => (f.Value, f.Label, f.Count)));
        Assert.Equal(1, result.Facets.ViaPlatform);
        Assert.Equal([("69266", 1)], result.Map.Select(m => (m.CommuneCode, m.Count)));

        var all = await _search.SearchAsync(new() { Mentions = ["Géographie"] });
        Assert.Equal(0, all.Total);
        Assert.Contains(all.Facets.Mentions, f => f is { Value: "Géographie", Count: 0 });
        Assert.Empty(all.Facets.Modalities); // the mention filter leaves nothing to count

        var none = await _search.SearchAsync(new());
        Assert.Equal([("initial", 9), ("continuing", 2), ("apprenticeship", 3), ("professionalisation-contract", 1)],
            none.Facets.Modalities.Select(f => (f.Value, f.Count)));
        Assert.Equal("Alternance – contrat de professionnalisation", none.Facets.Modalities[^1].Label);
        Assert.Equal(11, none.Facets.ViaPlatform);
        Assert.Equal(["11", "44", "75", "84", "93"], none.Facets.Regions.Select(f => f.Value).Order());
    }

    [Fact]
    public async Task Sorts_and_pages()
    {
        var byCapacity = await _search.SearchAsync(new() { Sort = SearchSort.CapacityDesc, PageSize = 5, Page = 2 });
        Assert.Equal(12, byCapacity.Total);
        Assert.Equal([25, 22, 20, 18, 16], byCapacity.Hits.Select(h => h.Capacity));
        var byRate = await _search.SearchAsync(new() { Sort = SearchSort.AccessRateDesc, PageSize = 100 });
        Assert.Equal("T12", byRate.Hits[0].Id);
        Assert.Equal("T07", byRate.Hits[^1].Id);
        var relevance = await _search.SearchAsync(new() { Text = "economie" });
        Assert.Equal("T01", relevance.Hits[0].Id); // in the mention and the parcours
    }
}
