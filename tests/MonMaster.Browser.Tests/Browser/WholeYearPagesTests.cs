using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Tests.Admission;
using MonMaster.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>
/// A campaign of its own on 17 June (the shared one stays on 2 June): its own node, seeded through the grains and the API.
/// Y1 waits at Y-C1 and Y-C2 and holds Y-C3 provisionally; Y-C4 opened complementary places. The Université Gustave
/// Eiffel's Y-W1 (work-study) put Y5, Y6 and Y7 in contract search; Y5 (a PDF) and Y6 (a PNG) filed contracts in May
/// that wait for its decision.
/// </summary>
public sealed class YearCampaign : IAsyncLifetime
{
    public const string WorkStudyEstablishment = "Université Gustave Eiffel";
    public static readonly byte[] Pdf = TestPieces.Real("lettre-de-motivation.pdf");
    public static readonly byte[] Png = TestPieces.Real("releve-de-notes.png");

    public ApiNode Node { get; private set; } = null!;
    public TinyCampaign Campaign { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await ApiNode.StartSiloAsync();
        Campaign = await new TinyCampaign(Node).OpenAsync();
        await Campaign.FormationAsync("Y-C1", "Sorbonne Université", 1, mention: "Mathématiques");
        await Campaign.FormationAsync("Y-C2", "Université de Lyon", 1, mention: "Économie");
        await Campaign.FormationAsync("Y-C3", "Université de Bordeaux", 1, mention: "Droit");
        await Campaign.FormationAsync("Y-C4", "Université de Lille", 2, mention: "Psychologie");
        await Campaign.FormationAsync("Y-W1", WorkStudyEstablishment, 2, mention: "Cybersécurité", track: Track.WorkStudy);
        await Campaign.ApplyAsync("Y1", "Y-C1", "Y-C2", "Y-C3");
        await Campaign.ApplyAsync("Y2", "Y-C1");
        await Campaign.ApplyAsync("Y3", "Y-C2");
        foreach (var id in new[] { "Y5", "Y6", "Y7" }) await Campaign.ApplyAsync(id, "Y-W1");

        await Campaign.ToRankingAsync();
        await Campaign.RankAsync("Y-C1", "Y2", "Y1");
        await Campaign.RankAsync("Y-C2", "Y3", "Y1");
        await Campaign.RankAsync("Y-C3", "Y1");
        await Campaign.RankAsync("Y-W1", "Y5", "Y6", "Y7");
        foreach (var id in new[] { "Y5", "Y6", "Y7" })
            Assert.True((await Campaign.Grains.GetGrain<IFormationGrain>("Y-W1").AnswerWorkStudy(id, contractSearch: true)).Succeeded);

        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 5, 10, 10, 0, 0, TimeSpan.FromHours(2)));
        foreach (var (id, file, bytes) in new[] { ("Y5", "contrat-Y5.pdf", Pdf), ("Y6", "contrat-Y6.png", Png) })
        {
            using var candidate = await Node.ClientAsync("candidate", id);
            var response = await candidate.PutAsync($"/api/candidates/{id}/contracts/Y-W1", ApiResponses.Upload(file, bytes));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await Campaign.ToAdmissionAsync();
        foreach (var (id, formation, mode) in new[] { ("Y2", "Y-C1", AcceptMode.Definitive), ("Y3", "Y-C2", AcceptMode.Definitive), ("Y1", "Y-C3", AcceptMode.Provisional) })
            Assert.True((await Campaign.Grains.GetGrain<ICandidateGrain>(id).Accept(formation, mode, null)).Succeeded, $"{id} accepts {formation}");
        await Campaign.Deliveries.WhenIdle();
        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 6, 17, 10, 0, 0, TimeSpan.FromHours(2)));
        Assert.True((await Campaign.Grains.GetGrain<IFormationGrain>("Y-C4").OpenComplementary(2)).Succeeded);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>What someone does through the REST API meanwhile (another tab, another person).</summary>
    public async Task<HttpResponseMessage> PostAsync(string role, string subject, string path, object? body = null)
    {
        using var client = await Node.ClientAsync(role, subject);
        var response = await client.PostAsJsonAsync(path, body ?? new { });
        await Campaign.Deliveries.WhenIdle();
        return response;
    }
}

