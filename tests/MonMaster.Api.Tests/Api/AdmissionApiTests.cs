using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>
/// One node, its campaign just past the opening round (immediate release). Each test uses its own formations:
/// AD-F1 (Université A, 1 place) ranks K1, K2, K3; AD-F2 (Université A, 1) ranks K2, K4; AD-F3 (Université B, 2) ranks K5, K6, K7, K8;
/// AD-F7 (Université C, 1), which only the reading test reads, ranks K12, K13, K14 (xunit's order of tests is not theirs to rely on).
/// </summary>
public sealed class AdmissionNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("AD-F1", "Université A", 1);
        await Campaign.FormationAsync("AD-F2", "Université A", 1);
        await Campaign.FormationAsync("AD-F3", "Université B", 2);
        await Campaign.FormationAsync("AD-F4", "Université B", 1);
        await Campaign.FormationAsync("AD-F5", "Université B", 1);
        await Campaign.FormationAsync("AD-F6", "Université B", 1);
        await Campaign.FormationAsync("AD-F7", "Université C", 1);
        await Campaign.ApplyAsync("K1", "AD-F1");
        await Campaign.ApplyAsync("K2", "AD-F1", "AD-F2");
        await Campaign.ApplyAsync("K3", "AD-F1");
        await Campaign.ApplyAsync("K4", "AD-F2");
        await Campaign.ApplyAsync("K5", "AD-F3");
        await Campaign.ApplyAsync("K6", "AD-F3");
        await Campaign.ApplyAsync("K7", "AD-F3", "AD-F4");
        await Campaign.ApplyAsync("K8", "AD-F3");
        await Campaign.ApplyAsync("K9", "AD-F4");
        await Campaign.ApplyAsync("K10", "AD-F5", "AD-F6");
        await Campaign.ApplyAsync("K11", "AD-F6");
        foreach (var id in new[] { "K12", "K13", "K14" }) await Campaign.ApplyAsync(id, "AD-F7");
        await Campaign.ToRankingAsync();
        await Campaign.RankAsync("AD-F1", "K1", "K2", "K3");
        await Campaign.RankAsync("AD-F2", "K2", "K4");
        await Campaign.RankAsync("AD-F3", "K5", "K6", "K7", "K8");
        await Campaign.RankAsync("AD-F4", "K9", "K7");
        await Campaign.RankAsync("AD-F5", "K10");
        await Campaign.RankAsync("AD-F6", "K11", "K10");
        await Campaign.RankAsync("AD-F7", "K12", "K13", "K14");
        await Campaign.ToAdmissionAsync();
    }
}

public sealed class AdmissionApiTests(AdmissionNode fixture) : IClassFixture<AdmissionNode>
{
    private ApiNode Node => fixture.Node;

    private async Task SettleAsync() => await fixture.Campaign.Deliveries.WhenIdle();

    [Fact]
    public async Task A_candidate_reads_statuses_positions_and_deadlines()
    {
        using var k14 = await Node.ClientAsync("candidate", "K14");
        var application = (await k14.ApplicationsAsync("K14")).At("AD-F7");
        Assert.Equal((ApplicationStatus.Waitlisted, (int?)2, (DateTimeOffset?)null), (application.Status, application.Position, application.Deadline));

        using var k12 = await Node.ClientAsync("candidate", "K12");
        var offer = (await k12.ApplicationsAsync("K12")).At("AD-F7");
        Assert.Equal(ApplicationStatus.Offer, offer.Status);
        Assert.Equal(new DateTimeOffset(2025, 6, 5, 23, 59, 59, TimeSpan.FromHours(2)), offer.Deadline);
    }

