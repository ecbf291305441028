using System.Net;
using System.Net.Http.Json;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>
/// One node, its campaign on 17 June (complementary phase). PK1 holds CP-B1 provisionally and waits at CP-A1 and CP-A2
/// (each filled definitively by PK2 and PK3); PK4 waits at CP-A1 and CP-A2 too; PK5 accepted CP-B2 definitively.
/// CP-A3 (Université A, 2 places) retained nobody; CP-B2 (Université B, 2 places) has one place left.
/// </summary>
public sealed class ComplementaryPhaseNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("CP-A1", "Université A", 1);
        await Campaign.FormationAsync("CP-A2", "Université A", 1, mention: "Droit");
        await Campaign.FormationAsync("CP-A3", "Université A", 2, mention: "Économie");
        await Campaign.FormationAsync("CP-B1", "Université B", 1);
        await Campaign.FormationAsync("CP-B2", "Université B", 2, mention: "Psychologie");
        await Campaign.ApplyAsync("PK1", "CP-A1", "CP-A2", "CP-B1");
        await Campaign.ApplyAsync("PK2", "CP-A1");
        await Campaign.ApplyAsync("PK3", "CP-A2");
        await Campaign.ApplyAsync("PK4", "CP-A1", "CP-A2");
        await Campaign.ApplyAsync("PK5", "CP-B2");
        await Campaign.ApplyAsync("PK6", "CP-A3");
        await Campaign.ToRankingAsync();
        await Campaign.RankAsync("CP-A1", "PK2", "PK1", "PK4");
        await Campaign.RankAsync("CP-A2", "PK3", "PK1", "PK4");
        await Campaign.RankAsync("CP-B1", "PK1");
        await Campaign.RankAsync("CP-B2", "PK5");
        await Campaign.ToAdmissionAsync();
        foreach (var (candidate, formation, mode) in new[]
        {
            ("PK2", "CP-A1", AcceptMode.Definitive), ("PK3", "CP-A2", AcceptMode.Definitive),
            ("PK1", "CP-B1", AcceptMode.Provisional), ("PK5", "CP-B2", AcceptMode.Definitive),
        })
            Assert.True((await Campaign.Grains.GetGrain<ICandidateGrain>(candidate).Accept(formation, mode, null)).Succeeded, $"{candidate} accepts {formation}");
        await Campaign.Deliveries.WhenIdle();
        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 6, 17, 10, 0, 0, TimeSpan.FromHours(2)));
    }
}

public sealed class ComplementaryApiTests(ComplementaryPhaseNode fixture) : IClassFixture<ComplementaryPhaseNode>
{
    private ApiNode Node => fixture.Node;

    private static object Order(params string[] formations) => new { formations };

    private async Task<HttpClient> NewCandidateAsync(string id)
    {
        var client = await Node.ClientAsync("candidate", id);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/candidates/{id}", new { })).StatusCode);
        return client;
    }

    [Fact]
    public async Task A_candidate_saves_a_preference_order_and_reads_it_back_with_the_held_offer_last()
    {
        using var pk1 = await Node.ClientAsync("candidate", "PK1");
        var before = await pk1.ApplicationsAsync("PK1");
        Assert.Equal(("CP-B1", ApplicationStatus.Waitlisted, ApplicationStatus.Waitlisted), (before.Held, before.At("CP-A1").Status, before.At("CP-A2").Status));
        Assert.Null(before.Preference);

        Assert.Equal(HttpStatusCode.OK, (await pk1.PutAsJsonAsync("/api/candidates/PK1/preferences", Order("CP-A2", "CP-A1"))).StatusCode);
        Assert.Equal(["CP-A2", "CP-A1", "CP-B1"], (await pk1.ApplicationsAsync("PK1")).Preference!);

        // A new order replaces it; the held offer goes last wherever it is put.
        Assert.Equal(HttpStatusCode.OK, (await pk1.PutAsJsonAsync("/api/candidates/PK1/preferences", Order("CP-B1", "CP-A1", "CP-A2"))).StatusCode);
        Assert.Equal(["CP-A1", "CP-A2", "CP-B1"], (await pk1.ApplicationsAsync("PK1")).Preference!);
    }

