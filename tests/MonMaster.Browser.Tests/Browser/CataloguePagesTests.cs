using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MonMaster.Admission;
using MonMaster.Catalogue;
using MonMaster.Catalogue.Generator;
using MonMaster.Grains;
using MonMaster.Tests.Catalogue;
using MonMaster.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>
/// <see cref="CatalogueNode"/> (the small catalogue, published to the engine, in the application phase), with T02's
/// sheet filled in as the brochure shows one: contacts, languages, attendus, criteria, pieces, M2 parcours, insertion.
/// </summary>
public sealed class CataloguePagesNode : CatalogueNode
{
    public static readonly CatalogueFormation RichT02 = SmallCatalogue.Formations.Single(f => f.Id == "T02") with
    {
        Rncp = "RNCP34304",
        Website = "https://www.universite-lyon.fr/master-psychologie-clinique",
        Contacts = [new("Responsable pédagogique", "psychologie.clinique@universite-lyon.fr"), new("Référent handicap", "handicap@universite-lyon.fr")],
        Languages = ["Anglais", "Espagnol"],
        RecommendedLicences = ["Psychologie", "Sciences de l'éducation", "Sociologie", "Sciences sanitaires et sociales", "Philosophie", "Biologie", "Sciences cognitives"],
        Expectations =
        [
            "Connaissances solides en psychopathologie et en méthodologie de la recherche.",
            "Un projet professionnel tourné vers la clinique, étayé par un stage.",
            "Une bonne maîtrise de l'expression écrite et orale.",
            "La capacité à lire des articles scientifiques en anglais.",
        ],
        Criteria = ["Parcours et résultats académiques antérieurs", "Expérience professionnelle / stage", "Projet professionnel"],
        ApplicationModalities = [ApplicationModality.Dossier, ApplicationModality.Interview],
        Pieces = [new RequiredPiece("cover-letter", true), new RequiredPiece("recommendation", false)],
        M2Parcours = ["Psychologie clinique de l'adulte", "Psychologie clinique de l'enfant et de l'adolescent"],
        Insertion =
        [
            new Insertion("InserSup", 2022, 12, 100, 60, 14, 26),
            new Insertion("Enquête IP du SIES", 2022, 30, 80, 66.6, 14, 19.4),
        ],
    };

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        await Node.Services.GetRequiredService<ICatalogueStore>().UpsertAsync([RichT02], CancellationToken.None);
        await Publication.RefreshAsync();
    }
}

/// <summary>The demo's national catalogue (the generator's 8,100 formations), searchable: France's shape on the map.</summary>
public sealed class NationalCatalogueNode : CatalogueNode
{
    protected override async Task SeedAsync()
    {
        await Node.Services.GetRequiredService<ICatalogueStore>().UpsertAsync(CatalogueGenerator.Generate(Geography.National(), SmallCatalogue.Year), CancellationToken.None);
        await Publication.RefreshAsync();
    }
}

