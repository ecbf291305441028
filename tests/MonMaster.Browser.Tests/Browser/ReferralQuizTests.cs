using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>
/// « Puis-je saisir mon rectorat ? » in real headless Chromium: the candidate answers the brochure's quiz, reached
/// from their page, and reads the server's verdict (eligible from Friday 18 July, or the unmet criteria).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralQuizTests(BrowserSite site)
{
    [Fact]
    public async Task Candidate_answers_the_referral_quiz_and_sees_eligibility_then_the_unmet_criteria()
    {
        var page = await site.LoginAsync("candidate", "C0399");
        await page.Locator("#saisine-recteur a[href='saisine.html']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/saisine\.html$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Puis-je saisir mon rectorat ?");
        await Expect(page.Locator("#qui")).ToHaveTextAsync("Candidat : C0399");

        await page.Locator("label[for=academie-oui]").ClickAsync();
        await page.Locator("#annee-licence").SelectOptionAsync("2024-2025");
        await page.Locator("label[for=proposition-non]").ClickAsync();
        await page.Locator("#candidatures").FillAsync("6");
        await page.Locator("#mentions").FillAsync("3");
        await page.Locator("#etablissements").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier mon éligibilité" }).ClickAsync();

        var result = page.Locator("#resultat");
        await Expect(result).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(result.Locator("[data-resultat=eligible]")).ToContainTextAsync("à partir du vendredi 18 juillet 2025");

        // Four applications to a single establishment: exactly those two criteria fail.
        await page.Locator("#candidatures").FillAsync("4");
        await page.Locator("#etablissements").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier mon éligibilité" }).ClickAsync();
        await Expect(result.Locator("[data-resultat=non-eligible] li")).ToHaveTextAsync(
        [
            "Il faut au moins 5 candidatures en première année de master.",
            "Vos candidatures doivent avoir été adressées à au moins 2 établissements différents.",
        ]);
        await Expect(result.Locator("[data-resultat=eligible]")).ToHaveCountAsync(0);
        await Expect(result).Not.ToContainTextAsync("18 juillet 2025");

        // More mentions than applications: the server's French detail.
        await page.Locator("#mentions").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier mon éligibilité" }).ClickAsync();
        await Expect(result.Locator(".fr-alert--error")).ToContainTextAsync("Les nombres de mentions et d'établissements ne peuvent pas dépasser le nombre de candidatures.");

        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}
