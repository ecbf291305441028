using System.Net;
using System.Net.Http.Json;
using MonMaster.Admission;

namespace MonMaster.Tests.Api;

/// <summary>A campaign moved to 18 July: candidates who got nothing, and a rector's office.</summary>
public sealed class ReferralNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("RR-F1", "Université A", 1, mention: "Droit");
        await Campaign.FormationAsync("RR-F2", "Université A", 1, mention: "Droit");
        await Campaign.FormationAsync("RR-F3", "Université A", 1, mention: "Économie");
        await Campaign.FormationAsync("RR-F4", "Université B", 1, mention: "Droit");
        await Campaign.FormationAsync("RR-F5", "Université B", 1, mention: "Droit");
        await Campaign.FormationAsync("RR-G1", "Université C", 1, mention: "Droit");
        await Campaign.FormationAsync("RR-G2", "Université C", 2, mention: "Histoire");
        await Campaign.FormationAsync("RR-G3", "Université D", 1, mention: "Droit");
        await Campaign.FormationAsync("RR-G4", "Université D", 0, mention: "Histoire");
        await Campaign.ApplyAsync("RR-C1", "RR-F1", "RR-F2", "RR-F3", "RR-F4", "RR-F5");
        await Campaign.ApplyAsync("RR-C2", "RR-F1");
        // Nobody is ranked: every application is not retained at the opening, and no offer is ever made.
        await Campaign.AdvanceAsync(TinyCampaign.Calendar.WithdrawalsOpen.AddHours(10));
    }
}

/// <summary>Section 7 through the API: filing a referral, the rector's office of the region, its proposals, the candidate's answer.</summary>
public sealed class RectorReferralApiTests(ReferralNode fixture) : IClassFixture<ReferralNode>
{
    private sealed record Referral(string Region, DateTimeOffset FiledAt, List<Proposal> Proposals, int ProposalsOwed);
    private sealed record Proposal(string CandidateId, string FormationId, string Status, DateTimeOffset? Deadline);
    private sealed record Row(string CandidateId, string LicenceYear, List<Proposal> Proposals, int ProposalsOwed);
    private sealed record Place(string Id, int Free);

    private ApiNode Node => fixture.Node;

    [Fact]
    public async Task An_eligible_candidate_refers_and_the_office_of_the_region_makes_proposals_answered_like_offers()
    {
        using var candidate = await Node.ClientAsync("candidate", "RR-C1");
        Assert.Equal(HttpStatusCode.Created, (await candidate.PostAsJsonAsync("/api/candidates/RR-C1/referral", new { region = "Occitanie", licenceYear = "2023-2024" })).StatusCode);
        var referral = await candidate.GetFromJsonAsync<Referral>("/api/candidates/RR-C1/referral");
        Assert.Equal(("Occitanie", 0, 3), (referral!.Region, referral.Proposals.Count, referral.ProposalsOwed));
        await (await candidate.PostAsJsonAsync("/api/candidates/RR-C1/referral", new { region = "Bretagne", licenceYear = "2023-2024" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "already-referred");

        using var rector = await Node.ClientAsync("rector", "Occitanie");
        var rows = await rector.GetFromJsonAsync<List<Row>>("/api/referrals/Occitanie");
        Assert.Equal("RR-C1", Assert.Single(rows!).CandidateId);
        var places = await rector.GetFromJsonAsync<List<Place>>("/api/referrals/Occitanie/places");
        Assert.Contains(places!, p => p.Id == "RR-G2" && p.Free == 2);
        Assert.DoesNotContain(places!, p => p.Id == "RR-G4");

        foreach (var formation in new[] { "RR-G1", "RR-G2", "RR-G3" })
            Assert.Equal(HttpStatusCode.Created, (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C1/proposals", new { formationId = formation })).StatusCode);
        await (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C1/proposals", new { formationId = "RR-G1" })).AssertProblemAsync(HttpStatusCode.Conflict, "duplicate-application");
        await (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C1/proposals", new { formationId = "RR-G4" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no-places");
        await (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C1/proposals", new { formationId = "RR-X" })).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        // The formation's own refusals come first: full RR-G1 is no-places for C2 too; RR-G2 still has a place.
        await (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C2/proposals", new { formationId = "RR-G1" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no-places");
        await (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C2/proposals", new { formationId = "RR-G2" })).AssertProblemAsync(HttpStatusCode.Conflict, "not-referred");
        await (await rector.PostAsJsonAsync("/api/referrals/Occitanie/RR-C1/proposals", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await fixture.Campaign.Deliveries.WhenIdle();

        // The candidate sees three offers with the withdrawal deadline, and answers them like any offer.
        referral = await candidate.GetFromJsonAsync<Referral>("/api/candidates/RR-C1/referral");
        Assert.Equal(["RR-G1", "RR-G2", "RR-G3"], referral!.Proposals.Select(p => p.FormationId));
        Assert.All(referral.Proposals, p => Assert.Equal(("offer", TinyCampaign.Calendar.OfferDeadline(TinyCampaign.Calendar.WithdrawalsOpen)), (p.Status, p.Deadline!.Value)));
        await (await candidate.PostAsJsonAsync("/api/candidates/RR-C1/offers/RR-G2/accept", new { mode = "provisional" })).AssertProblemAsync(HttpStatusCode.Conflict, "provisional-not-allowed");
        Assert.Equal(HttpStatusCode.OK, (await candidate.PostAsJsonAsync("/api/candidates/RR-C1/offers/RR-G2/accept", new { mode = "definitive" })).StatusCode);
        await fixture.Campaign.Deliveries.WhenIdle();

        var row = Assert.Single((await rector.GetFromJsonAsync<List<Row>>("/api/referrals/Occitanie"))!);
        Assert.Equal(["released", "accepted-definitive", "released"], row.Proposals.Select(p => p.Status));
    }

    [Fact]
    public async Task A_candidate_who_does_not_meet_the_criteria_is_told_which_and_nothing_is_filed()
    {
        using var candidate = await Node.ClientAsync("candidate", "RR-C2");
        var refused = await candidate.PostAsJsonAsync("/api/candidates/RR-C2/referral", new { region = "Occitanie", licenceYear = "2024-2025" });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict, "not-eligible-for-referral");
        Assert.Equal(["too-few-applications", "too-few-mentions", "too-few-establishments"],
            problem.GetProperty("unmet").EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        await (await candidate.GetAsync("/api/candidates/RR-C2/referral")).AssertProblemAsync(HttpStatusCode.NotFound, "not-referred");
        await (await candidate.PostAsJsonAsync("/api/candidates/RR-C2/referral", new { region = "Occitanie", licenceYear = "2024" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await candidate.PostAsJsonAsync("/api/candidates/RR-C1/referral", new { region = "Occitanie", licenceYear = "2024-2025" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_rector_office_sees_only_its_own_region()
    {
        using var other = await Node.ClientAsync("rector", "Bretagne");
        await (await other.GetAsync("/api/referrals/Occitanie")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await other.PostAsJsonAsync("/api/referrals/Occitanie/RR-C1/proposals", new { formationId = "RR-G1" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var operatorClient = await Node.ClientAsync("operator", "Opérateur national");
        await (await operatorClient.GetAsync("/api/referrals/Occitanie")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty((await other.GetFromJsonAsync<List<Row>>("/api/referrals/Bretagne"))!);
    }
}
