using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MonMaster.Admission;
using MonMaster.Tests.Api;

namespace MonMaster.Tests.Browser;

/// <summary>
/// One API node (hosting its silo) serving the pages, its seeded campaign, and one headless Chromium driven by
/// Playwright, shared by the browser tests.
/// </summary>
public sealed partial class BrowserSite : IAsyncLifetime
{
    public ApiNode Node { get; private set; } = null!;
    public BrowserCampaign Campaign { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(10_000);
        var executable = Chromium.Executable;
        var node = ApiNode.StartSiloAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable, Headless = true, Args = Chromium.Args, Env = Chromium.Environment(),
        });
        Node = await node;
        Campaign = await BrowserCampaign.SeedAsync(Node);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Campaign?.Watcher is { } watcher) await watcher.DisposeAsync();
        if (Node is not null) await Node.DisposeAsync();
    }

    /// <summary>An address on the shared node, or on <paramref name="node"/> (a test's own campaign).</summary>
    public string Url(string path, ApiNode? node = null) => new Uri((node ?? Node).Address, path).ToString();

    /// <summary>A fresh browser context (its own sessionStorage), in French, at Paris time.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            Locale = "fr-FR", TimezoneId = "Europe/Paris", ViewportSize = new() { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => { lock (Errors) Errors.Add(error); };
        return page;
    }

    /// <summary>Uncaught errors of the pages' scripts since the last check.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Ends a test: no page script threw meanwhile.</summary>
    public void AssertNoScriptErrors()
    {
        List<string> errors;
        lock (Errors)
        {
            errors = [.. Errors];
            Errors.Clear();
        }
        Assert.True(errors.Count == 0, "Page script errors:\n" + string.Join("\n", errors));
    }

    /// <summary>
    /// Logs in through the demo login page, as a person would, and waits for the role's page; on the shared node, or on
    /// <paramref name="node"/> when a test brings its own campaign.
    /// </summary>
    public async Task<IPage> LoginAsync(string role, string subject, int width = 1280, int height = 900, ApiNode? node = null)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync(Url("/", node));
        var (radio, field, target) = role switch
        {
            "candidate" => ("role-candidat", "#identifiant-candidat", "candidat.html"),
            "establishment" => ("role-etablissement", "#identifiant-etablissement", "etablissement.html"),
            "rector" => ("role-rectorat", "#identifiant-rectorat", "rectorat.html"),
            _ => ("role-operateur", "#identifiant-operateur", "operateur.html"),
        };
        await page.Locator($"label[for={radio}]").ClickAsync();
        await page.Locator(field).FillAsync(subject);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // The address, polled: the live-state check below is what says the page works. Waiting for the navigation
        // event instead missed, under load, a navigation that committed between the click and the wait (it timed out
        // on the target page). The token request and the navigation may be slow, so the failure says where it stood.
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/{Regex.Escape(target)}([?#].*)?$"), new() { Timeout = 60_000 });
        }
        catch (PlaywrightException e)
        {
            var alerts = await page.Locator("#alertes").InnerTextAsync(new() { Timeout = 1_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "?");
            throw new TimeoutException($"Log-in as {role} {subject} stayed on {page.Url}; alerts: \"{Plain(alerts)}\"", e);
        }
        // The rector's page has no live part; every other page says when its live connection is up.
        if (role != "rector") await Assertions.Expect(page.Locator("#etat-direct [data-etat=direct]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>What a candidate does through the REST API (as another browser or the simulation would).</summary>
    public async Task CandidatePostAsync(string candidateId, string path, object? body = null)
    {
        using var client = await Node.ClientAsync("candidate", candidateId);
        var response = await client.PostAsJsonAsync($"/api/candidates/{candidateId}/{path}", body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{candidateId} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Campaign.Deliveries.WhenIdle();
    }

    // ----- what the pages show, written as they write it -----

    private static readonly string[] Days = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
    private static readonly string[] Months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>"mardi 3 juin 2025 à 06:00" (Intl, fr-FR, Europe/Paris).</summary>
    public static string LongDate(DateTimeOffset instant)
    {
        var paris = CampaignCalendar.ToParis(instant);
        return $"{Days[(int)paris.DayOfWeek]} {paris.Day} {Months[paris.Month - 1]} {paris.Year} à {paris.Hour:00}:{paris.Minute:00}";
    }

    /// <summary>"3 j 14 h 59 min 59 s", as the candidate page counts down.</summary>
    public static string Remaining(TimeSpan left)
    {
        var s = (long)Math.Floor(left.TotalSeconds);
        long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
        return $"{(d > 0 ? $"{d} j " : "")}{(d > 0 || h > 0 ? $"{h} h " : "")}{m:00} min {sec:00} s";
    }

    /// <summary>"1 319": French digit groups (the page uses a narrow no-break space, normalised here).</summary>
    public static string Number(int n) => n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', ' ');

    /// <summary>Text with every kind of space made one plain space.</summary>
    public static string Plain(string? text) => Spaces().Replace(text ?? "", " ").Trim();

    [GeneratedRegex(@"[\s\u00A0\u202F]+")]
    private static partial Regex Spaces();
}
