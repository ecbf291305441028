using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>One API node hosting a silo, its campaign in the application window (February).</summary>
public sealed class ApplicationPhaseNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("AP-F1", "Université A", 2);
        await Campaign.FormationAsync("AP-F2", "Université B", 2);
        for (var i = 1; i <= 16; i++) await Campaign.FormationAsync($"AP-W{i:00}", "Université C", 1, mention: $"Mention {i}");
    }
}

public sealed class ApplicationPhaseApiTests(ApplicationPhaseNode fixture) : IClassFixture<ApplicationPhaseNode>
{
    private ApiNode Node => fixture.Node;

    [Fact]
    public async Task A_candidate_creates_a_file_applies_and_reads_the_application()
    {
        using var client = await Node.ClientAsync("candidate", "AP-C1");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync("/api/candidates/AP-C1", new { })).StatusCode);
        var applied = await client.PostAsJsonAsync("/api/candidates/AP-C1/applications", new { formationId = "AP-F1" });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);

        var applications = await client.ApplicationsAsync("AP-C1");
        var application = applications.At("AP-F1");
        Assert.Equal((ApplicationStatus.Submitted, "Université A", "Informatique", "classic"), (application.Status, application.Establishment, application.Mention, application.Track));
        Assert.Null(applications.Held);
    }

    [Fact]
    public async Task Refused_applications_say_why_and_change_nothing()
    {
        using var client = await Node.ClientAsync("candidate", "AP-C2");
        await client.PutAsJsonAsync("/api/candidates/AP-C2", new { });
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/candidates/AP-C2/applications", new { formationId = "AP-F1" })).StatusCode);

        await (await client.PostAsJsonAsync("/api/candidates/AP-C2/applications", new { formationId = "AP-F1" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "duplicate-application");
        await (await client.PostAsJsonAsync("/api/candidates/AP-C2/applications", new { formationId = "NOPE" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        await (await client.PostAsJsonAsync("/api/candidates/AP-C2/applications", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await client.PostAsync("/api/candidates/AP-C2/applications", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal(["AP-F1"], (await client.ApplicationsAsync("AP-C2")).Applications.Select(a => a.FormationId));
    }

    [Fact]
    public async Task The_sixteenth_classic_wish_is_refused()
    {
        using var client = await Node.ClientAsync("candidate", "AP-C3");
        await client.PutAsJsonAsync("/api/candidates/AP-C3", new { });
        for (var i = 1; i <= 15; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/candidates/AP-C3/applications", new { formationId = $"AP-W{i:00}" })).StatusCode);
        await (await client.PostAsJsonAsync("/api/candidates/AP-C3/applications", new { formationId = "AP-W16" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "wish-limit");
        Assert.Equal(15, (await client.ApplicationsAsync("AP-C3")).Applications.Count);
    }

    [Fact]
    public async Task A_candidate_never_reads_or_acts_on_another_file_and_no_token_is_401()
    {
        using var owner = await Node.ClientAsync("candidate", "AP-C4");
        await owner.PutAsJsonAsync("/api/candidates/AP-C4", new { });
        await owner.PostAsJsonAsync("/api/candidates/AP-C4/applications", new { formationId = "AP-F2" });

        using var intruder = await Node.ClientAsync("candidate", "AP-C5");
        await (await intruder.GetAsync("/api/candidates/AP-C4/applications")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await intruder.PostAsJsonAsync("/api/candidates/AP-C4/applications", new { formationId = "AP-F1" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await intruder.PutAsJsonAsync("/api/candidates/AP-C4", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var establishment = await Node.ClientAsync("establishment", "Université B");
        await (await establishment.GetAsync("/api/candidates/AP-C4/applications")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var operatorClient = await Node.ClientAsync("operator", "ops");
        await (await operatorClient.PostAsJsonAsync("/api/candidates/AP-C4/applications", new { formationId = "AP-F1" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var anonymous = await Node.Http.PostAsJsonAsync("/api/candidates/AP-C4/applications", new { formationId = "AP-F1" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var forged = new HttpClient { BaseAddress = Node.Address };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJBUC1DNCIsInJvbGUiOiJjYW5kaWRhdGUifQ.c2lnbmF0dXJl");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/candidates/AP-C4/applications")).StatusCode);

        Assert.Equal(["AP-F2"], (await owner.ApplicationsAsync("AP-C4")).Applications.Select(a => a.FormationId));
    }

    [Fact]
    public async Task Reading_a_file_that_does_not_exist_is_404()
    {
        using var client = await Node.ClientAsync("candidate", "AP-NOBODY");
        await (await client.GetAsync("/api/candidates/AP-NOBODY/applications")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-candidate");
        await (await client.PostAsJsonAsync("/api/candidates/AP-NOBODY/applications", new { formationId = "AP-F1" })).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-candidate");
    }

    [Fact]
    public async Task Ranking_before_the_review_phase_is_wrong_phase()
    {
        using var client = await Node.ClientAsync("candidate", "AP-C6");
        await client.PutAsJsonAsync("/api/candidates/AP-C6", new { });
        await client.PostAsJsonAsync("/api/candidates/AP-C6/applications", new { formationId = "AP-F2" });
        using var establishment = await Node.ClientAsync("establishment", "Université B");
        var response = await establishment.PutAsync("/api/formations/AP-F2/ranking", new StringContent("candidate,rank\nAP-C6,1\n", System.Text.Encoding.UTF8, "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");
    }

    [Fact]
    public async Task Dev_tokens_need_a_known_role_and_a_subject()
    {
        await (await Node.Http.PostAsJsonAsync("/api/dev/tokens", new { role = "admin", subject = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await Node.Http.PostAsJsonAsync("/api/dev/tokens", new { role = "candidate", subject = " " })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Writes_beyond_the_rate_limit_get_429_and_others_are_not_affected()
    {
        using var client = await Node.ClientAsync("candidate", "AP-C7");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 45; i++) statuses.Add((await client.PutAsJsonAsync("/api/candidates/AP-C7", new { })).StatusCode);
        Assert.Contains(HttpStatusCode.NoContent, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        await (await client.PutAsJsonAsync("/api/candidates/AP-C7", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        using var other = await Node.ClientAsync("candidate", "AP-C8");
        Assert.Equal(HttpStatusCode.NoContent, (await other.PutAsJsonAsync("/api/candidates/AP-C8", new { })).StatusCode);
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_are_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await Node.Http.GetAsync("/health/live")).StatusCode);
        var ready = await Node.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        using var openApi = JsonDocument.Parse(await Node.Http.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/candidates/{id}/offers/{formationId}/accept", paths);
        Assert.Contains("/api/formations/{id}/ranking", paths);
        Assert.Contains("/api/campaigns/{year}/clock", paths);
        Assert.Contains("/api/candidates/{id}/preferences", paths);
        Assert.Contains("/api/candidates/{id}/contracts/{formationId}", paths);
        Assert.Contains("/api/formations/{id}/work-study-answers/{candidateId}", paths);
        Assert.Contains("/api/formations/{id}/contracts/{candidateId}/validate", paths);
        Assert.Contains("/api/formations/{id}/complementary", paths);
        Assert.Equal(HttpStatusCode.OK, (await Node.Http.GetAsync("/scalar/v1")).StatusCode);
    }
}
