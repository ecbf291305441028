using System.Net;
using System.Net.Http.Json;

namespace MonMaster.Tests.Api;

/// <summary>The referral quiz through the API: the rule's answer, and bad answers refused.</summary>
public sealed class ReferralApiTests(ApplicationPhaseNode fixture) : IClassFixture<ApplicationPhaseNode>
{
    private sealed record Result(bool Eligible, List<Unmet> Unmet, DateTimeOffset ReferralOpens, List<string> LicenceYears);
    private sealed record Unmet(string Code, string Message);

    [Fact]
    public async Task A_candidate_checks_eligibility_and_others_may_not()
    {
        using var candidate = await fixture.Node.ClientAsync("candidate", "RQ1");
        var eligible = await (await candidate.PostAsJsonAsync("/api/referrals/eligibility", new
        {
            singleUniversityRegion = false, licenceYear = "2024-2025", offerReceived = false, applications = 6, mentions = 3, establishments = 2,
        })).Content.ReadFromJsonAsync<Result>();
        Assert.True(eligible!.Eligible);
        Assert.Equal(new DateTimeOffset(2025, 7, 18, 0, 0, 0, TimeSpan.FromHours(2)), eligible.ReferralOpens);

        var not = await (await candidate.PostAsJsonAsync("/api/referrals/eligibility", new
        {
            singleUniversityRegion = false, licenceYear = "2020-2021", offerReceived = false, applications = 4, mentions = 2, establishments = 2,
        })).Content.ReadFromJsonAsync<Result>();
        Assert.False(not!.Eligible);
        Assert.Equal(["licence-too-old", "too-few-applications"], not.Unmet.Select(u => u.Code));

        await (await candidate.PostAsJsonAsync("/api/referrals/eligibility", new { singleUniversityRegion = true, licenceYear = "2024/25", offerReceived = false, applications = 2, mentions = 1, establishments = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await candidate.PostAsJsonAsync("/api/referrals/eligibility", new { licenceYear = "2024-2025" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await candidate.PostAsJsonAsync("/api/referrals/eligibility", new { singleUniversityRegion = false, licenceYear = "2024-2025", offerReceived = false, applications = 2, mentions = 3, establishments = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");

        using var establishment = await fixture.Node.ClientAsync("establishment", "Université A");
        await (await establishment.PostAsJsonAsync("/api/referrals/eligibility", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Node.Http.PostAsJsonAsync("/api/referrals/eligibility", new { })).StatusCode);
    }
}
