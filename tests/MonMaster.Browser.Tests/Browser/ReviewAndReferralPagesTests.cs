using Microsoft.Playwright;
using MonMaster.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>A campaign of its own in its review phase (10 April): RP1 applied to RP-F1 of the Université de Lyon, which asks for an optional recommendation.</summary>
public sealed class ReviewPhaseCampaign : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("RP-F1", "Université de Lyon", 2, mention: "Informatique", pieces: [new("recommendation", Mandatory: false)]);
        await Campaign.ApplyAsync("RP1", "RP-F1");
        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 4, 10, 9, 0, 0, TimeSpan.FromHours(2)));
    }
}

/// <summary>A campaign of its own on 18 July: RF1 applied five times (two mentions, two establishments) and got nothing.</summary>
public sealed class ReferralCampaign : CampaignNode
{
    protected override async Task SeedAsync()
    {
        foreach (var (id, establishment, mention) in new[] { ("RF-A1", "Université A", "Droit"), ("RF-A2", "Université A", "Économie"), ("RF-A3", "Université A", "Droit"), ("RF-B1", "Université B", "Droit"), ("RF-B2", "Université B", "Droit") })
            await Campaign.FormationAsync(id, establishment, 1, mention: mention);
        await Campaign.FormationAsync("RF-G1", "Université de Toulouse", 3, mention: "Droit");
        await Campaign.ApplyAsync("RF1", "RF-A1", "RF-A2", "RF-A3", "RF-B1", "RF-B2");
        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 7, 18, 10, 0, 0, TimeSpan.FromHours(2)));
    }
}

