using MonMaster.Catalogue;

namespace MonMaster.Tests.Catalogue;

/// <summary>The search behaviour over the in-memory index, and what the holder adds: edits show at once.</summary>
public sealed class MemorySearchBehaviour : SearchBehaviour
{
    protected override Task<ICatalogueSearch> SearchOverAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography) =>
        Task.FromResult<ICatalogueSearch>(new MemoryCatalogueSearch(geography, formations));

    private static MemoryCatalogueSearch Holder() => new(SmallCatalogue.Geography, SmallCatalogue.Formations);

    private static async Task<string[]> Found(ICatalogueSearch search, SearchQuery query) =>
        [.. (await search.SearchAsync(query with { PageSize = 100 })).Hits.Select(h => h.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task An_upserted_sheet_is_searched_at_once()
    {
        var search = Holder();
        var t12 = SmallCatalogue.Formations.Single(f => f.Id == "T12");
        search.Upsert(t12 with { Id = "T13", Mention = "Lettres modernes", Keywords = ["édition"] });
        Assert.Equal(["T13"], await Found(search, new SearchQuery { Text = "edition" }));
        Assert.Equal(13, search.Index.Count);

        search.Upsert(t12 with { Mention = "Philosophie" }); // same id: replaces
        Assert.Equal(["T12"], await Found(search, new SearchQuery { Text = "philosophie" }));
        Assert.Equal(["T13"], await Found(search, new SearchQuery { Mentions = ["Lettres modernes"] }));
        Assert.Empty(await Found(search, new SearchQuery { Mentions = ["Lettres"] }));
        Assert.Equal(13, search.Index.Count);
    }

    [Fact]
    public async Task Replace_and_remove_swap_the_whole_index()
    {
        var search = Holder();
        var before = search.Index;
        Assert.True(search.Remove("T07"));
        Assert.False(search.Remove("T07"));
        Assert.Empty(await Found(search, new SearchQuery { Departements = ["33"], Text = "marches" }));
        Assert.Equal(12, before.Count); // an index never changes: searches running on it keep their catalogue

        search.Replace(SmallCatalogue.Formations.Where(f => f.Place.RegionCode == "84"));
        Assert.Equal(["T01", "T02", "T08", "T09"], await Found(search, new SearchQuery()));
    }

    [Fact]
    public async Task Searches_read_while_sheets_are_edited()
    {
        var search = Holder();
        var t01 = SmallCatalogue.Formations.Single(f => f.Id == "T01");
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++) search.Upsert(t01 with { Id = $"X{i:000}" });
        });
        while (!writer.IsCompleted)
        {
            var result = await search.SearchAsync(new SearchQuery { Text = "economie appliquee", PageSize = 1 });
            Assert.Equal(result.Total, result.Facets.Mentions.Single().Count); // one consistent index per search
        }
        await writer;
        Assert.Equal(201, (await search.SearchAsync(new SearchQuery { Mentions = ["Économie appliquée"] })).Total);
    }

    [Fact]
    public void Text_folds_accents_ligatures_and_stop_words() =>
        Assert.Equal(["oeuvre", "economie", "entreprises", "ca", "marches", "aegis"], CatalogueText.Words("L'Œuvre de l'ÉCONOMIE, et des entreprises… ÇA marchés à l'Ægis"));
}
