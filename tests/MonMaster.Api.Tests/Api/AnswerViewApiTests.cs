using System.Net;
using System.Net.Http.Json;
using MonMaster.Admission;
using MonMaster.Api.Endpoints;
using MonMaster.Pieces;
using MonMaster.Tests.Admission;

namespace MonMaster.Tests.Api;

/// <summary>
/// One node, its campaign just past the opening round (2 June, 09:00). A1 has AV-F1's offer and waits first at AV-F2
/// and AV-F3; B1 has AV-F4's, C1 AV-F5's; D2 waits behind D1 at AV-F6.
/// </summary>
public sealed class AnswerViewNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        foreach (var id in new[] { "AV-F1", "AV-F2", "AV-F3", "AV-F4", "AV-F5", "AV-F6" }) await Campaign.FormationAsync(id, "Université A", 1);
        await Campaign.ApplyAsync("A1", "AV-F1", "AV-F2", "AV-F3");
        await Campaign.ApplyAsync("A2", "AV-F2");
        await Campaign.ApplyAsync("A3", "AV-F3");
        await Campaign.ApplyAsync("B1", "AV-F4");
        await Campaign.ApplyAsync("C1", "AV-F5");
        await Campaign.ApplyAsync("D1", "AV-F6");
        await Campaign.ApplyAsync("D2", "AV-F6");
        await Campaign.ToRankingAsync();
        await Campaign.RankAsync("AV-F1", "A1");
        await Campaign.RankAsync("AV-F2", "A2", "A1");
        await Campaign.RankAsync("AV-F3", "A3", "A1");
        await Campaign.RankAsync("AV-F4", "B1");
        await Campaign.RankAsync("AV-F5", "C1");
        await Campaign.RankAsync("AV-F6", "D1", "D2");
        await Campaign.ToAdmissionAsync();
    }
}

/// <summary>
/// Every answer route answers with the candidate's new view (the body of GET …/applications), read once the formations
/// have the answer: a page shows it without reading again. The campaign's year and clock come from GET /api/campaign, and
/// an uploaded piece is dated by that clock.
/// </summary>
public sealed class AnswerViewApiTests(AnswerViewNode fixture) : IClassFixture<AnswerViewNode>
{
    private ApiNode Node => fixture.Node;