/// <summary>Section 3 in the pages: an establishment summons a candidate, who is told live and answers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewPagesTests(BrowserSite site, ReviewPhaseCampaign review) : IClassFixture<ReviewPhaseCampaign>
{
    [Fact]
    public async Task An_establishment_summons_a_candidate_whose_open_page_shows_it_and_who_answers()
    {
        var candidate = await site.LoginAsync("candidate", "RP1", node: review.Node);
        await Expect(candidate.Locator("#mes-demandes")).ToBeHiddenAsync();

        var establishment = await site.LoginAsync("establishment", "Université de Lyon", node: review.Node);
        await establishment.Locator("#demande-candidat").FillAsync("RP1");
        await establishment.Locator("#demande-type").SelectOptionAsync("interview");
        await establishment.Locator("#demande-message").FillAsync("Entretien avec le jury du master Informatique.");
        await establishment.Locator("#demande-reponse").FillAsync("2025-04-18T23:00");
        await establishment.Locator("#demande-date").FillAsync("2025-04-22T10:00");
        await establishment.Locator("#demande-lieu").FillAsync("Campus de la Doua, bâtiment Nautibus");
        await establishment.Locator("#demande-envoyer").ClickAsync();
        await Expect(establishment.Locator("#demande-resultat .fr-alert--success")).ToContainTextAsync("Demande envoyée à RP1");

        // The candidate's open page shows it without a reload, with its date and place in Paris time.
        var request = candidate.Locator("#demandes-liste [data-demande]");
        await Expect(request).ToHaveCountAsync(1);
        await Expect(request).ToContainTextAsync("Convocation à un entretien");
        await Expect(request).ToContainTextAsync("Campus de la Doua, bâtiment Nautibus");
        await Expect(request).ToContainTextAsync("22 avril 2025 à 10:00");
        await request.Locator("textarea").FillAsync("Je serai présente, merci.");
        await request.Locator("[data-repondre]").ClickAsync();
        await Expect(candidate.Locator("#demandes-resultat .fr-alert--success")).ToBeVisibleAsync();
        await Expect(candidate.Locator("#demandes-liste [data-reponse]")).ToContainTextAsync("Je serai présente, merci.");

        // The establishment reads the answer.
        await establishment.ReloadAsync();
        await Expect(establishment.Locator("#demandes-envoyees [data-demande='RP1-1']")).ToContainTextAsync("Je serai présente, merci.");
        await candidate.Context.CloseAsync();
        await establishment.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}

/// <summary>Section 7 in the pages: the candidate files a referral; the rector's office proposes a place; the candidate sees it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RectorPagesTests(BrowserSite site, ReferralCampaign referral) : IClassFixture<ReferralCampaign>
{
    [Fact]
    public async Task A_candidate_refers_to_the_rector_whose_office_proposes_a_place()
    {
        var candidate = await site.LoginAsync("candidate", "RF1", node: referral.Node);
        await candidate.GotoAsync(site.Url("/saisine.html", referral.Node));
        await candidate.Locator("#region").SelectOptionAsync("Occitanie");
        await candidate.Locator("#licence-saisine").SelectOptionAsync("2023-2024");
        await candidate.Locator("#saisir").ClickAsync();
        await Expect(candidate.Locator("[data-saisine='Occitanie']")).ToContainTextAsync("Saisine déposée auprès du rectorat : Occitanie");

        var rector = await site.LoginAsync("rector", "Occitanie", node: referral.Node);
        var row = rector.Locator("#saisine-RF1");
        await Expect(row.Locator("[data-propositions]")).ToHaveTextAsync("0 / 3 propositions");
        await row.Locator("select").SelectOptionAsync("RF-G1");
        await row.Locator("[data-action=proposer]").ClickAsync();
        await Expect(rector.Locator("#alertes .fr-alert--success")).ToContainTextAsync("Place proposée à RF1");
        await Expect(rector.Locator("#saisine-RF1 [data-propositions]")).ToHaveTextAsync("1 / 3 propositions");
        // The same place again: the server's French reason.
        await rector.Locator("#saisine-RF1 select").SelectOptionAsync("RF-G1");
        await rector.Locator("#saisine-RF1 [data-action=proposer]").ClickAsync();
        await Expect(rector.Locator("#alertes .fr-alert--error")).ToContainTextAsync("Proposition non faite");

        // The proposal is an offer on the candidate's page, answered like any other.
        await candidate.GotoAsync(site.Url("/candidat.html", referral.Node));
        await Expect(candidate.Locator("#candidature-RF-G1 [data-statut]")).ToHaveAttributeAsync("data-statut", "offer");
        await candidate.Context.CloseAsync();
        await rector.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}

/// <summary>Section 2 in the pages: the candidate file common to all applications, with every problem said.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfilePageTests(BrowserSite site, ReviewPhaseCampaign review) : IClassFixture<ReviewPhaseCampaign>
{
    [Fact]
    public async Task A_candidate_fills_their_file_sees_what_is_wrong_and_finds_it_again()
    {
        var page = await site.LoginAsync("candidate", "RP1", node: review.Node);
        // The pieces the formation asks for show on the application.
        await Expect(page.Locator("#candidature-RP-F1 [data-pieces]")).ToHaveTextAsync("Pièces demandées : Lettre de recommandation (facultative)");
        await page.Locator("#lien-dossier").ClickAsync();
        await Expect(page.Locator("#dossier")).ToBeVisibleAsync();
        await page.Locator("#nom").FillAsync("Martin");
        await page.Locator("#prenom").FillAsync("Camille");
        await page.Locator("#naissance").FillAsync("2002-04-17");
        await page.Locator("#courriel").FillAsync("camille.martin");
        await page.Locator("#diplome-type").FillAsync("Licence");
        await page.Locator("#diplome-mention").FillAsync("Informatique");
        await page.Locator("#diplome-annee").FillAsync("2024");
        await page.Locator("#diplome-etablissement").FillAsync("Université de Toulouse");
        await page.Locator("#diplome-academie").FillAsync("Toulouse");
        await page.Locator("#bac-serie").FillAsync("Générale : mathématiques, NSI");
        await page.Locator("#bac-annee").FillAsync("2021");
        await page.Locator("#experiences").FillAsync("stage ; Développement web ; Airbus ; 2024-04-01 ; 2024-06-30");
        await page.Locator("#enregistrer").ClickAsync();
        await Expect(page.Locator("#resultat [data-problemes] li")).ToHaveTextAsync(["L'adresse électronique n'est pas valide."]);

        await page.Locator("#courriel").FillAsync("camille.martin@example.fr");
        await page.Locator("#enregistrer").ClickAsync();
        await Expect(page.Locator("#resultat .fr-alert--success")).ToContainTextAsync("Dossier enregistré");
        await page.ReloadAsync();
        await Expect(page.Locator("#courriel")).ToHaveValueAsync("camille.martin@example.fr");
        await Expect(page.Locator("#experiences")).ToHaveValueAsync("stage ; Développement web ; Airbus ; 2024-04-01 ; 2024-06-30");
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}