    [Fact]
    public async Task Accepting_definitively_holds_the_offer_and_releases_the_rest_and_moves_the_waitlist()
    {
        using var k2 = await Node.ClientAsync("candidate", "K2");
        var accepted = await k2.PostAsJsonAsync("/api/candidates/K2/offers/AD-F2/accept", new { mode = "definitive" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await SettleAsync();

        var applications = await k2.ApplicationsAsync("K2");
        Assert.Equal("AD-F2", applications.Held);
        Assert.Equal(ApplicationStatus.AcceptedDefinitive, applications.At("AD-F2").Status);
        Assert.Equal(ApplicationStatus.Released, applications.At("AD-F1").Status);

        using var k3 = await Node.ClientAsync("candidate", "K3");
        Assert.Equal(1, (await k3.ApplicationsAsync("K3")).At("AD-F1").Position);
        await (await k2.PostAsJsonAsync("/api/candidates/K2/offers/AD-F2/accept", new { mode = "provisional" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "no-offer");
    }

    [Fact]
    public async Task Refusing_an_offer_passes_the_place_on_and_renouncing_leaves_the_waitlist()
    {
        using var k5 = await Node.ClientAsync("candidate", "K5");
        Assert.Equal(HttpStatusCode.OK, (await k5.PostAsync("/api/candidates/K5/offers/AD-F3/refuse", null)).StatusCode);
        await SettleAsync();
        Assert.Equal(ApplicationStatus.Refused, (await k5.ApplicationsAsync("K5")).At("AD-F3").Status);
        using var k7 = await Node.ClientAsync("candidate", "K7");
        Assert.Equal(ApplicationStatus.Offer, (await k7.ApplicationsAsync("K7")).At("AD-F3").Status);

        using var k8 = await Node.ClientAsync("candidate", "K8");
        Assert.Equal(HttpStatusCode.OK, (await k8.PostAsync("/api/candidates/K8/waitlists/AD-F3/renounce", null)).StatusCode);
        await SettleAsync();
        Assert.Equal(ApplicationStatus.Renounced, (await k8.ApplicationsAsync("K8")).At("AD-F3").Status);
        await (await k8.PostAsync("/api/candidates/K8/waitlists/AD-F3/renounce", null)).AssertProblemAsync(HttpStatusCode.Conflict, "not-waitlisted");
    }

    [Fact]
    public async Task Accepting_provisionally_keeps_the_waitlists_asked_for()
    {
        using var k10 = await Node.ClientAsync("candidate", "K10");
        var response = await k10.PostAsJsonAsync("/api/candidates/K10/offers/AD-F5/accept", new { mode = "provisional", keepWaitlists = new[] { "AD-F6" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await SettleAsync();
        var after = await k10.ApplicationsAsync("K10");
        Assert.Equal("AD-F5", after.Held);
        Assert.Equal(ApplicationStatus.AcceptedProvisional, after.At("AD-F5").Status);
        Assert.Equal((ApplicationStatus.Waitlisted, (int?)1), (after.At("AD-F6").Status, after.At("AD-F6").Position));
        var json = await k10.GetStringAsync("/api/candidates/K10/applications");
        Assert.Contains("\"status\":\"accepted-provisional\"", json);
        Assert.Contains("\"status\":\"waitlisted\"", json);
    }

    /// <summary>
    /// Statuses, contracts and phases are enums in the code and, on the wire (HTTP and SignalR), the strings the pages
    /// and clients have always read.
    /// </summary>
    [Fact]
    public void Statuses_contracts_and_phases_are_spelled_on_the_wire_as_they_always_were()
    {
        (object Value, string Wire)[] spellings =
        [
            (ApplicationStatus.Submitted, "submitted"), (ApplicationStatus.NotRetained, "not-retained"), (ApplicationStatus.Waitlisted, "waitlisted"),
            (ApplicationStatus.Offer, "offer"), (ApplicationStatus.AcceptedProvisional, "accepted-provisional"),
            (ApplicationStatus.AcceptedDefinitive, "accepted-definitive"), (ApplicationStatus.Refused, "refused"), (ApplicationStatus.Expired, "expired"),
            (ApplicationStatus.Renounced, "renounced"), (ApplicationStatus.Released, "released"), (ApplicationStatus.Incomplete, "incomplete"),
            (ApplicationStatus.ContractSearch, "contract-search"),
            (ContractState.Pending, "pending"), (ContractState.Validated, "validated"), (ContractState.Refused, "refused"),
            (CampaignPhase.Publication, "Publication"), (CampaignPhase.Application, "Application"), (CampaignPhase.Review, "Review"),
            (CampaignPhase.MainAdmission, "MainAdmission"), (CampaignPhase.Complementary, "Complementary"), (CampaignPhase.Withdrawals, "Withdrawals"),
            (CampaignPhase.Closed, "Closed"),
        ];
        Assert.Equal(Enum.GetValues<ApplicationStatus>().Length + 3 + Enum.GetValues<CampaignPhase>().Length, spellings.Length);
        var http = Node.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var hubs = Node.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions;
        foreach (var options in new[] { http, hubs })
            foreach (var (value, wire) in spellings)
            {
                Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(value, value.GetType(), options));
                Assert.Equal(value, JsonSerializer.Deserialize($"\"{wire}\"", value.GetType(), options));
            }
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_their_code_and_change_nothing()
    {
        using var k1 = await Node.ClientAsync("candidate", "K1");
        await (await k1.PostAsJsonAsync("/api/candidates/K1/offers/AD-F1/accept", new { mode = "maybe" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await k1.PostAsJsonAsync("/api/candidates/K1/offers/NOPE/accept", new { mode = "definitive" })).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        await (await k1.PostAsync("/api/candidates/K1/waitlists/AD-F1/renounce", null)).AssertProblemAsync(HttpStatusCode.Conflict, "not-waitlisted");
        await (await k1.PostAsJsonAsync("/api/candidates/K1/applications", new { formationId = "AD-F2" })).AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");

        using var k9 = await Node.ClientAsync("candidate", "K9");
        await (await k9.PostAsJsonAsync("/api/candidates/K1/offers/AD-F1/accept", new { mode = "definitive" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await k9.PostAsync("/api/candidates/K1/offers/AD-F1/refuse", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await k9.PostAsync("/api/candidates/K1/waitlists/AD-F1/renounce", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PostAsync("/api/candidates/K1/offers/AD-F1/refuse", null)).StatusCode);

        await SettleAsync();
        var applications = await k1.ApplicationsAsync("K1");
        Assert.Equal(ApplicationStatus.Offer, applications.At("AD-F1").Status);
        Assert.Null(applications.Held);
    }

    [Fact]
    public async Task Establishments_see_their_own_formations_and_operators_see_all_stats()
    {
        using var a = await Node.ClientAsync("establishment", "Université A");
        var formations = await a.GetFromJsonAsync<List<EstablishmentFormationBody>>("/api/establishments/Université A/formations");
        Assert.Equal(["AD-F1", "AD-F2"], formations!.Select(f => f.Id).Order());
        var stats = await a.GetFromJsonAsync<FormationStats>("/api/formations/AD-F1/stats");
        Assert.Equal(("AD-F1", 1, 3), (stats!.FormationId, stats.Capacity, stats.Applicants));
        using var raw = System.Text.Json.JsonDocument.Parse(await a.GetStringAsync("/api/formations/AD-F1/stats"));
        var rankOfLastCalled = raw.RootElement.GetProperty("rankOfLastCalled").GetInt32();
        Assert.True(rankOfLastCalled >= 1);
        Assert.Equal(rankOfLastCalled / 3.0, raw.RootElement.GetProperty("accessRate").GetDouble(), 9);

        await (await a.GetAsync("/api/formations/AD-F3/stats")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await a.GetAsync("/api/establishments/Université B/formations")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await a.GetAsync("/api/formations/NOPE/stats")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        using var candidate = await Node.ClientAsync("candidate", "K1");
        await (await candidate.GetAsync("/api/formations/AD-F1/stats")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var ops = await Node.ClientAsync("operator", "ops");
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("/api/formations/AD-F3/stats")).StatusCode);
    }

    [Fact]
    public async Task Rankings_after_the_opening_round_are_refused()
    {
        using var b = await Node.ClientAsync("establishment", "Université B");
        var response = await b.PutAsync("/api/formations/AD-F4/ranking", new StringContent("AD-K7,1\n", Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
        await (await b.PutAsync("/api/formations/AD-F4/ranking", new StringContent("K9,1\nK7,2\n", Encoding.UTF8, "text/csv"))).AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");
    }

    [Fact]
    public async Task Operators_read_the_campaign_and_nobody_else_does()
    {
        using var ops = await Node.ClientAsync("operator", "ops");
        var status = await ops.GetFromJsonAsync<CampaignStatusBody>("/api/campaigns/2025");
        Assert.Equal(("MainAdmission", true, 7, 8), (status!.Campaign.Phase, status.Campaign.VirtualClock, status.Counters.Formations, status.Counters.Capacity));
        await (await ops.GetAsync("/api/campaigns/2031")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-campaign");
        using var candidate = await Node.ClientAsync("candidate", "K1");
        await (await candidate.GetAsync("/api/campaigns/2025")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var establishment = await Node.ClientAsync("establishment", "Université A");
        await (await establishment.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = "2025-06-10T06:00:00+02:00" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("MainAdmission", (await ops.GetFromJsonAsync<CampaignStatusBody>("/api/campaigns/2025"))!.Campaign.Phase);
        Assert.True((await fixture.Campaign.Campaign.GetView()).Now < new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task Anyone_signed_in_reads_the_campaign_clock_that_deadlines_count_on()
    {
        using var candidate = await Node.ClientAsync("candidate", "K1");
        var clock = await candidate.GetFromJsonAsync<CampaignBody>("/api/campaigns/2025/clock");
        Assert.Equal(("MainAdmission", true), (clock!.Phase, clock.VirtualClock));
        Assert.Equal((await fixture.Campaign.Campaign.GetView()).Now, clock.Now);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.GetAsync("/api/campaigns/2025/clock")).StatusCode);
        await (await candidate.GetAsync("/api/campaigns/2031/clock")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-campaign");
    }

    private sealed record EstablishmentFormationBody(string Id, string Mention, FormationStats Stats);
    private sealed record CampaignStatusBody(CampaignBody Campaign, CountersBody Counters);
    private sealed record CampaignBody(string Phase, bool VirtualClock, DateTimeOffset Now);
    private sealed record CountersBody(int Formations, int Capacity);
}
