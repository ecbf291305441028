using System.Net;
using System.Net.Http.Json;
using MonMaster.Admission;
using MonMaster.Tests.Admission;

namespace MonMaster.Tests.Api;

/// <summary>
/// One node, its campaign in the review phase (1 April), past the close of applications. Université A has WS-A1
/// (work-study, 2 places) and WS-A2 (classic, a cover letter is mandatory); Université B has WS-B1 (work-study).
/// WK1 and WK2 applied to WS-A1 and WS-A2, and only WK1 uploaded a cover letter (through the API, before the close);
/// WK3 and WK5 applied to WS-A1, WK4 to WS-B1.
/// </summary>
public sealed class ReviewPhaseNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("WS-A1", "Université A", 2, track: Track.WorkStudy);
        await Campaign.FormationAsync("WS-A2", "Université A", 2, mention: "Droit", pieces: [new RequiredPiece("cover-letter", Mandatory: true)]);
        await Campaign.FormationAsync("WS-B1", "Université B", 1, track: Track.WorkStudy);
        await Campaign.ApplyAsync("WK1", "WS-A1", "WS-A2");
        await Campaign.ApplyAsync("WK2", "WS-A1", "WS-A2");
        await Campaign.ApplyAsync("WK3", "WS-A1");
        await Campaign.ApplyAsync("WK4", "WS-B1");
        await Campaign.ApplyAsync("WK5", "WS-A1");
        using var wk1 = await Node.ClientAsync("candidate", "WK1");
        var uploaded = await wk1.PutAsync("/api/candidates/WK1/pieces/cover-letter", ApiResponses.Upload("lettre.pdf", TestPieces.Real("lettre-de-motivation.pdf")));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        await Campaign.Deliveries.WhenIdle();
        await Campaign.ToRankingAsync();
    }
}

public sealed class WorkStudyApiTests(ReviewPhaseNode fixture) : IClassFixture<ReviewPhaseNode>
{
    private ApiNode Node => fixture.Node;

    private static object Answer(string answer) => new { answer };

    [Fact]
    public async Task A_piece_uploaded_through_the_API_counts_at_the_close_of_applications()
    {
        using var wk1 = await Node.ClientAsync("candidate", "WK1");
        using var wk2 = await Node.ClientAsync("candidate", "WK2");
        Assert.Equal(ApplicationStatus.Submitted, (await wk1.ApplicationsAsync("WK1")).At("WS-A2").Status);
        Assert.Equal(ApplicationStatus.Incomplete, (await wk2.ApplicationsAsync("WK2")).At("WS-A2").Status);
        using var a = await Node.ClientAsync("establishment", "Université A");
        var applicants = await a.ApplicantsAsync("WS-A2");
        Assert.Equal(("classic", ApplicationStatus.Submitted, ApplicationStatus.Incomplete), (applicants.Track, applicants.Of("WK1").Status, applicants.Of("WK2").Status));
    }

    [Fact]
    public async Task An_establishment_answers_a_work_study_application_and_only_it_sees_the_answer_before_2_May()
    {
        using var a = await Node.ClientAsync("establishment", "Université A");
        Assert.Equal(HttpStatusCode.NoContent, (await a.PutAsJsonAsync("/api/formations/WS-A1/work-study-answers/WK1", Answer("contract-search"))).StatusCode);
        var applicant = (await a.ApplicantsAsync("WS-A1")).Of("WK1");
        Assert.Equal((ApplicationStatus.Submitted, ApplicationStatus.ContractSearch), (applicant.Status, applicant.WorkStudyAnswer));

        // A later answer replaces the earlier one.
        Assert.Equal(HttpStatusCode.NoContent, (await a.PutAsJsonAsync("/api/formations/WS-A1/work-study-answers/WK1", Answer("not-retained"))).StatusCode);
        Assert.Equal(ApplicationStatus.NotRetained, (await a.ApplicantsAsync("WS-A1")).Of("WK1").WorkStudyAnswer);
        Assert.Contains("\"workStudyAnswer\":\"not-retained\"", await a.GetStringAsync("/api/formations/WS-A1/applications"));

        // The candidate sees nothing before 2 May, neither in the REST answer nor in its JSON.
        using var wk1 = await Node.ClientAsync("candidate", "WK1");
        Assert.Equal(ApplicationStatus.Submitted, (await wk1.ApplicationsAsync("WK1")).At("WS-A1").Status);
        Assert.DoesNotContain("not-retained", await wk1.GetStringAsync("/api/candidates/WK1/applications"));
    }