/// <summary>
/// Section 1, « s'informer », in headless Chromium: the search page's filters, cards and map, a formation's sheet
/// with its live badge, logging in from the sheet and back, favourites and applying. Its own node and catalogue.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CataloguePagesTests(BrowserSite site, CataloguePagesNode catalogue) : IClassFixture<CataloguePagesNode>
{
    private string Url(string path) => site.Url(path, catalogue.Node);

    private static ILocator Cards(IPage page) => page.Locator("#vignettes article[data-formation]");

    private static async Task<string[]> CardIdsAsync(IPage page) =>
        [.. (await Cards(page).EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.formation)")).Order(StringComparer.Ordinal)];

    private static string Screenshots() => ScreenshotTests.Folder();

    private static async Task ScreenshotAsync(IPage page, string file)
    {
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 20_000, $"{file}: {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task Anyone_searches_narrows_by_region_and_reads_the_map_from_the_keyboard()
    {
        var page = await site.NewPageAsync(1280, 1000);
        await page.GotoAsync(Url("/recherche.html"));
        await Expect(page.Locator("#total")).ToHaveTextAsync("12 formations");
        await Expect(page.Locator("#navigation-principale a[aria-current=page]")).ToHaveTextAsync("Rechercher un master");
        await Expect(page.Locator("#entete [data-connexion]").First).ToBeVisibleAsync();
        // Filters in the brochure's order, with their counts.
        await Expect(page.Locator("#facette-mention label", new() { HasText = "Psychologie" })).ToHaveTextAsync("Psychologie (3)");
        await Expect(page.Locator("#via-plateforme-compte")).ToContainTextAsync("11 formations");
        await Expect(page.Locator("#rayon")).ToBeDisabledAsync();

        // 1. Free text, with a typo: the three psychology formations; the address keeps the search.
        await page.Locator("#texte").FillAsync("psycologie");
        await Expect(Cards(page)).ToHaveCountAsync(3);
        Assert.Equal(["T02", "T03", "T10"], await CardIdsAsync(page));
        await Expect(page.Locator("#total")).ToHaveTextAsync("3 formations");
        await Expect(page).ToHaveURLAsync(new Regex(@"text=psycologie"));
        var card = page.Locator("#vignettes article[data-formation=T02]");
        await Expect(card.Locator("[data-capacite]")).ToHaveTextAsync("25");
        await Expect(card.Locator("[data-taux]")).ToHaveTextAsync(new Regex(@"^8\s?%$"));
        await Expect(card.Locator("[data-en-savoir-plus]")).ToHaveAttributeAsync("href", "formation.html?id=T02");
        await Expect(card.Locator("[data-favori-connexion]")).ToHaveAttributeAsync("href", new Regex(@"^index\.html\?retour="));

        // 2. A region: narrowed to Lyon's; back to the three with the browser's back button.
        await page.Locator("#facette-region label", new() { HasText = "Auvergne-Rhône-Alpes" }).ClickAsync();
        await Expect(Cards(page)).ToHaveCountAsync(1);
        await Expect(page.Locator("#vignettes article[data-formation='T02']")).ToBeVisibleAsync();
        Assert.Equal(["T02"], await CardIdsAsync(page));
        await Expect(page).ToHaveURLAsync(new Regex(@"region=84"));
        await Expect(page.Locator("#zones-choisies [data-zone='region:84']")).ToContainTextAsync("Auvergne-Rhône-Alpes");
        await page.GoBackAsync();
        await Expect(Cards(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("#facette-region input[value='84']")).Not.ToBeCheckedAsync();

        // 3. The map: every formation in grey, the results on top; a marker from the keyboard filters on its town.
        await page.Locator("label[for=vue-carte]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"vue=carte"));
        var markers = page.Locator("#carte svg a.mm-marqueur");
        await Expect(markers).ToHaveCountAsync(3);
        Assert.Equal(9, await page.Locator("#carte svg .mm-carte__fond circle").CountAsync());
        await Expect(page.Locator("#carte svg a.mm-marqueur[data-commune='13001']")).ToHaveAttributeAsync("aria-label", new Regex("^Aix-en-Provence : 1 formation"));
        await page.Locator("#carte svg a.mm-marqueur[data-commune='13001']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        // The town itself, as the marker counted it: no radius around it.
        await Expect(page).ToHaveURLAsync(new Regex(@"taughtIn=13001"));
        await Expect(page.Locator("#vignettes article[data-formation='T03']")).ToBeVisibleAsync();
        await Expect(Cards(page)).ToHaveCountAsync(1);
        Assert.Equal(["T03"], await CardIdsAsync(page));
        await Expect(page.Locator("#rayon")).ToBeDisabledAsync();
        await Expect(page.Locator("#zones-choisies [data-zone='taughtIn:13001']")).ToContainTextAsync("Aix-en-Provence");

        // 2 again: the zone from the autocompletion, from the keyboard; its tag removes it.
        await page.Locator("#zones-choisies [data-zone='taughtIn:13001']").ClickAsync();
        await Expect(Cards(page)).ToHaveCountAsync(3);
        await page.Locator("#zone").PressSequentiallyAsync("Bas-R");
        await Expect(page.Locator("#zone-propositions [role=option][data-code='67']")).ToBeVisibleAsync();
        await page.Locator("#zone").PressAsync("ArrowDown");
        await page.Locator("#zone").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"departement=67"));
        // The address changes before the answer comes back, and the previous answer (3 cards) shows T10 too: wait for the
        // count to come down to the one card.
        await Expect(Cards(page)).ToHaveCountAsync(1);
        Assert.Equal(["T10"], await CardIdsAsync(page));
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_map_marker_lists_the_formations_it_counts()
    {
        // Lyon's marker counts T01, taught in Lyon; 10 km around Lyon there is T02 (Villeurbanne) too.
        var page = await site.NewPageAsync(1280, 1000);
        await page.GotoAsync(Url("/recherche.html?vue=carte"));
        var lyon = page.Locator("#carte svg a.mm-marqueur[data-commune='69123']");
        await Expect(lyon).ToHaveAttributeAsync("aria-label", new Regex(@"^Lyon : 1 formation\. Ne garder que cette ville\.$"));
        var counted = int.Parse((await lyon.GetAttributeAsync("data-nombre"))!, System.Globalization.CultureInfo.InvariantCulture);
        // Villeurbanne's marker overlaps Lyon's: chosen from the keyboard.
        await lyon.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"taughtIn=69123"));
        await Expect(page.Locator("#total")).ToHaveAttributeAsync("data-total", counted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Cards(page)).ToHaveCountAsync(counted);
        Assert.Equal(["T01"], await CardIdsAsync(page));
        await Expect(page.Locator("#zones-choisies [data-zone='taughtIn:69123']")).ToHaveTextAsync("Lyon (la ville seule)");
        // The address opens the same list.
        await page.ReloadAsync();
        await Expect(page.Locator("#total")).ToHaveTextAsync("1 formation");
        await Expect(Cards(page)).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_candidate_logs_in_from_the_sheet_keeps_favourites_and_applies()
    {
        var page = await site.NewPageAsync(1280, 1000);
        await page.GotoAsync(Url("/formation.html?id=T02"));
        foreach (var block in new[] { "Cette formation", "Pour candidater", "Dans la même mention", "Insertion professionnelle" })
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = block, Level = 2 })).ToBeVisibleAsync();
        await Expect(page.Locator("#mention")).ToHaveTextAsync("Psychologie");
        await Expect(page.Locator("#phrase-taux")).ToContainTextAsync("Taux d'accès 2024 : 8 %");
        await Expect(page.Locator("#phrase-taux")).ToContainTextAsync("16e sur 200");
        await Expect(page.Locator("#chiffres-cles [data-taux]")).ToHaveTextAsync(new Regex(@"^8\s?%$"));
        await Expect(page.Locator("#pieces [data-piece='cover-letter']")).ToContainTextAsync(PieceKinds.All["cover-letter"]);
        await Expect(page.Locator("#pieces [data-piece='cover-letter']")).ToContainTextAsync("taille maximale de 2 Mo");
        await Expect(page.Locator("#meme-mention [data-formation]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#insertion table")).ToHaveCountAsync(2);
        await Expect(page.Locator("#insertion table").First).ToContainTextAsync("Soit 60 étudiant(s)");
        // The live badge: nobody applied yet.
        await Expect(page.Locator("#badge [data-places]")).ToHaveTextAsync(new Regex(@"Places restantes : 25\s?/\s?25"));
        await Expect(page.Locator("#badge [data-attente]")).ToContainTextAsync("Liste d’attente : 0");

        // Not signed in: log in, and come back to the sheet.
        await page.Locator("#candidater-connexion").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"index\.html\?retour="));
        await page.Locator("#identifiant-candidat").FillAsync("K1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/formation\.html\?id=T02$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#entete [data-deconnexion]").First).ToBeVisibleAsync();
        await Expect(page.Locator("#phase [data-phase]")).ToHaveAttributeAsync("data-phase", "Application");

        // A favourite here, another from the search.
        await page.Locator("#favori").ClickAsync();
        await Expect(page.Locator("#favori")).ToHaveTextAsync("★ Retirer des favoris");
        await Expect(page.Locator("#favori")).ToHaveAttributeAsync("aria-pressed", "true");

        // Apply: the file is created on the way (K1 had none).
        await page.Locator("#candidater").ClickAsync();
        await Expect(page.Locator("#candidature-resultat .fr-alert--success")).ToContainTextAsync("Candidature enregistrée");
        await Expect(page.Locator("#candidater")).ToBeDisabledAsync();
        Assert.Contains(await catalogue.Node.Grains.GetGrain<ICandidateGrain>("K1").GetApplications(), a => a.FormationId == "T02");
        await ScreenshotAsync(page, Path.Combine(Screenshots(), "formation.png"));

        await page.GotoAsync(Url("/recherche.html?text=psychologie"));
        await Expect(Cards(page)).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-favori=T02]")).ToHaveTextAsync(new Regex("^★ Retirer des favoris"));
        await page.Locator("[data-favori=T03]").ClickAsync();
        await Expect(page.Locator("[data-favori=T03]")).ToHaveAttributeAsync("aria-pressed", "true");

        // The candidate page: the application, and both favourites; one removed.
        await page.Locator("#navigation-principale a", new() { HasText = "Mes candidatures" }).ClickAsync();
        await Expect(page.Locator("#candidature-T02")).ToBeVisibleAsync();
        var favourites = page.Locator("#favoris-liste [data-formation]");
        await Expect(favourites).ToHaveCountAsync(2);
        await Expect(page.Locator("#favori-T03 a")).ToHaveAttributeAsync("href", "formation.html?id=T03");
        await page.Locator("[data-retirer-favori=T03]").ClickAsync();
        await Expect(favourites).ToHaveCountAsync(1);
        using (var client = await catalogue.Node.ClientAsync("candidate", "K1"))
        {
            var kept = await client.GetFromJsonAsync<List<Hit>>("/api/candidates/K1/favourites");
            Assert.Equal(["T02"], kept!.Select(h => h.Id));
        }

        // A formation recruiting at the establishment: the banner, no « Candidater ».
        await page.GotoAsync(Url("/formation.html?id=T07"));
        await Expect(page.Locator("[data-banniere]")).ToContainTextAsync("Candidature auprès de l’établissement");
        await Expect(page.Locator("#candidater")).ToHaveCountAsync(0);
        await Expect(page.Locator("#direct-bloc")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}

