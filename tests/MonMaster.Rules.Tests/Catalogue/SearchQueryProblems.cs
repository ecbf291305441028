using MonMaster.Catalogue;

namespace MonMaster.Tests.Catalogue;

/// <summary>The query's problems, checked before any backend runs it.</summary>
public sealed class SearchQueryProblems
{
    private static readonly CatalogueIndex Index = new(SmallCatalogue.Formations, SmallCatalogue.Geography);

    private static IReadOnlyList<string> Problems(SearchQuery query) => query.Problems(SmallCatalogue.Geography, Index.RecommendsLicence);

    [Fact]
    public void A_plain_query_has_none()
    {
        Assert.Empty(Problems(new SearchQuery()));
        Assert.Empty(Problems(new SearchQuery { Text = "droit", Regions = ["84"], Departements = ["13"], Communes = ["69123"], RadiusKm = 200, Page = 3, PageSize = 100 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(200.5)]
    [InlineData(double.NaN)]
    public void Radius_outside_its_range(double km) =>
        Assert.Contains("périmètre", Assert.Single(Problems(new SearchQuery { Communes = ["69123"], RadiusKm = km })));

    [Fact]
    public void Unknown_codes_are_named()
    {
        Assert.Contains("00000", Assert.Single(Problems(new SearchQuery { TaughtIn = ["00000"] })));
        Assert.Contains("00000", Assert.Single(Problems(new SearchQuery { Communes = ["00000"] })));
        Assert.Contains("99", Assert.Single(Problems(new SearchQuery { Regions = ["99"] })));
        Assert.Contains("2A", Assert.Single(Problems(new SearchQuery { Departements = ["2A"] })));
    }

    [Fact]
    public void A_last_diploma_is_one_the_catalogue_recommends()
    {
        Assert.Empty(Problems(new SearchQuery { LastDiploma = "Droit" }));
        Assert.Empty(Problems(new SearchQuery { LastDiploma = "  droit " }));
        Assert.Contains("Astrologie", Assert.Single(Problems(new SearchQuery { LastDiploma = "Astrologie" })));
    }

    [Fact]
    public void Paging_and_text_length()
    {
        Assert.Single(Problems(new SearchQuery { Page = 0 }));
        Assert.Single(Problems(new SearchQuery { PageSize = 0 }));
        Assert.Single(Problems(new SearchQuery { PageSize = 101 }));
        Assert.Single(Problems(new SearchQuery { Text = new string('a', 201) }));
        Assert.Empty(Problems(new SearchQuery { Text = new string('a', 200) }));
        Assert.Equal(3, Problems(new SearchQuery { Page = -1, PageSize = 0, RadiusKm = 0 }).Count);
    }
}