    [Fact]
    public async Task Bad_preference_orders_are_refused_with_their_code_and_change_nothing()
    {
        using var pk4 = await Node.ClientAsync("candidate", "PK4");
        const string route = "/api/candidates/PK4/preferences";
        await (await pk4.PutAsJsonAsync(route, Order("CP-A1"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-preference");
        await (await pk4.PutAsJsonAsync(route, Order("CP-A1", "CP-A2", "CP-A1"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-preference");
        await (await pk4.PutAsJsonAsync(route, Order("CP-A1", "CP-A2", "CP-B1"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-an-applicant");
        await (await pk4.PutAsJsonAsync(route, Order("CP-A1", "NOPE"))).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        await (await pk4.PutAsJsonAsync(route, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await pk4.PutAsJsonAsync(route, Order("CP-A1", " "))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await pk4.PutAsync(route, new StringContent("{\"formations\": \"CP-A1\"}", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        using var pk1 = await Node.ClientAsync("candidate", "PK1");
        await (await pk1.PutAsJsonAsync(route, Order("CP-A2", "CP-A1"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var a = await Node.ClientAsync("establishment", "Université A");
        await (await a.PutAsJsonAsync(route, Order("CP-A2", "CP-A1"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PutAsJsonAsync(route, Order("CP-A2", "CP-A1"))).StatusCode);
        Assert.Null((await pk4.ApplicationsAsync("PK4")).Preference);

        // A definitive acceptance leaves the procedure: no order to give.
        using var pk5 = await Node.ClientAsync("candidate", "PK5");
        await (await pk5.PutAsJsonAsync("/api/candidates/PK5/preferences", Order())).AssertProblemAsync(HttpStatusCode.Conflict, "not-eligible");
        Assert.Null((await pk5.ApplicationsAsync("PK5")).Preference);
    }

    [Fact]
    public async Task An_establishment_opens_complementary_places_within_its_free_places_and_candidates_may_then_apply()
    {
        using var pk7 = await NewCandidateAsync("PK7");
        await (await pk7.PostAsJsonAsync("/api/candidates/PK7/applications", new { formationId = "CP-A3" })).AssertProblemAsync(HttpStatusCode.Conflict, "formation-closed");

        using var a = await Node.ClientAsync("establishment", "Université A");
        const string route = "/api/formations/CP-A3/complementary";
        await (await a.PutAsJsonAsync(route, new { places = 3 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no-places");
        await (await a.PutAsJsonAsync(route, new { places = 0 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no-places");
        await (await a.PutAsJsonAsync(route, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await a.PutAsync(route, new StringContent("{\"places\": \"deux\"}", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await a.PutAsJsonAsync("/api/formations/CP-A1/complementary", new { places = 1 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no-places");
        await (await pk7.PostAsJsonAsync("/api/candidates/PK7/applications", new { formationId = "CP-A3" })).AssertProblemAsync(HttpStatusCode.Conflict, "formation-closed");

        Assert.Equal(HttpStatusCode.NoContent, (await a.PutAsJsonAsync(route, new { places = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await pk7.PostAsJsonAsync("/api/candidates/PK7/applications", new { formationId = "CP-A3" })).StatusCode);
        Assert.Equal(ApplicationStatus.Submitted, (await pk7.ApplicationsAsync("PK7")).At("CP-A3").Status);

        // Not retained in the main phase: not again (PK6); a definitive acceptance: not at all (PK5).
        using var pk6 = await Node.ClientAsync("candidate", "PK6");
        await (await pk6.PostAsJsonAsync("/api/candidates/PK6/applications", new { formationId = "CP-A3" })).AssertProblemAsync(HttpStatusCode.Conflict, "not-retained-before");
        using var pk5 = await Node.ClientAsync("candidate", "PK5");
        await (await pk5.PostAsJsonAsync("/api/candidates/PK5/applications", new { formationId = "CP-A3" })).AssertProblemAsync(HttpStatusCode.Conflict, "not-eligible");
    }

    [Fact]
    public async Task Only_its_establishment_opens_complementary_places()
    {
        const string route = "/api/formations/CP-B2/complementary";
        using var a = await Node.ClientAsync("establishment", "Université A");
        await (await a.PutAsJsonAsync(route, new { places = 1 })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var pk8 = await NewCandidateAsync("PK8");
        await (await pk8.PutAsJsonAsync(route, new { places = 1 })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PutAsJsonAsync(route, new { places = 1 })).StatusCode);
        await (await a.PutAsJsonAsync("/api/formations/NOPE/complementary", new { places = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        await (await pk8.PostAsJsonAsync("/api/candidates/PK8/applications", new { formationId = "CP-B2" })).AssertProblemAsync(HttpStatusCode.Conflict, "formation-closed");

        // Its own establishment: one place is still free (PK5 holds the other).
        using var b = await Node.ClientAsync("establishment", "Université B");
        await (await b.PutAsJsonAsync(route, new { places = 2 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no-places");
        Assert.Equal(HttpStatusCode.NoContent, (await b.PutAsJsonAsync(route, new { places = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await pk8.PostAsJsonAsync("/api/candidates/PK8/applications", new { formationId = "CP-B2" })).StatusCode);
    }
}