    private static async Task<CandidateApplications> ViewOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<CandidateApplications>(body, ApiResponses.Wire)!;
    }

    [Fact]
    public async Task Accepting_answers_with_the_new_view_where_the_waitlists_left_are_already_renounced()
    {
        using var a1 = await Node.ClientAsync("candidate", "A1");
        // No wait for the deliveries here: the answer itself says what the formations now record.
        var view = await ViewOf(await a1.PostAsJsonAsync("/api/candidates/A1/offers/AV-F1/accept", new { mode = "provisional", keepWaitlists = new[] { "AV-F2" } }));
        Assert.Equal(("A1", "AV-F1"), (view.CandidateId, view.Held));
        Assert.Equal((ApplicationStatus.AcceptedProvisional, ApplicationStatus.Waitlisted, ApplicationStatus.Renounced), (view.At("AV-F1").Status, view.At("AV-F2").Status, view.At("AV-F3").Status));
        Assert.Equal(1, view.At("AV-F2").Position);
        Assert.Equal([ApplicationAction.AcceptDefinitive, ApplicationAction.Refuse], view.At("AV-F1").Actions!.Select(a => a.Action));
        // The same body as a read.
        var read = await a1.ApplicationsAsync("A1");
        Assert.Equal(read.Applications.Select(a => (a.FormationId, a.Status, a.Position)), view.Applications.Select(a => (a.FormationId, a.Status, a.Position)));
    }

    [Fact]
    public async Task Refusing_and_renouncing_answer_with_the_new_view_and_errors_stay_problems()
    {
        using var b1 = await Node.ClientAsync("candidate", "B1");
        var refused = await ViewOf(await b1.PostAsync("/api/candidates/B1/offers/AV-F4/refuse", null));
        Assert.Equal((ApplicationStatus.Refused, 0), (refused.At("AV-F4").Status, refused.At("AV-F4").Actions!.Count));
        await (await b1.PostAsync("/api/candidates/B1/offers/AV-F4/refuse", null)).AssertProblemAsync(HttpStatusCode.Conflict, "no-offer");

        using var d2 = await Node.ClientAsync("candidate", "D2");
        var renounced = await ViewOf(await d2.PostAsync("/api/candidates/D2/waitlists/AV-F6/renounce", null));
        Assert.Equal(ApplicationStatus.Renounced, renounced.At("AV-F6").Status);
        await (await d2.PostAsync("/api/candidates/D2/waitlists/AV-F6/renounce", null)).AssertProblemAsync(HttpStatusCode.Conflict, "not-waitlisted");
    }

    [Fact]
    public async Task A_client_that_wants_only_the_acknowledgement_says_so()
    {
        using var c1 = await Node.ClientAsync("candidate", "C1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/candidates/C1/offers/AV-F5/accept") { Content = JsonContent.Create(new { mode = "definitive" }) };
        request.Headers.Add("Prefer", "return=minimal");
        var response = await c1.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("return=minimal", response.Headers.GetValues("Preference-Applied").Single());
        await fixture.Campaign.Deliveries.WhenIdle();
        Assert.Equal(ApplicationStatus.AcceptedDefinitive, (await c1.ApplicationsAsync("C1")).At("AV-F5").Status);
    }

    [Fact]
    public async Task The_current_campaign_gives_its_year_phase_and_clock_to_any_signed_in_user()
    {
        using var candidate = await Node.ClientAsync("candidate", "A3");
        var campaign = await candidate.GetFromJsonAsync<CampaignClockView>("/api/campaign", ApiResponses.Wire);
        var now = (await fixture.Campaign.Campaign.GetView()).Now;
        Assert.Equal((2025, CampaignPhase.MainAdmission, now, true), (campaign!.Year, campaign.Phase, campaign.Now, campaign.VirtualClock));
        await (await Node.Http.GetAsync("/api/campaign")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_piece_is_dated_by_the_campaigns_clock_not_the_servers()
    {
        using var a3 = await Node.ClientAsync("candidate", "A3");
        var now = (await fixture.Campaign.Campaign.GetView()).Now;
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.FromHours(2)), now);
        var response = await a3.PutAsync("/api/candidates/A3/pieces/cv", ApiResponses.Upload("cv.pdf", TestPieces.Real("lettre-de-motivation.pdf")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(now, (await response.Content.ReadFromJsonAsync<StoredPiece>())!.UploadedAt);
        Assert.Equal(now, Assert.Single((await a3.GetFromJsonAsync<List<StoredPiece>>("/api/candidates/A3/pieces"))!).UploadedAt);
    }
}

/// <summary>One node, its campaign (one formation) on 9 June at 16:30.</summary>
public sealed class LateClockNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("LC-F1", "Université A", 1);
        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 6, 9, 16, 30, 0, TimeSpan.FromHours(2)));
    }
}

public sealed class BackwardsClockApiTests(LateClockNode fixture) : IClassFixture<LateClockNode>
{
    [Fact]
    public async Task A_clock_sent_backwards_is_refused_with_its_date_in_French_words()
    {
        using var operatorClient = await fixture.Node.ClientAsync("operator", "Opérateur national");
        var response = await operatorClient.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = TinyCampaign.Calendar.ApplicationCloseWork });
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "clock-backwards");
        Assert.Equal("L'horloge ne recule pas : elle est déjà au lundi 9 juin 2025 à 16:30.", problem.GetProperty("detail").GetString());
        Assert.Equal(new DateTimeOffset(2025, 6, 9, 16, 30, 0, TimeSpan.FromHours(2)), (await fixture.Campaign.Campaign.GetView()).Now);
    }
}
