using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Live;
using MonMaster.Catalogue;
using MonMaster.Grains;
using MonMaster.Tests.Api;

namespace MonMaster.Tests.Catalogue;


/// <summary>Section 1 through HTTP: the public search and sheets, establishments publishing their own formations, favourites.</summary>
public sealed class CatalogueApiTests(CatalogueNode fixture) : IClassFixture<CatalogueNode>
{
    private HttpClient Anonymous => fixture.Node.Http;

    private async Task<Found> SearchAsync(string query)
    {
        var response = await Anonymous.GetAsync($"/api/catalogue/search?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Found>())!;
    }

    private static string[] Ids(Found found) => [.. found.Hits.Select(h => h.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Anyone_searches_with_the_brochures_filters_without_signing_in()
    {
        Assert.Equal(["T02", "T03", "T10"], Ids(await SearchAsync("text=psycologie")));
        Assert.Equal(["T01", "T07"], Ids(await SearchAsync("text=economie")));
        // Around the national geography's Lyon (GeoNames centre, 1.6 km from the small catalogue's): T08 and T09 are ~11 km away.
        Assert.Equal(["T01", "T02"], Ids(await SearchAsync("commune=69123")));
        Assert.Equal(["T01", "T02", "T08", "T09"], Ids(await SearchAsync("commune=69123&radiusKm=12")));
        Assert.Equal(["T08"], Ids(await SearchAsync("region=84&mention=Informatique")));
        Assert.Equal(["T04", "T11"], Ids(await SearchAsync("lastDiploma=droit")));
        Assert.Equal(["T04", "T05", "T10"], Ids(await SearchAsync("modality=apprenticeship")));
        // (Other tests of this class publish more formations: only the small catalogue's are counted.)
        var platform = await SearchAsync("onlyViaPlatform=true&pageSize=100");
        Assert.Equal(11, Ids(platform).Count(id => id.StartsWith('T')));
        Assert.DoesNotContain("T07", Ids(platform));

        // Each facet ignores its own filter: with one mention chosen, the others keep their counts.
        var psychology = await SearchAsync("mention=Psychologie");
        Assert.Equal(3, psychology.Total);
        Assert.Equal(2, psychology.Facets.Mentions.Single(m => m.Value == "Informatique").Count);
        Assert.Equal(["44", "84", "93"], psychology.Facets.Regions.Select(r => r.Value).Order(StringComparer.Ordinal));
        Assert.Equal(3, psychology.Map.Count);
    }

    [Theory]
    [InlineData("radiusKm=0&commune=69123")]
    [InlineData("radiusKm=dix")]
    [InlineData("modality=distanciel")]
    [InlineData("page=0")]
    [InlineData("page=deux")]
    [InlineData("commune=99999")]
    [InlineData("sort=prix")]
    [InlineData("lastDiploma=Astrologie")]
    public async Task A_wrong_search_is_a_problem_that_says_why(string query)
    {
        var problem = await (await Anonymous.GetAsync($"/api/catalogue/search?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-search");
        Assert.True(problem.GetProperty("problems").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task A_last_diploma_no_formation_recommends_is_named_not_searched()
    {
        var problem = await (await Anonymous.GetAsync("/api/catalogue/search?lastDiploma=Astrologie")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-search");
        Assert.Contains("Astrologie", Assert.Single(problem.GetProperty("problems").EnumerateArray()).GetString());
        // A licence of the catalogue is known whatever its case (other tests of this class edit its sheets: compared, not listed).
        var droit = Ids(await SearchAsync("lastDiploma=droit"));
        Assert.Contains("T04", droit);
        Assert.Equal(droit, Ids(await SearchAsync("lastDiploma=DROIT")));
    }

    [Fact]
    public async Task Every_fault_of_a_search_is_listed_at_once()
    {
        // Nine faults: five values that do not parse or are not in a list, four the query's rules refuse.
        var problem = await (await Anonymous.GetAsync(
            "/api/catalogue/search?radiusKm=dix&page=deux&modality=distanciel&sort=prix&region=99&departement=00&commune=99999&pageSize=500&lastDiploma=Astrologie"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-search");
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(9, problems.Count);
        Assert.Single(problems, p => p.Contains("radiusKm"));
        Assert.Single(problems, p => p.Contains("« page »"));
        foreach (var named in new[] { "distanciel", "prix", "« 99 »", "« 00 »", "99999", "par page", "Astrologie" })
            Assert.Single(problems, p => p.Contains(named));
        Assert.Equal(string.Join(" ", problems), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_sheet_explains_the_access_rate_and_lists_the_same_mention_elsewhere()
    {
        var sheet = await Anonymous.GetFromJsonAsync<JsonElement>("/api/catalogue/formations/T02");
        Assert.Equal("Psychologie clinique", sheet.GetProperty("formation").GetProperty("parcours").GetString());
        Assert.Contains("8 %", sheet.GetProperty("accessRateSentence").GetString());
        Assert.Contains("16e sur 200", sheet.GetProperty("accessRateSentence").GetString());
        Assert.Equal(["T03", "T10"], sheet.GetProperty("sameMention").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("Auvergne-Rhône-Alpes", sheet.GetProperty("regionName").GetString());
        await (await Anonymous.GetAsync("/api/catalogue/formations/T99")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
    }

    [Fact]
    public async Task Zones_complete_what_is_typed_biggest_communes_first()
    {
        var zones = await Anonymous.GetFromJsonAsync<JsonElement[]>("/api/catalogue/zones?q=lyo");
        var lyon = zones!.First(z => z.GetProperty("kind").GetString() == "commune");
        Assert.Equal("69123", lyon.GetProperty("code").GetString());
        Assert.Contains(zones!, z => z.GetProperty("kind").GetString() == "departement" || z.GetProperty("kind").GetString() == "commune");
    }

    private static object Draft(string mention = "Sciences cognitives", int capacity = 24, string commune = "38185", string? parcours = "Cognition et langage") => new
    {
        mention, parcours, domain = "Sciences humaines et sociales", modalities = new[] { "initial" }, capacity, viaPlatform = true,
        placeLabel = "Campus de Saint-Martin-d'Hères", address = "1251 avenue Centrale", postalCode = "38000", communeCode = commune,
        contacts = new[] { new { role = "Responsable pédagogique", email = "cognition@univ-lyon.fr" } },
        languages = new[] { "Anglais" }, recommendedLicences = new[] { "Psychologie", "Sciences du langage" },
        expectations = new[] { "Connaissances en psychologie cognitive." }, criteria = new[] { "Résultats académiques" },
        applicationModalities = new[] { "dossier", "interview" }, pieces = new[] { new { kind = "cover-letter", mandatory = true } },
        keywords = new[] { "neurosciences" },
    };

    [Fact]
    public async Task An_establishment_publishes_a_formation_that_is_searchable_and_open_to_applications_at_once()
    {
        using var lyon = await fixture.Node.ClientAsync("establishment", "Université de Lyon");
        var created = await lyon.PostAsJsonAsync($"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue", Draft());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        Assert.Contains(id, Ids(await SearchAsync("text=neurosciences")));
        var info = await fixture.Node.Grains.GetGrain<IFormationGrain>(id).GetInfo();
        Assert.Equal(24, info!.Capacity);
        Assert.Equal("cover-letter", Assert.Single(info.Pieces!).Kind);
        await fixture.Campaign.ApplyAsync("CAT-C1", id);

        // Edits: its own only, and they show in the engine and the search.
        Assert.Equal(HttpStatusCode.OK, (await lyon.PutAsJsonAsync($"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue/{id}", Draft(capacity: 30))).StatusCode);
        Assert.Equal(30, (await fixture.Node.Grains.GetGrain<IFormationGrain>(id).GetInfo())!.Capacity);
        await (await lyon.PutAsJsonAsync($"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue/T03", Draft(mention: "Psychologie")))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var aix = await fixture.Node.ClientAsync("establishment", "Aix-Marseille Université");
        await (await aix.PostAsJsonAsync($"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue", Draft()))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var candidate = await fixture.Node.ClientAsync("candidate", "CAT-C1");
        await (await candidate.PostAsJsonAsync($"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue", Draft()))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_wrong_formation_lists_every_problem_and_publishes_nothing()
    {
        using var lyon = await fixture.Node.ClientAsync("establishment", "Université de Lyon");
        var before = fixture.Publication.Count;
        var problem = await (await lyon.PostAsJsonAsync($"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue", Draft(capacity: 0, commune: "00000")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-formation");
        Assert.Equal(2, problem.GetProperty("problems").GetArrayLength());
        Assert.Equal(before, fixture.Publication.Count);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_csv_import_creates_and_updates_all_or_nothing()
    {
        using var bordeaux = await fixture.Node.ClientAsync("establishment", "Université de Bordeaux");
        var route = $"/api/establishments/{Uri.EscapeDataString("Université de Bordeaux")}/catalogue/import";
        const string header = "id;mention;parcours;domaine;modalites;capacite;via_mon_master;lieu;adresse;code_postal;commune_insee;mots_cles;pieces\n";
        var good = header
            + ";Sciences de la mer;Océanographie;Sciences, technologies, santé;initiale|apprentissage;18;oui;Station marine;1 quai du Port;33120;33009;littoral;cover-letter*|cv\n"
            + "T11;Droit des affaires;Droit des sociétés;Droit, économie, gestion;initiale;50;oui;\"Pôle juridique; bâtiment A\";35 place Pey-Berland;33000;33063;entreprise;\n";
        var response = await bordeaux.PostAsync(route, Csv(good));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var imported = await response.Content.ReadFromJsonAsync<ImportBody>();
        Assert.Single(imported!.Created);
        Assert.Equal(["T11"], imported.Updated);
        Assert.Equal("Droit des sociétés", fixture.Publication.Find("T11")!.Parcours);
        Assert.Equal("Pôle juridique; bâtiment A", fixture.Publication.Find("T11")!.Place.Label);
        Assert.Contains(imported.Created[0], Ids(await SearchAsync("text=oceanographie")));

        // One wrong line (line 3: capacity, an unknown modality) and another's formation: nothing at all changes.
        var count = fixture.Publication.Count;
        var bad = header
            + ";Génie civil;Structures;Sciences, technologies, santé;initiale;20;oui;Campus;1 rue A;33400;33522;;\n"
            + ";Génie civil;Ouvrages;Sciences, technologies, santé;distanciel;beaucoup;oui;Campus;1 rue A;33400;33522;;\n"
            + "T03;Psychologie;Neuropsychologie;Sciences humaines et sociales;initiale;20;oui;Campus;1 rue A;13100;13001;;\n";
        var problem = await (await bordeaux.PostAsync(route, Csv(bad))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-formation");
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("ligne 3", StringComparison.Ordinal));
        Assert.Equal(count, fixture.Publication.Count);
        var another = header + "T03;Psychologie;Neuropsychologie;Sciences humaines et sociales;initiale;20;oui;Campus;1 rue A;13100;13001;;\n";
        problem = await (await bordeaux.PostAsync(route, Csv(another))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-formation");
        Assert.Contains("votre établissement", problem.GetProperty("detail").GetString());
        Assert.Equal("Neuropsychologie", fixture.Publication.Find("T03")!.Parcours);
        await (await bordeaux.PostAsync(route, new StringContent(good, Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        // The export reads back as an import would.
        var export = await bordeaux.GetStringAsync($"/api/establishments/{Uri.EscapeDataString("Université de Bordeaux")}/catalogue/export");
        var (lines, problems) = CatalogueCsv.Parse(export);
        Assert.Empty(problems);
        Assert.Contains(lines, l => l.Id == "T11" && l.Draft.Parcours == "Droit des sociétés");
    }

    private sealed record ImportBody(IReadOnlyList<string> Created, IReadOnlyList<string> Updated);

    [Fact]
    public async Task A_candidate_keeps_favourites_of_their_own_and_cannot_apply_where_the_establishment_recruits_itself()
    {
        using var candidate = await fixture.Node.ClientAsync("candidate", "CAT-C2");
        Assert.Equal(HttpStatusCode.NoContent, (await candidate.PutAsync("/api/candidates/CAT-C2/favourites/T05", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await candidate.PutAsync("/api/candidates/CAT-C2/favourites/T07", null)).StatusCode);
        var favourites = await candidate.GetFromJsonAsync<Hit[]>("/api/candidates/CAT-C2/favourites");
        Assert.Equal(["T05", "T07"], favourites!.Select(f => f.Id).Order(StringComparer.Ordinal));
        await (await candidate.PutAsync("/api/candidates/CAT-C2/favourites/T99", null)).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        using var another = await fixture.Node.ClientAsync("candidate", "CAT-C3");
        await (await another.GetAsync("/api/candidates/CAT-C2/favourites")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Anonymous.GetAsync("/api/candidates/CAT-C2/favourites")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(HttpStatusCode.NoContent, (await candidate.DeleteAsync("/api/candidates/CAT-C2/favourites/T05")).StatusCode);
        Assert.Equal(["T07"], (await candidate.GetFromJsonAsync<Hit[]>("/api/candidates/CAT-C2/favourites"))!.Select(f => f.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await candidate.PutAsJsonAsync("/api/candidates/CAT-C2", new { })).StatusCode);
        await (await candidate.PostAsJsonAsync("/api/candidates/CAT-C2/applications", new { formationId = "T07" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "apply-at-establishment");
        Assert.Equal(HttpStatusCode.Created, (await candidate.PostAsJsonAsync("/api/candidates/CAT-C2/applications", new { formationId = "T05" })).StatusCode);
    }
}

/// <summary>After applications close: what the engine holds is fixed, the sheet's badge moves with the admissions.</summary>
public sealed class ClosedCatalogueTests(CatalogueNode fixture) : IClassFixture<CatalogueNode>
{
    [Fact]
    public async Task After_the_close_only_the_description_changes_and_the_badge_follows_the_places()
    {
        await fixture.Campaign.ApplyAsync("CL-C1", "T02");
        await fixture.Campaign.ApplyAsync("CL-C2", "T02");
        await fixture.Campaign.ToRankingAsync();
        await fixture.Campaign.RankAsync("T02", "CL-C1", "CL-C2");

        using var lyon = await fixture.Node.ClientAsync("establishment", "Université de Lyon");
        var route = $"/api/establishments/{Uri.EscapeDataString("Université de Lyon")}/catalogue/T02";
        var draft = FormationDraft.Of(fixture.Publication.Find("T02")!);
        await (await lyon.PutAsJsonAsync(route, draft with { Capacity = 40 }, Json)).AssertProblemAsync(HttpStatusCode.Conflict, "catalogue-locked");
        Assert.Equal(25, (await fixture.Node.Grains.GetGrain<IFormationGrain>("T02").GetInfo())!.Capacity);
        var described = await lyon.PutAsJsonAsync(route, draft with { Keywords = ["thérapies"] }, Json);
        Assert.True(described.IsSuccessStatusCode, await described.Content.ReadAsStringAsync());
        Assert.Equal(["thérapies"], fixture.Publication.Find("T02")!.Keywords);

        // An anonymous reader of the sheet sees the places go.
        var sheet = new HubConnectionBuilder().WithUrl(new Uri(fixture.Node.Address, "/hubs/sheet")).Build();
        var badges = new List<FormationBadge>();
        sheet.On<FormationBadge>("Badge", b => { lock (badges) badges.Add(b); });
        await sheet.StartAsync();
        try
        {
            var first = await sheet.InvokeAsync<FormationBadge?>("Watch", "T02");
            Assert.Equal(new FormationBadge("T02", 25, 25, 0, 0, 0), first);
            Assert.Null(await sheet.InvokeAsync<FormationBadge?>("Watch", "T07")); // recruits at the establishment
            Assert.Null(await sheet.InvokeAsync<FormationBadge?>("Watch", "NOT-IN-THE-CATALOGUE"));
            Assert.NotNull(await sheet.InvokeAsync<FormationBadge?>("Watch", "T02"));
            await fixture.Campaign.ToAdmissionAsync();
            // 2 June: both ranked applicants get an offer; then one accepts and a place is gone.
            await UntilAsync(badges, b => b.PendingOffers == 2 && b.RankOfLastCalled == 2 && b.PlacesRemaining == 25);
            using var candidate = await fixture.Node.ClientAsync("candidate", "CL-C1");
            Assert.Equal(HttpStatusCode.OK, (await candidate.PostAsJsonAsync("/api/candidates/CL-C1/offers/T02/accept", new { mode = "definitive" })).StatusCode);
            await UntilAsync(badges, b => b.PendingOffers == 1 && b.PlacesRemaining == 24);
        }
        finally { await sheet.DisposeAsync(); }
    }

    private static async Task UntilAsync(List<FormationBadge> badges, Func<FormationBadge, bool> seen)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            lock (badges) if (badges.Any(seen)) return;
            await Task.Delay(50);
        }
        lock (badges) Assert.Fail($"no such badge among: {string.Join(", ", badges)}");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
