using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Catalogue;
using MonMaster.Catalogue.Generator;
using MonMaster.Demo;

namespace MonMaster.Tests.Api;

public sealed class EmptyCampaignNode : CampaignNode
{
    protected override Task SeedAsync() => Task.CompletedTask;
}

/// <summary>
/// What the demo campaign needs from the platform as a client: the operators' catalogue load and the demo's status.
/// Both change nothing when refused.
/// </summary>
public sealed class DemoClientApiTests(EmptyCampaignNode fixture) : IClassFixture<EmptyCampaignNode>
{
    private ApiNode Node => fixture.Node;

    private static readonly IReadOnlyList<CatalogueFormation> Sheets =
        [.. CatalogueGenerator.Generate(Geography.National(), 2025, count: 40).Where(f => f.ViaPlatform).Take(3)];

    private static StringContent Json(IEnumerable<CatalogueFormation> sheets) =>
        new("[" + string.Join(',', sheets.Select(CatalogueJson.Serialize)) + "]", Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_operator_loads_catalogue_sheets_which_become_readable_and_open_to_applications()
    {
        using var candidate = await Node.ClientAsync("candidate", "DL-C1");
        await (await candidate.PostAsync("/api/catalogue/2025/formations", Json(Sheets))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        using var operatorClient = await Node.ClientAsync("operator", "ops");
        await (await operatorClient.PostAsync("/api/catalogue/2024/formations", Json(Sheets))).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-campaign");
        await (await operatorClient.PostAsync("/api/catalogue/2025/formations", new StringContent("pas du json", Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var wrongYear = Sheets.Select((f, i) => i == 1 ? f with { Year = 2024 } : f);
        var problem = await (await operatorClient.PostAsync("/api/catalogue/2025/formations", Json(wrongYear))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains(Sheets[1].Id, problem.GetProperty("detail").GetString());
        // Refused: nothing of it was loaded.
        Assert.Equal(HttpStatusCode.NotFound, (await Node.Http.GetAsync($"/api/catalogue/formations/{Sheets[0].Id}")).StatusCode);

        var loaded = await operatorClient.PostAsync("/api/catalogue/2025/formations", Json(Sheets));
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        Assert.Equal(3, (await loaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("loaded").GetInt32());
        foreach (var sheet in Sheets)
            Assert.Equal(HttpStatusCode.OK, (await Node.Http.GetAsync($"/api/catalogue/formations/{sheet.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await candidate.PutAsJsonAsync("/api/candidates/DL-C1", new { })).StatusCode);
        var applied = await candidate.PostAsJsonAsync("/api/candidates/DL-C1/applications", new { formationId = Sheets[0].Id });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
    }

    [Fact]
    public async Task The_demo_says_where_it_stands_and_only_an_operator_may_say_it()
    {
        var before = await Node.Http.GetFromJsonAsync<JsonElement>("/api/dev/demo");
        Assert.Equal("waiting", before.GetProperty("state").GetString());

        using var candidate = await Node.ClientAsync("candidate", "DL-C2");
        await (await candidate.PutAsJsonAsync("/api/dev/demo", new { state = "ready", message = "Prête." })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var operatorClient = await Node.ClientAsync("operator", "demo");
        await (await operatorClient.PutAsJsonAsync("/api/dev/demo", new { state = "finie", message = "Prête." })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("waiting", (await Node.Http.GetFromJsonAsync<JsonElement>("/api/dev/demo")).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.PutAsJsonAsync("/api/dev/demo", new { state = "ready", message = "La campagne est prête." })).StatusCode);
        var after = await Node.Http.GetFromJsonAsync<JsonElement>("/api/dev/demo");
        Assert.Equal(("ready", "La campagne est prête."), (after.GetProperty("state").GetString(), after.GetProperty("message").GetString()));
    }

    [Fact]
    public void The_simulation_answers_only_for_the_candidates_the_demo_seeded()
    {
        var now = new DateTimeOffset(2025, 6, 3, 10, 0, 0, TimeSpan.FromHours(2));
        var deadline = now.AddDays(1);
        List<MonMaster.Grains.ApplicationView> applications =
        [
            new("C0001", "F001", ApplicationStatus.Offer, null, deadline),
            new("camille-martin", "F001", ApplicationStatus.Offer, null, deadline),   // a person's own file, made on the demo
            new("C0002", "F001", ApplicationStatus.Offer, null, now.AddMinutes(-1)),   // past its deadline
            new("C0003", "F001", ApplicationStatus.Waitlisted, 3, null),
            new("C2001", "F002", ApplicationStatus.Offer, null, deadline),            // not one of the 2,000 seeded
        ];
        Assert.Equal(["C0001"], DemoCampaign.Answerable(applications, now).Select(a => a.CandidateId));
    }
}
