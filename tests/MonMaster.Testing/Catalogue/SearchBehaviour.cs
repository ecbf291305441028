using MonMaster.Catalogue;

namespace MonMaster.Tests.Catalogue;

/// <summary>
/// What every catalogue search backend answers over <see cref="SmallCatalogue"/>: each filter alone, combinations,
/// facets, sorts, paging and the map, with the answers derived by hand from the twelve sheets. A backend's subclass only
/// says how to build a search over a catalogue (xunit makes one instance per test: cache there if building is slow).
/// </summary>
/// <remarks>
/// Orders that compare names (mention, establishment, facet labels) are accent- and case-insensitive: « Économie… »
/// sorts between « Droit… » and « Informatique ». Every sort ends with mention, establishment, id.
/// </remarks>
public abstract class SearchBehaviour
{
    protected abstract Task<ICatalogueSearch> SearchOverAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography);

    private ICatalogueSearch? search;

    protected async Task<SearchResult> Search(SearchQuery query)
    {
        search ??= await SearchOverAsync(SmallCatalogue.Formations, SmallCatalogue.Geography);
        return await search.SearchAsync(query);
    }

    /// <summary>The ids of every match, sorted (order-free comparisons).</summary>
    protected async Task<string[]> Found(SearchQuery query)
    {
        var result = await Search(query with { Page = 1, PageSize = 100 });
        Assert.Equal(result.Total, result.Hits.Count);
        return [.. result.Hits.Select(h => h.Id).Order(StringComparer.Ordinal)];
    }

    /// <summary>The ids of the first page, in the result's order.</summary>
    protected async Task<string[]> InOrder(SearchQuery query) => [.. (await Search(query)).Hits.Select(h => h.Id)];

    protected static string[] Ids(string ids) => ids.Length == 0 ? [] : ids.Split(' ');

    private static Dictionary<string, int> Counts(IReadOnlyList<FacetValue> facet) => facet.ToDictionary(v => v.Value, v => v.Count);

    private const string Everything = "T01 T02 T03 T04 T05 T06 T07 T08 T09 T10 T11 T12";

    [Fact]
    public async Task No_filter_finds_the_whole_catalogue()
    {
        Assert.Equal(Ids(Everything), await Found(new SearchQuery()));
        Assert.Equal(12, (await Search(new SearchQuery())).Total);
    }

    // ---- Free text: accents and case ignored, every word must match (AND), prefixes from 3 characters, typos from 5.

    [Theory]
    [InlineData("economie", "T01 T07")]
    [InlineData("ÉCONOMIE", "T01 T07")]
    [InlineData("Économie", "T01 T07")]
    [InlineData("économie entreprise", "T07")] // T11 has « entreprise » only (keyword), T01 « économie » only
    [InlineData("psychologie", "T02 T03 T10")]
    [InlineData("psychologie clinique", "T02")]
    [InlineData("psychologie du travail", "T10")] // « du » is a stop word
    [InlineData("intelligence artificielle", "T05")]
    [InlineData("Aix-Marseille", "T03 T04")]
    [InlineData("Université de Lyon", "T01 T02 T08 T09")]
    [InlineData("sorbonne psychologie", "")]
    [InlineData("durable", "T01")] // keyword
    [InlineData("apprentissage", "T05")] // keyword « apprentissage automatique », not the modality
    [InlineData("mathematiques", "T06")] // a mention word; T05 only recommends the licence, which is not text
    [InlineData("statistique", "T06")] // parcours
    public async Task Text_matches_words_of_mention_parcours_establishment_and_keywords(string text, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Text = text }));

    [Theory]
    [InlineData("info", "T05 T08")] // typing as you go
    [InlineData("psy", "T02 T03 T10")] // « neuropsychologie » does not start with it
    [InlineData("droi", "T04 T11")] // a prefix of « droit » (mention and parcours)
    [InlineData("sorb univ", "T05 T06 T12")]
    public async Task Text_words_of_three_characters_or_more_match_as_prefixes(string text, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Text = text }));

    [Fact]
    public async Task Text_words_of_two_characters_match_only_whole_words() =>
        Assert.Empty(await Found(new SearchQuery { Text = "ps" }));

    [Theory]
    [InlineData("psycologie", "T02 T03 T10")] // 10 letters, one missing
    [InlineData("sorbone", "T05 T06 T12")] // 7 letters, one missing
    [InlineData("chmie", "T09")] // 5 letters: the shortest word allowed a typo
    [InlineData("infromatique", "T05 T08")] // two neighbours swapped: one edit
    [InlineData("inteligense", "T05")] // 11 letters, two edits (missing l, s for c): allowed from 8 letters
    public async Task Text_tolerates_typos_on_long_words(string text, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Text = text }));

    [Theory]
    // 4 letters, one edit from « droit » / « lyon » / « data » but the prefix of no word: too short for a typo.
    [InlineData("drot")]
    [InlineData("lyom")]
    [InlineData("dita")]
    // 7 letters, two edits from « sorbonne »: only one allowed below 8 letters.
    [InlineData("sarbone")]
    public async Task Text_does_not_stretch_typos_beyond_their_length(string text) =>
        Assert.Empty(await Found(new SearchQuery { Text = text }));

    [Fact]
    public async Task Text_of_stop_words_only_filters_nothing() =>
        Assert.Equal(Ids(Everything), await Found(new SearchQuery { Text = "de la " }));

    [Fact]
    public async Task Relevance_puts_a_mention_match_before_a_keyword_match() =>
        // T07's mention « Économie de l'entreprise et des marchés » (weight 3) over T11's keyword « entreprise » (1),
        // although « Droit des affaires » comes first by mention.
        Assert.Equal(["T07", "T11"], await InOrder(new SearchQuery { Text = "entreprise" }));

    [Fact]
    public async Task Relevance_ties_fall_back_to_mention_then_establishment() =>
        // Three « Psychologie » mentions: Aix-Marseille, Lyon, Strasbourg.
        Assert.Equal(["T03", "T02", "T10"], await InOrder(new SearchQuery { Text = "psychologie" }));

    [Fact]
    public async Task Relevance_weighs_a_prefix_by_its_field() =>
        // « entrep »: a prefix of T07's mention word (3 × 0.8) and of T11's keyword (1 × 0.8).
        Assert.Equal(["T07", "T11"], await InOrder(new SearchQuery { Text = "entrep" }));

    // ---- Geography: regions OR départements OR a radius around communes.

    [Theory]
    [InlineData(10, "T01 T02 T08")] // T08 at 9.9 km is in, T09 at 10.1 km is out
    [InlineData(11, "T01 T02 T08 T09")]
    [InlineData(2, "T01")]
    public async Task Radius_around_a_commune_includes_its_edge(double km, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Communes = [SmallCatalogue.Lyon.Code], RadiusKm = km }));

    [Fact]
    public async Task Radius_defaults_to_ten_kilometres() =>
        Assert.Equal(Ids("T01 T02 T08"), await Found(new SearchQuery { Communes = [SmallCatalogue.Lyon.Code] }));

    [Fact]
    public async Task Hits_carry_the_distance_to_the_first_commune()
    {
        var result = await Search(new SearchQuery { Communes = [SmallCatalogue.Lyon.Code, SmallCatalogue.Marseille.Code], RadiusKm = 11, Sort = SearchSort.Distance });
        var byId = result.Hits.ToDictionary(h => h.Id);
        Assert.Equal(Ids("T01 T02 T08 T09 T04"), result.Hits.Select(h => h.Id).Take(5)); // T04 is in Marseille, T03 in Aix (25 km) is out
        Assert.Equal(5, result.Total);
        Assert.Equal(0, byId["T01"].DistanceKm!.Value, 3);
        Assert.Equal(9.9, byId["T08"].DistanceKm!.Value, 3);
        Assert.Equal(10.1, byId["T09"].DistanceKm!.Value, 3);
        Assert.True(byId["T04"].DistanceKm > 250); // Marseille from Lyon
        Assert.All((await Search(new SearchQuery { Regions = ["84"] })).Hits, h => Assert.Null(h.DistanceKm));
    }

    [Fact]
    public async Task Distance_sort_orders_by_distance_to_the_commune() =>
        Assert.Equal(["T01", "T02", "T08", "T09"], await InOrder(new SearchQuery { Communes = [SmallCatalogue.Lyon.Code], RadiusKm = 11, Sort = SearchSort.Distance }));

    [Theory]
    [InlineData("84", "T01 T02 T08 T09")]
    [InlineData("93", "T03 T04")]
    [InlineData("11", "T05 T06 T12")]
    public async Task Region_filter(string region, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Regions = [region] }));

    [Fact]
    public async Task Departement_filter()
    {
        Assert.Equal(Ids("T03 T04"), await Found(new SearchQuery { Departements = ["13"] }));
        Assert.Equal(Ids("T07 T10 T11"), await Found(new SearchQuery { Departements = ["33", "67"] }));
    }

    [Fact]
    public async Task Geography_values_are_alternatives()
    {
        Assert.Equal(Ids("T03 T04 T05 T06 T12"), await Found(new SearchQuery { Regions = ["11"], Departements = ["13"] }));
        Assert.Equal(Ids("T07 T10 T11"), await Found(new SearchQuery { Regions = ["44"], Communes = [SmallCatalogue.Bordeaux.Code] }));
        Assert.Equal(Ids("T01 T02 T08 T10"), await Found(new SearchQuery { Communes = [SmallCatalogue.Lyon.Code, SmallCatalogue.Strasbourg.Code] }));
    }

    [Fact]
    public async Task An_unknown_commune_matches_nothing()
    {
        Assert.Empty(await Found(new SearchQuery { Communes = ["00000"] }));
        Assert.Equal(Ids("T01 T02 T08"), await Found(new SearchQuery { Communes = ["00000", SmallCatalogue.Lyon.Code] }));
    }

    [Fact]
    public async Task Taught_in_a_commune_keeps_its_own_formations_and_no_radius()
    {
        // Lyon with the default radius: T02 in Villeurbanne and T08 at 9.9 km too; taught in Lyon: T01 alone.
        Assert.Equal(Ids("T01"), await Found(new SearchQuery { TaughtIn = [SmallCatalogue.Lyon.Code] }));
        Assert.Equal(Ids("T05 T06 T12"), await Found(new SearchQuery { TaughtIn = [SmallCatalogue.Paris.Code], RadiusKm = 200 }));
        Assert.Equal(Ids("T01 T10"), await Found(new SearchQuery { TaughtIn = [SmallCatalogue.Lyon.Code], Departements = ["67"] }));
        Assert.Empty(await Found(new SearchQuery { TaughtIn = ["00000"] }));
        Assert.Null(Assert.Single((await Search(new SearchQuery { TaughtIn = [SmallCatalogue.Lyon.Code] })).Hits).DistanceKm);
    }

    [Fact]
    public async Task A_map_marker_counts_what_choosing_its_commune_finds()
    {
        SearchQuery[] searches =
        [
            new(), new() { Text = "psychologie" }, new() { Communes = [SmallCatalogue.Lyon.Code], RadiusKm = 11 },
            new() { Regions = ["84"], Modalities = [Modality.Initial] },
        ];
        foreach (var search in searches)
        {
            var map = (await Search(search)).Map;
            Assert.NotEmpty(map);
            foreach (var marker in map)
            {
                var chosen = search with { Regions = [], Departements = [], Communes = [], TaughtIn = [marker.CommuneCode] };
                Assert.True(marker.Count == (await Search(chosen)).Total, $"{marker.Commune}: the marker counts {marker.Count}");
            }
        }
    }

    // ---- The other filters.

    [Theory]
    [InlineData("Droit", "T04 T11")]
    [InlineData("droit", "T04 T11")]
    [InlineData("DROIT ", "T04 T11")]
    [InlineData("Economie", "T01 T07")]
    [InlineData("mathématiques", "T05 T06")]
    [InlineData("Physique, chimie", "T09")]
    [InlineData("Économie et gestion", "T01")]
    [InlineData("Gestion", "")] // the whole licence mention, not one of its words
    public async Task Last_diploma_finds_the_formations_recommending_it(string licence, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { LastDiploma = licence }));

    [Theory]
    [InlineData("Psychologie", "T02 T03 T10")]
    [InlineData("psychologie|CHIMIE", "T02 T03 T09 T10")]
    [InlineData("Economie appliquee", "T01")]
    [InlineData("Économie", "")] // the whole mention, not one of its words
    public async Task Mention_filter(string mentions, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Mentions = mentions.Split('|') }));

    [Fact]
    public async Task Modality_filter()
    {
        Assert.Equal(Ids("T04 T05 T10"), await Found(new SearchQuery { Modalities = [Modality.Apprenticeship] }));
        Assert.Equal(Ids("T04"), await Found(new SearchQuery { Modalities = [Modality.ProfessionalisationContract] }));
        Assert.Equal(Ids("T02 T04 T07"), await Found(new SearchQuery { Modalities = [Modality.Continuing, Modality.ProfessionalisationContract] }));
        Assert.Equal(Ids("T01 T02 T03 T05 T06 T08 T09 T11 T12"), await Found(new SearchQuery { Modalities = [Modality.Initial] }));
    }

    [Theory]
    [InlineData("Psychologie clinique|Statistique", "T02 T06")]
    [InlineData("droit fiscal", "T04")]
    [InlineData("Droit", "")]
    public async Task Parcours_filter(string parcours, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Parcours = parcours.Split('|') }));

    [Theory]
    [InlineData("Sorbonne Université", "T05 T06 T12")]
    [InlineData("sorbonne universite", "T05 T06 T12")]
    [InlineData("Université de Bordeaux|Aix-Marseille Université", "T03 T04 T07 T11")]
    [InlineData("Université de Nulle Part", "")]
    public async Task Establishment_filter(string establishments, string expected) =>
        Assert.Equal(Ids(expected), await Found(new SearchQuery { Establishments = establishments.Split('|') }));

    [Fact]
    public async Task Only_via_platform_leaves_out_the_establishments_own_applications() =>
        Assert.Equal(Ids("T01 T02 T03 T04 T05 T06 T08 T09 T10 T11 T12"), await Found(new SearchQuery { OnlyViaPlatform = true }));

    [Fact]
    public async Task Filters_combine()
    {
        Assert.Equal(Ids("T08"), await Found(new SearchQuery { Regions = ["84"], Mentions = ["Informatique"] }));
        Assert.Equal(Ids("T02"), await Found(new SearchQuery { Regions = ["84"], Mentions = ["Psychologie"] }));
        Assert.Equal(Ids("T10"), await Found(new SearchQuery { Text = "psychologie", Modalities = [Modality.Apprenticeship] }));
        Assert.Equal(Ids("T03"), await Found(new SearchQuery { LastDiploma = "Psychologie", Regions = ["93"] }));
        Assert.Equal(Ids("T01"), await Found(new SearchQuery { LastDiploma = "Économie", OnlyViaPlatform = true }));
        Assert.Equal(Ids("T05"), await Found(new SearchQuery { Text = "info", Establishments = ["Sorbonne Université"], Modalities = [Modality.Apprenticeship] }));
        Assert.Equal(Ids("T02 T08"), await Found(new SearchQuery { Communes = [SmallCatalogue.Lyon.Code], Text = "univ", Parcours = ["Psychologie clinique", "Data science"] }));
        Assert.Empty(await Found(new SearchQuery { Regions = ["84"], Mentions = ["Lettres"] }));
    }

    // ---- Facets: each one counts with every filter but its own.

    [Fact]
    public async Task Facets_of_a_mention_count_the_other_filters_and_keep_every_mention()
    {
        var result = await Search(new SearchQuery { Mentions = ["Psychologie"] });
        var facets = result.Facets;
        Assert.Equal(3, result.Total);
        Assert.Equal(new Dictionary<string, int> { ["84"] = 1, ["93"] = 1, ["44"] = 1 }, Counts(facets.Regions));
        Assert.Equal(new Dictionary<string, int> { ["69"] = 1, ["13"] = 1, ["67"] = 1 }, Counts(facets.Departements));
        Assert.Equal(new Dictionary<string, int>
        {
            ["Économie appliquée"] = 1, ["Psychologie"] = 3, ["Droit des affaires"] = 2, ["Informatique"] = 2, ["Mathématiques et applications"] = 1,
            ["Économie de l'entreprise et des marchés"] = 1, ["Chimie"] = 1, ["Lettres"] = 1,
        }, Counts(facets.Mentions));
        Assert.Equal(new Dictionary<string, int> { ["initial"] = 2, ["continuing"] = 1, ["apprenticeship"] = 1 }, Counts(facets.Modalities));
        Assert.Equal(new Dictionary<string, int> { ["Psychologie clinique"] = 1, ["Neuropsychologie"] = 1, ["Psychologie du travail"] = 1 }, Counts(facets.Parcours));
        Assert.Equal(new Dictionary<string, int> { ["Université de Lyon"] = 1, ["Aix-Marseille Université"] = 1, ["Université de Strasbourg"] = 1 }, Counts(facets.Establishments));
        Assert.Equal(3, facets.ViaPlatform);
    }

    [Fact]
    public async Task Facets_label_regions_departements_and_modalities()
    {
        var facets = (await Search(new SearchQuery())).Facets;
        Assert.Equal("Auvergne-Rhône-Alpes", facets.Regions.Single(v => v.Value == "84").Label);
        Assert.Equal("Rhône (69)", facets.Departements.Single(v => v.Value == "69").Label);
        Assert.Equal(new Dictionary<string, string>
        {
            ["initial"] = "Formation initiale", ["continuing"] = "Formation continue", ["apprenticeship"] = "Alternance – apprentissage",
            ["professionalisation-contract"] = "Alternance – contrat de professionnalisation",
        }, facets.Modalities.ToDictionary(v => v.Value, v => v.Label));
        Assert.Equal(new Dictionary<string, int> { ["initial"] = 9, ["continuing"] = 2, ["apprenticeship"] = 3, ["professionalisation-contract"] = 1 }, Counts(facets.Modalities));
        Assert.All(facets.Mentions, v => Assert.Equal(v.Value, v.Label));
        // By count, ties by label: Psychologie (3), then Droit des affaires and Informatique (2).
        Assert.Equal(["Psychologie", "Droit des affaires", "Informatique"], facets.Mentions.Take(3).Select(v => v.Value));
        Assert.Equal(11, facets.ViaPlatform);
    }

    [Fact]
    public async Task Region_and_departement_facets_ignore_the_whole_geography_filter()
    {
        var allRegions = new Dictionary<string, int> { ["11"] = 3, ["44"] = 1, ["75"] = 2, ["84"] = 4, ["93"] = 2 };
        var allDepartements = new Dictionary<string, int> { ["13"] = 2, ["33"] = 2, ["67"] = 1, ["69"] = 4, ["75"] = 3 };
        foreach (var query in new[]
        {
            new SearchQuery { Regions = ["84"] }, new SearchQuery { Departements = ["69"] }, new SearchQuery { Communes = [SmallCatalogue.Lyon.Code] },
            new SearchQuery { TaughtIn = [SmallCatalogue.Lyon.Code] },
        })
        {
            var facets = (await Search(query)).Facets;
            Assert.Equal(allRegions, Counts(facets.Regions));
            Assert.Equal(allDepartements, Counts(facets.Departements));
        }
        var inRegion = (await Search(new SearchQuery { Regions = ["84"] })).Facets;
        Assert.Equal(new Dictionary<string, int> { ["Économie appliquée"] = 1, ["Psychologie"] = 1, ["Informatique"] = 1, ["Chimie"] = 1 }, Counts(inRegion.Mentions));
        Assert.Equal(4, inRegion.ViaPlatform);
    }

    [Fact]
    public async Task Modality_facet_ignores_the_modality_filter()
    {
        var result = await Search(new SearchQuery { Modalities = [Modality.Apprenticeship], Regions = ["93"] });
        Assert.Equal(1, result.Total); // T04
        Assert.Equal(new Dictionary<string, int> { ["initial"] = 1, ["apprenticeship"] = 1, ["professionalisation-contract"] = 1 }, Counts(result.Facets.Modalities));
        Assert.Equal(new Dictionary<string, int> { ["Droit des affaires"] = 1 }, Counts(result.Facets.Mentions));
        // The apprenticeships wherever they are: T04 (93), T05 (11), T10 (44).
        Assert.Equal(new Dictionary<string, int> { ["93"] = 1, ["11"] = 1, ["44"] = 1 }, Counts(result.Facets.Regions));
    }

    [Fact]
    public async Task Selected_values_stay_in_their_facet_even_without_formations()
    {
        var result = await Search(new SearchQuery { Regions = ["84"], Mentions = ["Lettres"], Establishments = ["Université de Nulle Part"] });
        Assert.Equal(0, result.Total);
        Assert.Contains(result.Facets.Mentions, v => v is { Value: "Lettres", Count: 0 });
        Assert.Contains(result.Facets.Establishments, v => v is { Value: "Université de Nulle Part", Count: 0 });
        Assert.Empty(result.Facets.Modalities);
    }

    [Fact]
    public async Task Long_facets_keep_the_hundred_most_frequent_values_and_the_selected_ones()
    {
        // 120 parcours « P000 »…« P119 » of T01; P119 taught three times, P118 twice.
        var t01 = SmallCatalogue.Formations[0];
        var formations = Enumerable.Range(0, 120).Select(i => t01 with { Id = $"L{i:000}", Parcours = $"P{i:000}" })
            .Append(t01 with { Id = "L119b", Parcours = "P119" }).Append(t01 with { Id = "L119c", Parcours = "P119" }).Append(t01 with { Id = "L118b", Parcours = "P118" })
            .ToList();
        var search = await SearchOverAsync(formations, SmallCatalogue.Geography);

        var all = (await search.SearchAsync(new SearchQuery())).Facets.Parcours;
        Assert.Equal(100, all.Count);
        Assert.Equal(["P119", "P118", .. Enumerable.Range(0, 98).Select(i => $"P{i:000}")], all.Select(v => v.Value));
        Assert.Equal([3, 2, .. Enumerable.Repeat(1, 98)], all.Select(v => v.Count));

        var selected = await search.SearchAsync(new SearchQuery { Parcours = ["P117"] });
        Assert.Equal(1, selected.Total);
        Assert.Equal(101, selected.Facets.Parcours.Count);
        Assert.Equal(new FacetValue("P117", "P117", 1), selected.Facets.Parcours[^1]);
    }

    [Fact]
    public async Task Via_platform_facet_counts_the_platform_formations_among_the_others_filters()
    {
        var result = await Search(new SearchQuery { Departements = ["33"] });
        Assert.Equal(2, result.Total); // T07 (own applications) and T11
        Assert.Equal(1, result.Facets.ViaPlatform);
        var only = await Search(new SearchQuery { Departements = ["33"], OnlyViaPlatform = true });
        Assert.Equal(1, only.Total);
        Assert.Equal(1, only.Facets.ViaPlatform);
    }

    [Fact]
    public async Task Text_narrows_every_facet()
    {
        var facets = (await Search(new SearchQuery { Text = "psychologie" })).Facets;
        Assert.Equal(new Dictionary<string, int> { ["Psychologie"] = 3 }, Counts(facets.Mentions));
        Assert.Equal(new Dictionary<string, int> { ["84"] = 1, ["93"] = 1, ["44"] = 1 }, Counts(facets.Regions));
    }

    // ---- Sorts, paging, cards and the map.

    [Theory]
    [InlineData(SearchSort.Relevance, "T09 T04 T11 T01 T07 T05 T08 T12 T06 T03 T02 T10")] // no text: by mention
    [InlineData(SearchSort.Mention, "T09 T04 T11 T01 T07 T05 T08 T12 T06 T03 T02 T10")]
    [InlineData(SearchSort.Establishment, "T04 T03 T05 T12 T06 T11 T07 T09 T01 T08 T02 T10")]
    [InlineData(SearchSort.CapacityDesc, "T11 T05 T06 T01 T12 T02 T08 T03 T07 T09 T04 T10")]
    [InlineData(SearchSort.AccessRateDesc, "T12 T09 T06 T01 T11 T04 T08 T10 T03 T02 T05 T07")] // T07 has no rate: last
    public async Task Sorts(SearchSort sort, string expected) =>
        Assert.Equal(Ids(expected), await InOrder(new SearchQuery { Sort = sort }));

    [Theory]
    [InlineData(1, "T11 T05 T06 T01 T12")]
    [InlineData(2, "T02 T08 T03 T07 T09")]
    [InlineData(3, "T04 T10")]
    [InlineData(4, "")]
    public async Task Paging(int page, string expected)
    {
        var result = await Search(new SearchQuery { Sort = SearchSort.CapacityDesc, Page = page, PageSize = 5 });
        Assert.Equal(12, result.Total);
        Assert.Equal(page, result.Page);
        Assert.Equal(5, result.PageSize);
        Assert.Equal(Ids(expected), result.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Paging_is_clamped()
    {
        var large = await Search(new SearchQuery { PageSize = 1000 });
        Assert.Equal((1, 100, 12), (large.Page, large.PageSize, large.Hits.Count));
        var none = await Search(new SearchQuery { Page = 0, PageSize = 0 });
        Assert.Equal((1, 1, 1), (none.Page, none.PageSize, none.Hits.Count));
    }

    [Fact]
    public async Task A_card_shows_the_sheet()
    {
        var hit = (await Search(new SearchQuery { Text = "marches" })).Hits.Single();
        Assert.Equal("T07", hit.Id);
        Assert.Equal("Université de Bordeaux", hit.Establishment);
        Assert.Equal("Économie de l'entreprise et des marchés", hit.Mention);
        Assert.Null(hit.Parcours);
        Assert.Equal([Modality.Continuing], hit.Modalities);
        Assert.Equal(18, hit.Capacity);
        Assert.Null(hit.AccessRate);
        Assert.Equal("Campus de Bordeaux", hit.PlaceLabel);
        Assert.Equal("Bordeaux", hit.Commune);
        Assert.Equal("33", hit.DepartementCode);
        Assert.False(hit.ViaPlatform);
        Assert.Null(hit.DistanceKm);
        Assert.Equal(0.08, (await Search(new SearchQuery { Parcours = ["Psychologie clinique"] })).Hits.Single().AccessRate);
    }

    [Fact]
    public async Task Map_has_one_point_per_commune_of_every_match()
    {
        var result = await Search(new SearchQuery { PageSize = 1 });
        Assert.Equal(new Dictionary<string, int>
        {
            ["69123"] = 1, ["69266"] = 1, ["13001"] = 1, ["13055"] = 1, ["75056"] = 3, ["33063"] = 2, ["69286"] = 1, ["69292"] = 1, ["67482"] = 1,
        }, result.Map.ToDictionary(p => p.CommuneCode, p => p.Count));
        var rillieux = result.Map.Single(p => p.CommuneCode == SmallCatalogue.Rillieux.Code);
        var t08 = SmallCatalogue.Formations.Single(f => f.Id == "T08").Place;
        Assert.Equal(("Rillieux-la-Pape", t08.Latitude, t08.Longitude), (rillieux.Commune, rillieux.Latitude, rillieux.Longitude));

        var paris = (await Search(new SearchQuery { Text = "sorbonne", Modalities = [Modality.Initial] })).Map.Single();
        Assert.Equal(("75056", "Paris", 3), (paris.CommuneCode, paris.Commune, paris.Count));
        Assert.Equal(4, (await Search(new SearchQuery { Regions = ["84"] })).Map.Count);
        Assert.Empty((await Search(new SearchQuery { Text = "zzz" })).Map);
    }
}
