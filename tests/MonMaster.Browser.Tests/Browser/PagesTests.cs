using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MonMaster.Admission;
using MonMaster.Grains;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>
/// The French pages in real headless Chromium against a real API node: what a candidate, an establishment and an
/// operator see, what changes without reloading when others act, and what the confirmations say.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesTests(BrowserSite site)
{
    private BrowserCampaign Campaign => site.Campaign;

    [Fact]
    public async Task Candidate_sees_the_offer_countdown_and_accepts_after_the_modal_confirmation()
    {
        var page = await site.LoginAsync("candidate", "C1001");
        var offer = page.Locator("#candidature-F101");
        await Expect(offer.Locator("[data-statut]")).ToHaveAttributeAsync("data-statut", "offer");
        await Expect(offer.Locator("[data-statut]")).ToHaveTextAsync("Proposition d’admission");
        await Expect(page.Locator("#candidature-F102 .mm-position")).ToHaveAttributeAsync("data-position", "1");
        await Expect(page.Locator("#candidature-F103 .mm-position")).ToHaveAttributeAsync("data-position", "2");

        // The countdown runs on the campaign's clock: deadline minus now, to the second.
        var deadline = (await Campaign.ApplicationAsync("C1001", "F101")).Deadline!.Value;
        Assert.Equal(Campaign_deadline_of_an_offer_made_on_2_June(), deadline);
        var now = await Campaign.NowAsync();
        await Expect(offer.Locator(".mm-decompte")).ToHaveTextAsync($"reste {BrowserSite.Remaining(deadline - now)}");
        // It moves when the clock does, without a reload.
        await Campaign.AdvanceAsync(now.AddHours(1));
        await Expect(offer.Locator(".mm-decompte")).ToHaveTextAsync($"reste {BrowserSite.Remaining(deadline - now.AddHours(1))}");

        // Accept, keeping the waitlist of F102 only: the modal says what goes.
        await offer.Locator("[data-action=accepter]").ClickAsync();
        var modal = page.Locator("#modale-reponse");
        await Expect(modal).ToBeVisibleAsync();
        await Expect(modal.Locator("#modale-titre")).ToHaveTextAsync("Accepter la proposition : Informatique — Sorbonne Université");
        await modal.Locator("label[for=garder-F103]").ClickAsync();
        var consequences = modal.Locator("[data-consequences]");
        await Expect(consequences).ToContainTextAsync("Listes d’attente abandonnées :Économie — Université de Bordeaux (2e sur la liste d’attente)");
        await Expect(consequences).ToContainTextAsync("Listes d’attente conservées :Mathématiques appliquées — Université de Lyon (1re sur la liste d’attente)");
        await modal.Locator("label[for=mode-definitive]").ClickAsync();
        await Expect(consequences).ToContainTextAsync("vous quittez la procédure : toutes vos autres candidatures sont abandonnées");
        await Expect(consequences).ToContainTextAsync("Mathématiques appliquées — Université de Lyon");
        await modal.Locator("label[for=mode-provisional]").ClickAsync();
        await modal.Locator("#modale-confirmer").ClickAsync();
        await Expect(modal).ToBeHiddenAsync();

        await Expect(page.Locator("#alertes .fr-alert--success")).ToContainTextAsync("en maintenant 1 vœu en attente");
        await Expect(offer.Locator("[data-statut]")).ToHaveAttributeAsync("data-statut", "accepted-provisional");
        await Expect(page.Locator("#candidature-F103 [data-statut]")).ToHaveAttributeAsync("data-statut", "renounced");
        await Expect(page.Locator("#candidature-F102 [data-statut]")).ToHaveAttributeAsync("data-statut", "waitlisted");
        Assert.Equal(ApplicationStatus.AcceptedProvisional, (await Campaign.ApplicationAsync("C1001", "F101")).Status);

        // Then definitively, from the held place: the last waitlist goes too.
        await offer.Locator("[data-action=definitive]").ClickAsync();
        await Expect(modal.Locator("#modale-titre")).ToHaveTextAsync("Accepter définitivement : Informatique — Sorbonne Université");
        await Expect(modal.Locator("[data-consequences]")).ToContainTextAsync("Listes d’attente abandonnées :Mathématiques appliquées — Université de Lyon");
        await modal.Locator("#modale-confirmer").ClickAsync();
        await Expect(offer.Locator("[data-statut]")).ToHaveAttributeAsync("data-statut", "accepted-definitive");
        await Expect(offer.Locator("[data-statut]")).ToHaveTextAsync("Acceptée définitivement");
        await Expect(page.Locator("#candidature-F102 [data-statut]")).ToHaveAttributeAsync("data-statut", "released");
        await Expect(offer.Locator("[data-action]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    private static DateTimeOffset Campaign_deadline_of_an_offer_made_on_2_June() => BrowserCampaign.Calendar.OfferDeadline(BrowserCampaign.Calendar.OpeningRound);

    [Fact]
    public async Task Waitlist_position_moves_live_on_another_open_page_when_someone_ahead_answers()
    {
        var page = await site.LoginAsync("candidate", "C1013");
        var row = page.Locator("#candidature-F111");
        await Expect(row.Locator(".mm-position")).ToHaveAttributeAsync("data-position", "2");
        await Expect(row.Locator(".mm-position")).ToHaveTextAsync("2e sur la liste d’attente");
        await page.EvaluateAsync("() => { window.sansRechargement = true; }");

        // C1012, first on the waitlist, accepts definitively elsewhere: C1013 becomes first.
        await site.CandidatePostAsync("C1012", "offers/F112/accept", new { mode = "definitive" });
        await Expect(row.Locator(".mm-position")).ToHaveAttributeAsync("data-position", "1");
        await Expect(row).ToHaveClassAsync(new Regex("mm-flash"));
        await Expect(page.Locator("#annonces")).ToContainTextAsync("vous êtes maintenant 1re sur la liste d’attente (vous étiez 2e)");

        // C1011 refuses the offer: the place goes at once to C1013, with its countdown.
        await site.CandidatePostAsync("C1011", "offers/F111/refuse");
        await Expect(row.Locator("[data-statut]")).ToHaveAttributeAsync("data-statut", "offer");
        await Expect(row.Locator(".mm-decompte")).ToContainTextAsync("reste ");
        await Expect(row.Locator("[data-action=accepter]")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sansRechargement === true"), "the page reloaded");
        Assert.Equal(ApplicationStatus.Offer, (await Campaign.ApplicationAsync("C1013", "F111")).Status);
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Establishment_fill_rate_bars_move_live_and_a_ranking_upload_shows_the_server_answer()
    {
        var page = await site.LoginAsync("establishment", BrowserCampaign.TestEstablishment);
        var f121 = page.Locator("#formation-F121");
        var bar = f121.Locator("[role=progressbar]");
        await Expect(page.Locator("#formations tr")).ToHaveCountAsync(2);
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "0");
        await Expect(bar).ToHaveAttributeAsync("aria-valuemax", "2");
        await Expect(f121.Locator("[data-compteur=propositions]")).ToHaveTextAsync("2");
        await Expect(f121.Locator("[data-compteur=attente]")).ToHaveTextAsync("1");
        await Expect(f121.Locator("[data-compteur=rang]")).ToHaveTextAsync("2");

        await site.CandidatePostAsync("C1021", "offers/F121/accept", new { mode = "definitive" });
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "1");
        await Expect(f121.Locator(".mm-taux")).ToHaveTextAsync("50 %");
        await Expect(f121.Locator(".mm-jauge__definitif")).ToHaveAttributeAsync("style", "width: 50%;");
        await Expect(f121.Locator("[data-compteur=definitives]")).ToHaveTextAsync("1");
        await Expect(f121.Locator("[data-compteur=propositions]")).ToHaveTextAsync("1");
        await Expect(f121).ToHaveClassAsync(new Regex("mm-flash"));

        // A refusal: the next ranked candidate is called at once.
        await site.CandidatePostAsync("C1022", "offers/F121/refuse");
        await Expect(f121.Locator("[data-compteur=rang]")).ToHaveTextAsync("3");
        await Expect(f121.Locator("[data-compteur=attente]")).ToHaveTextAsync("0");
        await site.CandidatePostAsync("C1023", "offers/F121/accept", new { mode = "provisional" });
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "2");
        await Expect(f121.Locator(".mm-taux")).ToHaveTextAsync("100 %");
        await Expect(page.Locator("#total-acceptees")).ToHaveTextAsync("2");
        var stats = await Campaign.Grains.GetGrain<IFormationGrain>("F121").GetStats();
        Assert.Equal((1, 1, 0), (stats.AcceptedDefinitive, stats.AcceptedProvisional, stats.PendingOffers));

        // A ranking after the ranking window: the server's French detail is shown.
        await page.Locator("#classement-formation").SelectOptionAsync("F122");
        await page.Locator("#classement-fichier").SetInputFilesAsync(new FilePayload
        {
            Name = "classement-F122.csv", MimeType = "text/csv", Buffer = "candidate,rank\nC1025,1\nC1024,2\n"u8.ToArray(),
        });
        await page.Locator("#classement-envoyer").ClickAsync();
        var answer = page.Locator("#classement-resultat .fr-alert--error");
        await Expect(answer).ToContainTextAsync("Le classement n’a pas été enregistré");
        await Expect(answer).ToContainTextAsync(AdmissionError.WrongPhase.Explain());
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Operator_sees_the_counters_live_and_advances_the_clock_to_the_next_morning()
    {
        var page = await site.LoginAsync("operator", "Opérateur national");
        var view = await Campaign.Campaign.GetView();
        await Expect(page.Locator("#phase")).ToHaveTextAsync("Phase principale d’admission");
        await Expect(page.Locator("#horloge")).ToHaveTextAsync(BrowserSite.LongDate(view.Now));
        var stats = await Campaign.StatsAsync();
        await Expect(page.Locator("[data-compteur=formations]")).ToHaveTextAsync(BrowserSite.Number(stats.Count));
        await Expect(page.Locator("[data-compteur=capacity]")).ToHaveTextAsync(BrowserSite.Number(stats.Sum(s => s.Capacity)));
        await Expect(page.Locator("[data-compteur=accepted]")).ToHaveTextAsync(BrowserSite.Number(stats.Sum(s => s.AcceptedProvisional + s.AcceptedDefinitive)));
        await Expect(page.Locator("[data-compteur=waitlist]")).ToHaveTextAsync(BrowserSite.Number(stats.Sum(s => s.Waitlist)));

        // Someone accepts: the counters move without a reload.
        var (candidate, formation) = await PendingOfferAsync();
        await site.CandidatePostAsync(candidate, $"offers/{formation}/accept", new { mode = "provisional" });
        stats = await Campaign.StatsAsync();
        await Expect(page.Locator("[data-compteur=accepted]")).ToHaveTextAsync(BrowserSite.Number(stats.Sum(s => s.AcceptedProvisional + s.AcceptedDefinitive)));
        await Expect(page.Locator("[data-compteur=pendingOffers]")).ToHaveTextAsync(BrowserSite.Number(stats.Sum(s => s.PendingOffers)));
        await Expect(page.Locator("#activite-lignes tr")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#activite-lignes td[colspan]")).ToHaveCountAsync(0);

        // The next 06:00 in Paris after the clock.
        var now = CampaignCalendar.ToParis(view.Now);
        var morning = new DateTimeOffset(now.Date.AddDays(now.Hour >= 6 ? 1 : 0).AddHours(6), now.Offset);
        await page.GetByRole(AriaRole.Button, new() { Name = "Avancer au matin suivant" }).ClickAsync();
        await Expect(page.Locator("#alertes .fr-alert--success")).ToContainTextAsync($"L’horloge de la campagne est au {BrowserSite.LongDate(morning)}");
        await Expect(page.Locator("#horloge")).ToHaveTextAsync(BrowserSite.LongDate(morning));
        await Expect(page.Locator("#prochain")).ToContainTextAsync($"Dernier traitement : {BrowserSite.LongDate(morning)}");
        Assert.Equal(morning, await Campaign.NowAsync());
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Candidate_deposits_a_piece_downloads_it_and_sees_the_French_refusal_of_an_accented_file_name()
    {
        var page = await site.LoginAsync("candidate", "C1004");
        var rows = page.Locator("#pieces-deposees tr");
        await Expect(page.Locator("#pieces-deposees td[colspan]")).ToHaveTextAsync("Vous n’avez déposé aucune pièce.");
        await Expect(page.Locator("label[for=piece-fichier] .fr-hint-text")).ToContainTextAsync("JPEG, JPG, PNG ou PDF");

        // A real PDF: it shows in the table, with its label, name and size.
        var pdf = Path.Combine(AppContext.BaseDirectory, "Admission", "Pieces", "lettre-de-motivation.pdf");
        var bytes = await File.ReadAllBytesAsync(pdf);
        await page.Locator("#piece-type").SelectOptionAsync("cover-letter");
        await page.Locator("#piece-fichier").SetInputFilesAsync(pdf);
        await page.Locator("#piece-deposer").ClickAsync();
        var row = page.Locator("#piece-cover-letter");
        await Expect(row.Locator("th")).ToHaveTextAsync(PieceKinds.All["cover-letter"]);
        await Expect(row.Locator("[data-fichier]")).ToHaveTextAsync("lettre-de-motivation.pdf");
        await Expect(row.Locator("[data-taille]")).ToHaveAttributeAsync("data-taille", bytes.Length.ToString());
        await Expect(row.Locator("[data-taille]")).ToHaveTextAsync(new Regex(@"^\d+(,\d)?\s(Ko|Mo)$"));
        await Expect(page.Locator("#pieces-resultat .fr-alert--success")).ToContainTextAsync("« lettre-de-motivation.pdf »");
        await Expect(rows).ToHaveCountAsync(1);

        // "Télécharger" fetches it with the bearer token: the very same bytes, under its name.
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link).ClickAsync());
        Assert.Equal("lettre-de-motivation.pdf", download.SuggestedFilename);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(await download.PathAsync()));

        // The same file under an accented name: the server's French refusal next to the input, nothing added.
        var folder = Directory.CreateTempSubdirectory("monmaster-pieces-");
        try
        {
            var accented = Path.Combine(folder.FullName, "lettre_motivée.pdf");
            await File.WriteAllBytesAsync(accented, bytes);
            await page.Locator("#piece-type").SelectOptionAsync("cv");
            await page.Locator("#piece-fichier").SetInputFilesAsync(accented);
            await page.Locator("#piece-deposer").ClickAsync();
            await Expect(page.Locator("#piece-fichier-messages .fr-message--error")).ToHaveTextAsync(UploadError.FileNameInvalid.Explain());
            await Expect(page.Locator("#groupe-piece-fichier")).ToHaveClassAsync(new Regex("fr-upload-group--error"));
            await Expect(page.Locator("#piece-cv")).ToHaveCountAsync(0);
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(page.Locator("#pieces-resultat .fr-alert--success")).ToHaveCountAsync(0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Pages_without_a_valid_token_go_back_to_the_login_page()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/operateur.html"));
        // Polled, not awaited as a navigation: under load the redirect can commit before a waiter starts, and a load
        // waiter on an already loaded page never fires (CI saw it).
        await Expect(page).ToHaveURLAsync(new Regex(@"/index\.html\?motif=absente$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("#alertes")).ToContainTextAsync("Connectez-vous pour accéder à cette page.");

        // A token the server refuses (wrong signature, not expired): the first call answers 401.
        var claims = Convert.ToBase64String("""{"sub":"C0001","role":"candidate","exp":4102444800}"""u8).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await page.EvaluateAsync("""jeton => { sessionStorage.setItem('monmaster.jeton', jeton); sessionStorage.setItem('monmaster.role', 'candidate'); sessionStorage.setItem('monmaster.sujet', 'C0001'); }""",
            $"eyJhbGciOiJIUzI1NiJ9.{claims}.c2lnbmF0dXJl");
        await page.GotoAsync(site.Url("/candidat.html"));
        await Expect(page).ToHaveURLAsync(new Regex(@"/index\.html\?motif=expiree$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("#alertes .fr-alert--warning")).ToContainTextAsync("Votre session a expiré");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('monmaster.jeton')"));
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    private async Task<(string Candidate, string Formation)> PendingOfferAsync()
    {
        foreach (var formation in Campaign.Formations.Where(f => !BrowserCampaign.Known.Any(k => k.Formation.Id == f.Id)))
        {
            var snapshot = await Campaign.Grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot();
            if (snapshot.Applications.FirstOrDefault(a => a.Status == ApplicationStatus.Offer) is { } offer) return (offer.CandidateId, formation.Id);
        }
        throw new InvalidOperationException("no pending offer left in the background campaign");
    }
}
