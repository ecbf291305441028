using System.Net;
using System.Net.Http.Json;
using System.Text;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace MonMaster.Tests.Api;

/// <summary>One node whose campaign is in the review phase: establishments upload rankings.</summary>
public sealed class ReviewNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        foreach (var id in new[] { "RK-F3", "RK-F4" }) await Campaign.FormationAsync(id, "Université A", 2);
        await Campaign.FormationAsync("RK-F9", "Université Z", 2);
        foreach (var c in new[] { "R1", "R2", "R3" }) await Campaign.ApplyAsync(c, "RK-F3", "RK-F4", "RK-F9");
        await Campaign.ApplyAsync("R4", "RK-F9");
        await Campaign.ToRankingAsync();
    }
}

public sealed class RankingApiTests(ReviewNode fixture) : IClassFixture<ReviewNode>
{
    private ApiNode Node => fixture.Node;

    [Fact]
    public async Task Bad_rankings_say_what_is_wrong_and_change_nothing()
    {
        using var client = await Node.ClientAsync("establishment", "Université A");
        Task<HttpResponseMessage> Csv(string formation, string text) => client.PutAsync($"/api/formations/{formation}/ranking", new StringContent(text, Encoding.UTF8, "text/csv"));

        await (await Csv("RK-F3", "R1,1\nR2\n")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await Csv("RK-F3", "R1,1\nR2,first\n")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await Csv("RK-F3", "R1,1\nR2,1\n")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await Csv("RK-F3", "R1,1\nGHOST,2\n")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-candidate");
        await (await Csv("RK-F3", "R1,1\nR4,2\n")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-an-applicant");
        await (await Csv("RK-F3", "R1,1\nR1,not-retained\n")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-ranking");
        await (await client.PutAsync("/api/formations/RK-F3/ranking", new StringContent("R1,1", Encoding.UTF8, "text/plain"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await (await client.PutAsJsonAsync("/api/formations/RK-F3/ranking", new { notRetained = new[] { "R1" } })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await Csv("NOPE", "R1,1\n")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");

        var snapshot = await Node.Grains.GetGrain<IFormationGrain>("RK-F3").GetSnapshot();
        Assert.All(snapshot.Applications, a => Assert.Null(a.Rank));
    }

    [Fact]
    public async Task Only_the_formations_establishment_uploads_its_ranking()
    {
        using var other = await Node.ClientAsync("establishment", "Université Z");
        await (await other.PutAsync("/api/formations/RK-F4/ranking", new StringContent("R1,1\n", Encoding.UTF8, "text/csv"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var candidate = await Node.ClientAsync("candidate", "R1");
        await (await candidate.PutAsync("/api/formations/RK-F4/ranking", new StringContent("R1,1\n", Encoding.UTF8, "text/csv"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PutAsync("/api/formations/RK-F4/ranking", new StringContent("R1,1\n", Encoding.UTF8, "text/csv"))).StatusCode);
        var snapshot = await Node.Grains.GetGrain<IFormationGrain>("RK-F4").GetSnapshot();
        Assert.All(snapshot.Applications, a => Assert.Null(a.Rank));
    }
}

/// <summary>Rankings taking effect at the opening round, then the operator's clock, on a node of their own (the clock is the silo's).</summary>
public sealed class RankingToClockApiTests
{
    [Fact]
    public async Task Csv_and_json_rankings_decide_the_opening_round_then_the_operator_moves_the_clock_past_deadlines()
    {
        await using var node = await ApiNode.StartSiloAsync();
        var campaign = await new TinyCampaign(node).OpenAsync();
        await campaign.FormationAsync("RC-F1", "Université A", 1);
        await campaign.FormationAsync("RC-F2", "Université A", 1);
        foreach (var c in new[] { "Q1", "Q2", "Q3" }) await campaign.ApplyAsync(c, "RC-F1", "RC-F2");
        await campaign.ToRankingAsync();

        using var establishment = await node.ClientAsync("establishment", "Université A");
        var csv = "candidate,rank\r\nQ2,2\r\nQ3,1\r\nQ1,not-retained\r\n";
        Assert.Equal(HttpStatusCode.NoContent, (await establishment.PutAsync("/api/formations/RC-F1/ranking", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await establishment.PutAsJsonAsync("/api/formations/RC-F2/ranking", new { ranked = new[] { "Q3", "Q1" }, notRetained = new[] { "Q2" } })).StatusCode);

        using var ops = await node.ClientAsync("operator", "ops");
        await (await ops.PostAsJsonAsync("/api/campaigns/2025/clock", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await ops.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = "2025-01-01T00:00:00+01:00" })).AssertProblemAsync(HttpStatusCode.Conflict, "clock-backwards");
        var moved = await ops.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = "2025-06-02T09:00:00+02:00" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await campaign.Deliveries.WhenIdle();

        using var q1 = await node.ClientAsync("candidate", "Q1");
        using var q2 = await node.ClientAsync("candidate", "Q2");
        using var q3 = await node.ClientAsync("candidate", "Q3");
        var (a1, a2, a3) = (await q1.ApplicationsAsync("Q1"), await q2.ApplicationsAsync("Q2"), await q3.ApplicationsAsync("Q3"));
        Assert.Equal((ApplicationStatus.Offer, ApplicationStatus.Offer), (a3.At("RC-F1").Status, a3.At("RC-F2").Status));
        Assert.Equal((ApplicationStatus.Waitlisted, (int?)1, ApplicationStatus.NotRetained), (a2.At("RC-F1").Status, a2.At("RC-F1").Position, a2.At("RC-F2").Status));
        Assert.Equal((ApplicationStatus.NotRetained, ApplicationStatus.Waitlisted, (int?)1), (a1.At("RC-F1").Status, a1.At("RC-F2").Status, a1.At("RC-F2").Position));

        // Past Q3's deadline (5 June 23:59:59): the sweep expires both offers and passes the places on.
        Assert.Equal(HttpStatusCode.OK, (await ops.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = "2025-06-06T00:30:00+02:00" })).StatusCode);
        await campaign.Deliveries.WhenIdle();
        await (await q3.PostAsJsonAsync("/api/candidates/Q3/offers/RC-F1/accept", new { mode = "definitive" })).AssertProblemAsync(HttpStatusCode.Conflict, "offer-expired");
        Assert.Equal(ApplicationStatus.Expired, (await q3.ApplicationsAsync("Q3")).At("RC-F1").Status);
        Assert.Equal(ApplicationStatus.Offer, (await q2.ApplicationsAsync("Q2")).At("RC-F1").Status);
    }

    [Fact]
    public async Task Outside_demo_mode_there_are_no_dev_tokens_and_a_real_time_clock_does_not_move()
    {
        await using var node = await ApiNode.StartSiloAsync("--MonMaster:Demo=false");
        await (await node.Http.PostAsJsonAsync("/api/dev/tokens", new { role = "operator", subject = "ops" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");

        var campaign = node.Grains.GetGrain<ICampaignGrain>(TinyCampaign.Year);
        await campaign.Configure(new CampaignSettings(OfferRelease.Daily, VirtualClock: false, VirtualStart: null));
        await campaign.AddFormation(new MonMaster.Admission.FormationInfo("RT-F1", TinyCampaign.Year, "Université A", "Droit", "P", MonMaster.Admission.Track.Classic, 3));
        using var ops = new HttpClient { BaseAddress = node.Address };
        ops.DefaultRequestHeaders.Authorization = new("Bearer", node.Services.GetRequiredService<TokenIssuer>().Issue("operator", "ops"));
        await (await ops.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = "2099-06-02T09:00:00+02:00" })).AssertProblemAsync(HttpStatusCode.Conflict, "not-virtual-clock");
        Assert.False((await campaign.GetView()).VirtualClock);
        Assert.True((await campaign.GetView()).Now < new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
