using System.Text.RegularExpressions;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>
/// Screenshots of the three pages on the demo-like campaign, each just after a live change (highlighted). They go
/// to the test output (screenshots/); with MONMASTER_SCREENSHOTS=1, to docs/screenshots/ of the checkout.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserSite site)
{
    private BrowserCampaign Campaign => site.Campaign;

    /// <summary>Where screenshots go: the README's folder with MONMASTER_SCREENSHOTS=1, else beside the tests.</summary>
    public static string Folder()
    {
        var folder = Environment.GetEnvironmentVariable("MONMASTER_SCREENSHOTS") == "1"
            ? Path.Combine(Repository.Root, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public async Task Screenshots_of_the_candidate_establishment_and_operator_pages()
    {
        var folder = Folder();

        // The operator watches first: the answers below show in its chart.
        var operatorPage = await site.LoginAsync("operator", "Opérateur national");

        // A candidate with an offer and waitlists; someone ahead of them on a waitlist gives up.
        var (candidateId, waitlist, position, ahead) = await CandidateToShowAsync();
        var candidatePage = await site.LoginAsync("candidate", candidateId);
        var row = candidatePage.Locator($"#candidature-{waitlist}");
        await Expect(row.Locator(".mm-position")).ToHaveAttributeAsync("data-position", position.ToString());
        Assert.True((await Campaign.Grains.GetGrain<ICandidateGrain>(ahead).Renounce(waitlist)).Succeeded);
        await Expect(row.Locator(".mm-position")).ToHaveAttributeAsync("data-position", (position - 1).ToString());
        await Expect(row).ToHaveClassAsync(new Regex("mm-flash"));
        await Expect(candidatePage.Locator(".mm-decompte").First).ToContainTextAsync("reste ");
        var candidat = Path.Combine(folder, "candidat.png");
        await candidatePage.ScreenshotAsync(new() { Path = candidat, FullPage = true });

        // An establishment: one of its offers is accepted while it looks.
        var establishment = BrowserCampaign.Establishments[0];
        var establishmentPage = await site.LoginAsync("establishment", establishment);
        var (offerCandidate, offerFormation) = await PendingOfferAsync(f => f.Establishment == establishment);
        var formationRow = establishmentPage.Locator($"#formation-{offerFormation}");
        var accepted = int.Parse(await formationRow.GetAttributeAsync("data-acceptees") ?? "0");
        await site.CandidatePostAsync(offerCandidate, $"offers/{offerFormation}/accept", new { mode = "provisional" });
        await Expect(formationRow).ToHaveAttributeAsync("data-acceptees", (accepted + 1).ToString());
        await Expect(formationRow).ToHaveClassAsync(new Regex("mm-flash"));
        var etablissement = Path.Combine(folder, "etablissement.png");
        await establishmentPage.ScreenshotAsync(new() { Path = etablissement, FullPage = true });

        // A few more answers for the operator's counters and chart.
        var random = new Random(7);
        for (var i = 0; i < 12; i++)
        {
            var (c, f) = await PendingOfferAsync(_ => true, skip: i);
            var answer = random.Next(3) switch { 0 => "refuse", _ => "accept" };
            if (answer == "accept") await site.CandidatePostAsync(c, $"offers/{f}/accept", new { mode = random.Next(2) == 0 ? "provisional" : "definitive" });
            else await site.CandidatePostAsync(c, $"offers/{f}/refuse");
        }
        var stats = await Campaign.StatsAsync();
        await Expect(operatorPage.Locator("[data-compteur=accepted]"))
            .ToHaveTextAsync(BrowserSite.Number(stats.Sum(s => s.AcceptedProvisional + s.AcceptedDefinitive)));
        await Expect(operatorPage.Locator("#activite-lignes td[colspan]")).ToHaveCountAsync(0);
        await operatorPage.WaitForTimeoutAsync(600); // the chart's animation
        var operateur = Path.Combine(folder, "operateur.png");
        await operatorPage.ScreenshotAsync(new() { Path = operateur, FullPage = true });

        foreach (var file in new[] { candidat, etablissement, operateur })
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.Length > 20_000, $"{file}: {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        foreach (var page in new[] { candidatePage, establishmentPage, operatorPage }) await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }

    /// <summary>The background candidate with the richest situation: an offer, and a waitlist with someone just ahead.</summary>
    private async Task<(string Candidate, string Waitlist, int Position, string Ahead)> CandidateToShowAsync()
    {
        var best = (Score: -1, Candidate: "", Waitlist: "", Position: 0);
        for (var i = 1; i <= 400; i++)
        {
            var id = $"C{i:0000}";
            var applications = await Campaign.Grains.GetGrain<ICandidateGrain>(id).GetApplications();
            var offers = applications.Count(a => a.Status == ApplicationStatus.Offer);
            var waiting = applications.Where(a => a.Status == ApplicationStatus.Waitlisted && a.Position > 1).OrderBy(a => a.Position).ToList();
            if (offers == 0 || waiting.Count == 0) continue;
            var score = 10 * Math.Min(offers, 1) + 3 * Math.Min(waiting.Count, 3) + (applications.Any(a => a.Status == ApplicationStatus.AcceptedProvisional) ? 4 : 0) + applications.Count;
            if (score > best.Score) best = (score, id, waiting[0].FormationId, waiting[0].Position!.Value);
        }
        Assert.True(best.Score >= 0, "no background candidate has both an offer and a waitlist");
        var snapshot = await Campaign.Grains.GetGrain<IFormationGrain>(best.Waitlist).GetSnapshot();
        var ahead = snapshot.Applications.Single(a => a.Status == ApplicationStatus.Waitlisted && a.Position == best.Position - 1).CandidateId;
        return (best.Candidate, best.Waitlist, best.Position, ahead);
    }

    private async Task<(string Candidate, string Formation)> PendingOfferAsync(Func<FormationInfo, bool> where, int skip = 0)
    {
        var offers = new List<(string, string)>();
        foreach (var formation in Campaign.Formations.Where(f => where(f) && !BrowserCampaign.Known.Any(k => k.Formation.Id == f.Id)))
        {
            var snapshot = await Campaign.Grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot();
            offers.AddRange(snapshot.Applications.Where(a => a.Status == ApplicationStatus.Offer).Select(a => (a.CandidateId, formation.Id)));
        }
        Assert.NotEmpty(offers);
        return offers[skip % offers.Count];
    }
}
