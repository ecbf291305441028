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