/// <summary>The search over the national catalogue: pages of results, and a map where France shows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NationalSearchPagesTests(BrowserSite site, NationalCatalogueNode national) : IClassFixture<NationalCatalogueNode>
{
    [Fact]
    public async Task Psychology_across_France_pages_and_map()
    {
        var folder = ScreenshotTests.Folder();
        var page = await site.NewPageAsync(1280, 1000);
        await page.GotoAsync(site.Url("/recherche.html?text=psychologie", national.Node));
        await Expect(page.Locator("#vignettes article[data-formation]")).ToHaveCountAsync(20);
        var total = int.Parse(await page.Locator("#total").GetAttributeAsync("data-total") ?? "0");
        Assert.True(total > 20, $"{total} psychology formations");
        await Expect(page.Locator("#facette-mention .mm-facette__valeurs input").First).ToBeVisibleAsync();
        await page.Locator("#facette-establishment input[type=search]").FillAsync("zzzz");
        await Expect(page.Locator("#facette-establishment .mm-facette__valeurs input")).ToHaveCountAsync(0);
        await page.Locator("#facette-establishment input[type=search]").FillAsync("");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "recherche.png"), FullPage = true });

        // The DSFR pagination: page 2, in the address.
        await page.Locator(".fr-pagination a[title='Page 2']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"page=2"));
        await Expect(page.Locator(".fr-pagination [aria-current=page]")).ToHaveTextAsync("2");

        // The map: the whole catalogue in grey draws France; the results on top.
        await page.Locator("label[for=vue-carte]").ClickAsync();
        await Expect(page.Locator("#carte svg a.mm-marqueur").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("#carte svg .mm-carte__fond circle").CountAsync() > 100);
        Assert.True(await page.Locator("#carte svg a.mm-marqueur").CountAsync() > 5);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "carte.png"), FullPage = true });
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}
