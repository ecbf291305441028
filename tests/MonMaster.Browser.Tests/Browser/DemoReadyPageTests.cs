using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace MonMaster.Tests.Browser;

/// <summary>The home page says where the demo campaign stands, as the demo tool last told the node (its readiness is not the node's).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoReadyPageTests(BrowserSite site)
{
    [Fact]
    public async Task The_home_page_says_the_demo_is_preparing_then_ready()
    {
        using var demo = await site.Node.ClientAsync("operator", "demo");
        var seeding = await demo.PutAsJsonAsync("/api/dev/demo", new { state = "seeding", message = "La campagne de démonstration se prépare : le catalogue national puis 2 000 candidats qui candidatent." });
        Assert.Equal(HttpStatusCode.NoContent, seeding.StatusCode);

        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/"));
        var notice = page.Locator("#demo-etat");
        await Expect(notice).ToHaveAttributeAsync("data-etat", "seeding");
        await Expect(notice).ToContainTextAsync("se prépare");

        // Told ready, the page shows it without a reload.
        var ready = await demo.PutAsJsonAsync("/api/dev/demo", new { state = "ready", message = "La campagne de démonstration est prête : les candidatures sont ouvertes." });
        Assert.Equal(HttpStatusCode.NoContent, ready.StatusCode);
        await Expect(notice).ToHaveAttributeAsync("data-etat", "ready", new() { Timeout = 10_000 });
        await Expect(notice.Locator(".fr-alert--success")).ToContainTextAsync("est prête");
        await page.Context.CloseAsync();
        site.AssertNoScriptErrors();
    }
}