/// <summary>
/// The year after the opening round in real headless Chromium: a candidate orders their applications for the
/// complementary phase from the keyboard, an establishment validates and refuses work-study contracts, and a
/// candidate replaces a refused contract. The server's French detail shows whenever it refuses.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WholeYearPagesTests(BrowserSite site, YearCampaign year) : IClassFixture<YearCampaign>
{
    private static ILocator Items(IPage page) => page.Locator("#preferences-liste > li");

    [Fact]
    public async Task Candidate_orders_the_remaining_applications_from_the_keyboard_the_held_offer_staying_last()
    {
        var page = await site.LoginAsync("candidate", "Y1", node: year.Node);
        var block = page.Locator("#ordre-preference");
        await Expect(block).ToBeVisibleAsync();
        await Expect(Items(page)).ToHaveCountAsync(3);
        await Expect(Items(page).Nth(2)).ToHaveAttributeAsync("data-formation", "Y-C3");
        await Expect(Items(page).Nth(2)).ToHaveAttributeAsync("data-tenue", "");
        await Expect(Items(page).Nth(2).Locator("button")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-etat-preference]")).ToHaveTextAsync("Ordre pas encore enregistré");
        await Expect(page.Locator("[data-monter='Y-C1']")).ToBeDisabledAsync();

        // Down with the keyboard: the focus follows the moved application (its « Monter » button, at the bottom).
        await page.Locator("[data-descendre='Y-C1']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Items(page).Nth(0)).ToHaveAttributeAsync("data-formation", "Y-C2");
        await Expect(Items(page).Nth(1)).ToHaveAttributeAsync("data-formation", "Y-C1");
        await Expect(page.Locator("[data-monter='Y-C1']")).ToBeFocusedAsync();
        await Expect(page.Locator("#annonces")).ToContainTextAsync("est maintenant 2e sur 2");

        // Meanwhile the candidate applied elsewhere (another tab): the order the page sends misses it.
        Assert.Equal(HttpStatusCode.Created, (await year.PostAsync("candidate", "Y1", "/api/candidates/Y1/applications", new { formationId = "Y-C4" })).StatusCode);
        await page.Locator("#preferences-enregistrer").ClickAsync();
        var refusal = page.Locator("#preference-resultat .fr-alert--error");
        await Expect(refusal).ToContainTextAsync("Votre ordre de préférence n’a pas été enregistré");
        await Expect(refusal).ToContainTextAsync(AdmissionError.InvalidPreference.Explain());

        // The page read the applications again: the new one comes last, just above the held offer; up it goes, twice.
        await Expect(Items(page)).ToHaveCountAsync(4);
        await Expect(Items(page).Nth(2)).ToHaveAttributeAsync("data-formation", "Y-C4");
        await page.Locator("[data-monter='Y-C4']").ClickAsync();
        await Expect(page.Locator("[data-monter='Y-C4']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(Items(page).Nth(0)).ToHaveAttributeAsync("data-formation", "Y-C4");
        await Expect(page.Locator("[data-descendre='Y-C4']")).ToBeFocusedAsync();
        await page.Locator("#preferences-enregistrer").ClickAsync();
        await Expect(page.Locator("#preference-resultat .fr-alert--success")).ToContainTextAsync("Ordre de préférence enregistré");
        await Expect(page.Locator("[data-etat-preference]")).ToHaveTextAsync("Ordre enregistré");
        Assert.Equal(["Y-C4", "Y-C2", "Y-C1", "Y-C3"], (await year.Campaign.Grains.GetGrain<ICandidateGrain>("Y1").GetSnapshot()).Preference!);

        // Read back after a reload: the saved order.
        await page.ReloadAsync();
        await Expect(Items(page)).ToHaveCountAsync(4);
        var order = await Items(page).EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.formation)");
        Assert.Equal(["Y-C4", "Y-C2", "Y-C1", "Y-C3"], order);
        await Expect(page.Locator("[data-etat-preference]")).ToHaveTextAsync("Ordre enregistré");
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Establishment_validates_and_refuses_contracts_and_the_candidate_replaces_the_refused_one()
    {
        var page = await site.LoginAsync("establishment", YearCampaign.WorkStudyEstablishment, node: year.Node);
        var section = page.Locator("#alternance");
        await Expect(section).ToBeVisibleAsync();
        await Expect(page.Locator("#alternance-formation")).ToHaveValueAsync("Y-W1");
        var pending = page.Locator("#contrats-en-attente tr[data-candidat]");
        await Expect(pending).ToHaveCountAsync(2);
        await Expect(page.Locator("#alternance-candidatures tr[data-candidat]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#alternance-Y7 [data-statut]")).ToHaveAttributeAsync("data-statut", "contract-search");
        // 17 June: the work-study answers are long closed.
        await Expect(page.Locator("[data-reponse]")).ToHaveCountAsync(0);

        // The contract as filed, fetched with the token.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#contrat-Y5 [data-voir-contrat]").ClickAsync());
        Assert.Equal(YearCampaign.Pdf, await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.EndsWith(".pdf", download.SuggestedFilename);

        await page.Locator("#contrat-Y5 [data-decision=validate]").ClickAsync();
        await Expect(page.Locator("#alternance-resultat .fr-alert--success")).ToContainTextAsync("Le contrat de Y5 est validé pour Y-W1.");
        await Expect(pending).ToHaveCountAsync(1);
        await Expect(page.Locator("#alternance-Y5 [data-contrat]")).ToHaveAttributeAsync("data-contrat", "validated");
        Assert.Equal(ContractState.Validated, (await year.Campaign.Grains.GetGrain<IFormationGrain>("Y-W1").GetApplication("Y5"))!.Contract);

        // Someone else at the establishment refused Y6's contract meanwhile: the page's « Refuser » gets the server's answer.
        Assert.Equal(HttpStatusCode.NoContent, (await year.PostAsync("establishment", YearCampaign.WorkStudyEstablishment, "/api/formations/Y-W1/contracts/Y6/refuse")).StatusCode);
        await page.Locator("#contrat-Y6 [data-decision=refuse]").ClickAsync();
        var refusal = page.Locator("#alternance-resultat .fr-alert--error");
        await Expect(refusal).ToContainTextAsync("Le contrat n’a pas été refusé");
        await Expect(refusal).ToContainTextAsync(AdmissionError.NoContract.Explain());
        await Expect(pending).ToHaveCountAsync(0);
        await Expect(page.Locator("#contrats-en-attente")).ToContainTextAsync("Aucun contrat en attente de validation.");
        await Expect(page.Locator("#alternance-Y6 [data-contrat]")).ToHaveAttributeAsync("data-contrat", "refused");

        // Complementary places: more than the free places is refused in French, then two are opened.
        await page.Locator("#complementaire-formation").SelectOptionAsync("Y-W1");
        await page.Locator("#complementaire-places").FillAsync("3");
        await page.Locator("#complementaire-envoyer").ClickAsync();
        await Expect(page.Locator("#complementaire-resultat .fr-alert--error")).ToContainTextAsync(AdmissionError.NoPlaces.Explain());
        await page.Locator("#complementaire-places").FillAsync("2");
        await page.Locator("#complementaire-envoyer").ClickAsync();
        await Expect(page.Locator("#complementaire-resultat .fr-alert--success")).ToContainTextAsync("2 places ouvertes en phase complémentaire");
        await page.Context.CloseAsync();

        // Y6 sees the refusal and files another contract, which waits for the establishment again.
        var candidate = await site.LoginAsync("candidate", "Y6", node: year.Node);
        var row = candidate.Locator("#candidature-Y-W1");
        await Expect(row.Locator("[data-statut]")).ToHaveTextAsync("En recherche de contrat");
        await Expect(row.Locator("[data-contrat]")).ToHaveTextAsync("Contrat refusé");
        var block = candidate.Locator("#contrat-Y-W1");
        await Expect(block).ToBeVisibleAsync();
        await candidate.Locator("#contrat-fichier-Y-W1").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Admission", "Pieces", "lettre-de-motivation.pdf"));
        await block.Locator("[data-deposer-contrat]").ClickAsync();
        await Expect(candidate.Locator("#contrats-resultat .fr-alert--success")).ToContainTextAsync("« lettre-de-motivation.pdf »");
        await Expect(row.Locator("[data-contrat]")).ToHaveAttributeAsync("data-contrat", "pending");
        await Expect(candidate.Locator("#contrat-Y-W1 [data-contrat]")).ToHaveTextAsync("Contrat en attente de validation");
        Assert.Equal(ContractState.Pending, (await year.Campaign.Grains.GetGrain<IFormationGrain>("Y-W1").GetApplication("Y6"))!.Contract);
        await candidate.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}
