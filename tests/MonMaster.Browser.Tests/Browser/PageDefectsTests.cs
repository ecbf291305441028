using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>A campaign of its own, still in the application phase (26 February): OP-F1 (1,250 places) has O1, O2, O3.</summary>
public sealed class ClosingCampaign : IAsyncLifetime
{
    public ApiNode Node { get; private set; } = null!;
    public TinyCampaign Campaign { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await ApiNode.StartSiloAsync();
        Campaign = await new TinyCampaign(Node).OpenAsync();
        await Campaign.FormationAsync("OP-F1", "Université A", 1250);
        foreach (var id in new[] { "O1", "O2", "O3" }) await Campaign.ApplyAsync(id, "OP-F1");
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// A campaign of its own just past the opening round: WD1 has WD-F1's offer and waits at WD-F2 and WD-F3, three
/// formations with long names that ask for every kind of piece.
/// </summary>
public sealed class WideCampaign : IAsyncLifetime
{
    public ApiNode Node { get; private set; } = null!;
    public TinyCampaign Campaign { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await ApiNode.StartSiloAsync();
        Campaign = await new TinyCampaign(Node).OpenAsync();
        var every = PieceKinds.All.Keys.Select(kind => new RequiredPiece(kind, Mandatory: false)).ToList();
        await Campaign.FormationAsync("WD-F1", "Université Jean Moulin Lyon 3", 1, mention: "Langues, littératures et civilisations étrangères et régionales", pieces: every);
        await Campaign.FormationAsync("WD-F2", "Université Lumière Lyon 2", 1, mention: "Sciences de l’éducation et de la formation", pieces: every);
        await Campaign.FormationAsync("WD-F3", "Université Paris 1 Panthéon-Sorbonne", 1, mention: "Droit international et droit européen", pieces: every);
        await Campaign.ApplyAsync("WD1", "WD-F1", "WD-F2", "WD-F3");
        await Campaign.ApplyAsync("WD2", "WD-F2");
        await Campaign.ApplyAsync("WD3", "WD-F3");
        await Campaign.ToRankingAsync();
        await Campaign.RankAsync("WD-F1", "WD1");
        await Campaign.RankAsync("WD-F2", "WD2", "WD1");
        await Campaign.RankAsync("WD-F3", "WD3", "WD1");
        await Campaign.ToAdmissionAsync();
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>What a page measures of itself: overflow at its width, boxes that run into the footer.</summary>
public sealed record PageLayout(int ViewportWidth, int DocumentWidth, int ScrollingTables, int FooterTop, int LowestBoxBottom, string LowestBox);

/// <summary>
/// Defects a new user met in the pages (issue 11), in real headless Chromium: the operator's page, the layout of the
/// home and candidate pages, a page of another role, an unknown candidate, an upload error that outlived its file.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorPageDefectsTests(BrowserSite site, ClosingCampaign closing) : IClassFixture<ClosingCampaign>
{
    [Fact]
    public async Task Closing_applications_hides_its_button_the_clock_alert_goes_when_the_clock_moves_and_a_small_fill_rate_keeps_its_digits()
    {
        var page = await site.LoginAsync("operator", "Opérateur national", node: closing.Node);
        var close = page.Locator("#clore");
        await Expect(close).ToBeVisibleAsync();
        await Expect(close).ToHaveTextAsync("Clore les candidatures (25 mars)");

        // Pressed, it takes the clock to the close of applications and goes away: there is nothing left to close.
        await close.ClickAsync();
        var closeAt = TinyCampaign.Calendar.ApplicationCloseWork;
        var advanced = page.Locator("#alertes .fr-alert--success");
        await Expect(advanced).ToContainTextAsync($"L’horloge de la campagne est au {BrowserSite.LongDate(closeAt)}");
        await Expect(page.Locator("#horloge")).ToHaveTextAsync(BrowserSite.LongDate(closeAt));
        await Expect(close).ToBeHiddenAsync();
        Assert.Equal(closeAt, (await closing.Campaign.Campaign.GetView()).Now);

        // The clock moves on elsewhere: the alert that named the old date goes; the clock shows the new one.
        await closing.Campaign.ToRankingAsync();
        var ranking = (await closing.Campaign.Campaign.GetView()).Now;
        await Expect(page.Locator("#horloge")).ToHaveTextAsync(BrowserSite.LongDate(ranking));
        await Expect(advanced).ToHaveCountAsync(0);
        await Expect(close).ToBeHiddenAsync();

        // Three of 1,250 places accepted: 0.24 %, not « 0 % ».
        await closing.Campaign.RankAsync("OP-F1", "O1", "O2", "O3");
        await closing.Campaign.ToAdmissionAsync();
        foreach (var id in new[] { "O1", "O2", "O3" })
            Assert.True((await closing.Campaign.Grains.GetGrain<ICandidateGrain>(id).Accept("OP-F1", AcceptMode.Definitive, null)).Succeeded);
        await closing.Campaign.Deliveries.WhenIdle();
        var stats = await closing.Campaign.Grains.GetGrain<IFormationGrain>("OP-F1").GetStats();
        Assert.Equal(0.0024, stats.FillRate, 6);
        await Expect(page.Locator("[data-compteur=accepted]")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-compteur=fillRate]")).ToHaveTextAsync(new Regex(@"^0,24\s%$"));
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CandidatePageLayoutTests(BrowserSite site, WideCampaign wide) : IClassFixture<WideCampaign>
{
    [Fact]
    public async Task Long_piece_lists_fit_1280_pixels_and_an_answer_shows_its_view_without_reading_again()
    {
        var page = await site.LoginAsync("candidate", "WD1", node: wide.Node);
        var offer = page.Locator("#candidature-WD-F1");
        await Expect(offer.Locator("[data-pieces]")).ToContainTextAsync("Contrat d’alternance (facultative)");
        await Expect(offer.Locator("[data-action=accepter]")).ToBeVisibleAsync();

        var layout = await PageLayoutTests.MeasureAsync(page);
        Assert.True(layout.DocumentWidth <= layout.ViewportWidth, $"the page is {layout.DocumentWidth} px wide in {layout.ViewportWidth} px");
        Assert.True(layout.ScrollingTables == 0, $"{layout.ScrollingTables} table(s) scroll sideways");
        Assert.True(layout.LowestBoxBottom <= layout.FooterTop, $"{layout.LowestBox} ends at {layout.LowestBoxBottom}, below the footer's top {layout.FooterTop}");
        foreach (var locator in new[] { page.Locator("#tableau-candidatures th").Last, offer.Locator("[data-action=refuser]") })
        {
            var box = (await locator.BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= layout.ViewportWidth, $"« {await locator.InnerTextAsync()} » ends at {box.X + box.Width} px");
        }

        // Accept, keeping both waitlists: the page shows the server's answer and reads nothing more.
        var reads = 0;
        page.Request += (_, request) => { if (request.Method == "GET" && request.Url.Contains("/api/candidates/WD1/applications")) Interlocked.Increment(ref reads); };
        await offer.Locator("[data-action=accepter]").ClickAsync();
        await page.Locator("#modale-confirmer").ClickAsync();
        await Expect(page.Locator("#alertes .fr-alert--success")).ToContainTextAsync("en maintenant 2 vœux en attente");
        await Expect(offer.Locator("[data-statut]")).ToHaveAttributeAsync("data-statut", "accepted-provisional");
        await Expect(offer.Locator("[data-action=definitive]")).ToBeVisibleAsync();
        await Expect(page.Locator("#candidature-WD-F2 [data-action=renoncer]")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(2500); // the page used to read again 1.5 s after an answer
        Assert.Equal(0, reads);
        Assert.Equal(MonMaster.Admission.ApplicationStatus.AcceptedProvisional, (await wide.Campaign.Grains.GetGrain<IFormationGrain>("WD-F1").GetApplication("WD1"))!.Status);
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class PageLayoutTests(BrowserSite site)
{
    /// <summary>The page's widths, its tables that scroll sideways, and the lowest box of its content against the footer.</summary>
    public static async Task<PageLayout> MeasureAsync(IPage page) => System.Text.Json.JsonSerializer.Deserialize<PageLayout>(
        await page.EvaluateAsync<string>("""
        () => {
          const footer = document.querySelector('footer').getBoundingClientRect().top + scrollY;
          const boxes = [...document.querySelectorAll('main .fr-callout, main .fr-tile, main .fr-table, main section, main .fr-card')]
            .filter(e => e.offsetParent !== null)
            .map(e => ({ bottom: e.getBoundingClientRect().bottom + scrollY, name: e.id || e.className }));
          const lowest = boxes.reduce((a, b) => (b.bottom > a.bottom ? b : a), { bottom: 0, name: '' });
          return JSON.stringify({
            viewportWidth: innerWidth, documentWidth: document.documentElement.scrollWidth,
            scrollingTables: [...document.querySelectorAll('.fr-table__container')].filter(c => c.scrollWidth > c.clientWidth + 1).length,
            footerTop: Math.round(footer), lowestBoxBottom: Math.round(lowest.bottom), lowestBox: String(lowest.name),
          });
        }
        """), System.Text.Json.JsonSerializerOptions.Web)!;

    [Fact]
    public async Task The_home_page_boxes_keep_off_the_footer_and_the_search_tile_keeps_its_height()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/"));
        await Expect(page.Locator("#se-connecter")).ToBeEnabledAsync();
        var layout = await MeasureAsync(page);
        Assert.True(layout.DocumentWidth <= layout.ViewportWidth, $"the page is {layout.DocumentWidth} px wide");
        Assert.True(layout.LowestBoxBottom <= layout.FooterTop, $"{layout.LowestBox} ends at {layout.LowestBoxBottom}, below the footer's top {layout.FooterTop}");
        var tile = (await page.Locator("#tuile-recherche").BoundingBoxAsync())!;
        Assert.True(tile.Height < 400, $"the search tile is {tile.Height} px high");
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SessionPageDefectsTests(BrowserSite site)
{
    private static Task<string?> TokenAsync(IPage page) => page.EvaluateAsync<string?>("() => sessionStorage.getItem('monmaster.jeton')");

    [Fact]
    public async Task A_page_of_another_role_keeps_the_session_and_says_whom_it_is_for()
    {
        var page = await site.LoginAsync("candidate", "C0391");
        var token = await TokenAsync(page);
        foreach (var (target, whom) in new[] { ("operateur.html", "Cette page est réservée aux opérateurs"), ("etablissement.html", "Cette page est réservée aux établissements"), ("rectorat.html", "Cette page est réservée aux rectorats") })
        {
            await page.GotoAsync(site.Url($"/{target}"));
            await Expect(page).ToHaveURLAsync(new Regex(@"/index\.html\?motif=reservee&page=\w+$"), new() { Timeout = 60_000 });
            var alert = page.Locator("#alertes .fr-alert--warning");
            await Expect(alert).ToContainTextAsync(whom);
            await Expect(alert).ToContainTextAsync("Vous êtes connecté en tant que Candidat : C0391.");
            Assert.Equal(token, await TokenAsync(page));
        }
        // « Reprendre » goes back to the candidate's own page, still signed in.
        await page.Locator("#alertes a", new() { HasText = "Reprendre" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/candidat\.html$"));
        await Expect(page.Locator("#qui")).ToHaveTextAsync("Candidat : C0391");
        await page.Context.CloseAsync();

        var establishment = await site.LoginAsync("establishment", BrowserCampaign.Establishments[1]);
        await establishment.GotoAsync(site.Url("/candidat.html"));
        await Expect(establishment.Locator("#alertes .fr-alert--warning")).ToContainTextAsync("Cette page est réservée aux candidats");
        Assert.NotNull(await TokenAsync(establishment));
        await establishment.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_unknown_candidate_is_told_so_instead_of_a_list_loading_forever()
    {
        var page = await site.LoginAsync("candidate", "C9999");
        await Expect(page.Locator("#alertes .fr-alert--error")).ToContainTextAsync("Vos candidatures n’ont pas pu être chargées");
        await Expect(page.Locator("#alertes .fr-alert--error")).ToContainTextAsync(AdmissionError.UnknownCandidate.Explain());
        var table = page.Locator("#candidatures");
        await Expect(table).ToContainTextAsync("Aucun dossier candidat ne porte le numéro C9999");
        await Expect(table).Not.ToContainTextAsync("Chargement");
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_upload_error_goes_when_another_file_is_chosen()
    {
        var page = await site.LoginAsync("candidate", "C0392");
        var folder = Directory.CreateTempSubdirectory("monmaster-pieces-");
        try
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Admission", "Pieces", "lettre-de-motivation.pdf"));
            var accented = Path.Combine(folder.FullName, "lettre_motivée.pdf");
            var plain = Path.Combine(folder.FullName, "lettre-motivation.pdf");
            await File.WriteAllBytesAsync(accented, bytes);
            await File.WriteAllBytesAsync(plain, bytes);
            await page.Locator("#piece-type").SelectOptionAsync("cv");
            await page.Locator("#piece-fichier").SetInputFilesAsync(accented);
            await page.Locator("#piece-deposer").ClickAsync();
            var error = page.Locator("#piece-fichier-messages .fr-message--error");
            await Expect(error).ToHaveTextAsync(UploadError.FileNameInvalid.Explain());
            await Expect(page.Locator("#groupe-piece-fichier")).ToHaveClassAsync(new Regex("fr-upload-group--error"));

            // Another file chosen: the error was about the previous one.
            await page.Locator("#piece-fichier").SetInputFilesAsync(plain);
            await Expect(error).ToHaveCountAsync(0);
            await Expect(page.Locator("#groupe-piece-fichier")).Not.ToHaveClassAsync(new Regex("fr-upload-group--error"));
            await page.Locator("#piece-deposer").ClickAsync();
            await Expect(page.Locator("#piece-cv [data-fichier]")).ToHaveTextAsync("lettre-motivation.pdf");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}
