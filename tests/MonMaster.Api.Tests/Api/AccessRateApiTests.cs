using System.Net;
using System.Net.Http.Json;

namespace MonMaster.Tests.Api;

/// <summary>The access rate is kept with its year when the campaign ends, and served for the sheets of the years after.</summary>
public sealed class AccessRateApiTests : IAsyncLifetime
{
    private ApiNode node = null!;
    private TinyCampaign campaign = null!;
    private sealed record Rate(int Year, double? AccessRate);

    public async Task InitializeAsync()
    {
        node = await ApiNode.StartSiloAsync();
        campaign = await new TinyCampaign(node).OpenAsync();
        await campaign.FormationAsync("AR-F1", "Université A", 1);
        await campaign.ApplyAsync("AR-C1", "AR-F1");
        await campaign.ApplyAsync("AR-C2", "AR-F1");
        await campaign.ApplyAsync("AR-C3", "AR-F1");
        await campaign.ToRankingAsync();
        await campaign.RankAsync("AR-F1", "AR-C1", "AR-C2", "AR-C3");
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task The_rate_of_a_finished_campaign_is_kept_with_its_year()
    {
        await campaign.ToAdmissionAsync();
        using var candidate = await node.ClientAsync("candidate", "AR-C1");
        Assert.Equal(HttpStatusCode.OK, (await candidate.PostAsync("/api/candidates/AR-C1/offers/AR-F1/refuse", null)).StatusCode);
        await campaign.Deliveries.WhenIdle();
        using var second = await node.ClientAsync("candidate", "AR-C2");
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/api/candidates/AR-C2/offers/AR-F1/accept", new { mode = "definitive" })).StatusCode);
        await campaign.Deliveries.WhenIdle();
        // Before the end, nothing is published: the rate moves until the last withdrawal.
        Assert.Empty((await candidate.GetFromJsonAsync<List<Rate>>("/api/formations/AR-F1/access-rates"))!);

        await campaign.AdvanceAsync(TinyCampaign.Calendar.CampaignEnd.AddDays(1));
        // C1 refused, C2 was called at once (immediate release) and took the place: rank 2 of 3 applications.
        var rate = Assert.Single((await candidate.GetFromJsonAsync<List<Rate>>("/api/formations/AR-F1/access-rates"))!);
        Assert.Equal(2025, rate.Year);
        Assert.Equal(2.0 / 3, rate.AccessRate!.Value, 6);
        await (await candidate.GetAsync("/api/formations/AR-X/access-rates")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
    }
}