    [Fact]
    public async Task Bad_work_study_answers_are_refused_with_their_code_and_change_nothing()
    {
        using var a = await Node.ClientAsync("establishment", "Université A");
        const string route = "/api/formations/WS-A1/work-study-answers/WK3";
        await (await a.PutAsJsonAsync(route, Answer("maybe"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await a.PutAsJsonAsync(route, new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        await (await a.PutAsJsonAsync("/api/formations/WS-A2/work-study-answers/WK1", Answer("contract-search"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-work-study");
        await (await a.PutAsJsonAsync("/api/formations/WS-A1/work-study-answers/WK4", Answer("contract-search"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-an-applicant");
        await (await a.PutAsJsonAsync("/api/formations/WS-A1/work-study-answers/NOBODY", Answer("contract-search"))).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-candidate");
        await (await a.PutAsJsonAsync("/api/formations/NOPE/work-study-answers/WK3", Answer("contract-search"))).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");

        using var b = await Node.ClientAsync("establishment", "Université B");
        await (await b.PutAsJsonAsync(route, Answer("contract-search"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var wk3 = await Node.ClientAsync("candidate", "WK3");
        await (await wk3.PutAsJsonAsync(route, Answer("contract-search"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PutAsJsonAsync(route, Answer("contract-search"))).StatusCode);

        var applicant = (await a.ApplicantsAsync("WS-A1")).Of("WK3");
        Assert.Equal((ApplicationStatus.Submitted, (ApplicationStatus?)null), (applicant.Status, applicant.WorkStudyAnswer));
        Assert.Null((await b.ApplicantsAsync("WS-B1")).Of("WK4").WorkStudyAnswer);
    }

    [Fact]
    public async Task Only_its_establishment_reads_a_formations_applicants()
    {
        using var a = await Node.ClientAsync("establishment", "Université A");
        var applicants = await a.ApplicantsAsync("WS-A1");
        Assert.Equal("work-study", applicants.Track);
        Assert.Equal(["WK1", "WK2", "WK3", "WK5"], applicants.Applications.Select(x => x.CandidateId));
        using var b = await Node.ClientAsync("establishment", "Université B");
        await (await b.GetAsync("/api/formations/WS-A1/applications")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var wk1 = await Node.ClientAsync("candidate", "WK1");
        await (await wk1.GetAsync("/api/formations/WS-A1/applications")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var ops = await Node.ClientAsync("operator", "ops");
        await (await ops.GetAsync("/api/formations/WS-A1/applications")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await a.GetAsync("/api/formations/NOPE/applications")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.GetAsync("/api/formations/WS-A1/applications")).StatusCode);
    }

    [Fact]
    public async Task Contracts_preferences_and_complementary_places_are_wrong_phase_in_April_and_store_nothing()
    {
        using var a = await Node.ClientAsync("establishment", "Université A");
        Assert.Equal(HttpStatusCode.NoContent, (await a.PutAsJsonAsync("/api/formations/WS-A1/work-study-answers/WK5", Answer("contract-search"))).StatusCode);

        using var wk5 = await Node.ClientAsync("candidate", "WK5");
        var pdf = TestPieces.Real("lettre-de-motivation.pdf");
        await (await wk5.PutAsync("/api/candidates/WK5/contracts/WS-A1", ApiResponses.Upload("contrat.pdf", pdf))).AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");
        await (await wk5.GetAsync("/api/formations/WS-A1/contracts/WK5")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-contract");
        await (await a.GetAsync("/api/formations/WS-A1/contracts/WK5")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-contract");
        await (await a.PostAsync("/api/formations/WS-A1/contracts/WK5/validate", null)).AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");
        await (await a.PutAsJsonAsync("/api/formations/WS-A1/complementary", new { places = 1 })).AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");
        await (await wk5.PutAsJsonAsync("/api/candidates/WK5/preferences", new { formations = new[] { "WS-A1" } })).AssertProblemAsync(HttpStatusCode.Conflict, "wrong-phase");

        var applications = await wk5.ApplicationsAsync("WK5");
        Assert.Equal((ApplicationStatus.Submitted, (ContractState?)null), (applications.At("WS-A1").Status, applications.At("WS-A1").Contract));
        Assert.Null(applications.Preference);
        Assert.Null((await a.ApplicantsAsync("WS-A1")).Of("WK5").Contract);
    }
}
