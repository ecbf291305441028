using System.Net;
using System.Net.Http.Json;
using MonMaster.Admission;
using MonMaster.Api.Endpoints;
using MonMaster.Tests.Admission;

namespace MonMaster.Tests.Api;

/// <summary>
/// One node, its campaign in the application phase; the test walks it through the year. P1 applies to OA-F1 (gets the
/// offer), OA-F2 and OA-F3 (waits first on each). R1 gets OA-F4's one place, R2 waits behind. Université W's OA-W1
/// (work-study) receives W1 and W2.
/// </summary>
public sealed class OpenActionsNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("OA-F1", "Université A", 1);
        await Campaign.FormationAsync("OA-F2", "Université A", 1, mention: "Droit");
        await Campaign.FormationAsync("OA-F3", "Université B", 1, mention: "Économie");
        await Campaign.FormationAsync("OA-F4", "Université B", 1, mention: "Chimie");
        await Campaign.FormationAsync("OA-W1", "Université W", 2, mention: "Cybersécurité", track: Track.WorkStudy);
        await Campaign.ApplyAsync("P1", "OA-F1", "OA-F2", "OA-F3");
        await Campaign.ApplyAsync("Q1", "OA-F2");
        await Campaign.ApplyAsync("Q2", "OA-F3");
        await Campaign.ApplyAsync("R1", "OA-F4");
        await Campaign.ApplyAsync("R2", "OA-F4");
        await Campaign.ApplyAsync("W1", "OA-W1");
        await Campaign.ApplyAsync("W2", "OA-W1");
    }
}

/// <summary>
/// What is open now, and until when, comes from the server (the calendar, on the campaign's clock): the pages no longer
/// restate the windows. Each step of the year checks what the candidate or the establishment is offered.
/// </summary>
public sealed class OpenActionsApiTests(OpenActionsNode fixture) : IClassFixture<OpenActionsNode>
{
    private ApiNode Node => fixture.Node;
    private TinyCampaign Campaign => fixture.Campaign;
    private static readonly CampaignCalendar Calendar = TinyCampaign.Calendar;

    private static DateTimeOffset Paris(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2025, month, day, hour, minute, second, CampaignCalendar.Paris.GetUtcOffset(new DateTime(2025, month, day, hour, minute, second)));

    private static IEnumerable<(ApplicationAction, DateTimeOffset)> Open(MonMaster.Api.Endpoints.CandidateApplication application) =>
        application.Actions!.Select(a => (a.Action, a.Until));

    [Fact]
    public async Task Open_actions_follow_the_calendar_through_the_year()
    {
        using var p1 = await Node.ClientAsync("candidate", "P1");
        using var w = await Node.ClientAsync("establishment", "Université W");

        // 18 March: applications are in; nothing to answer yet. The view says at which clock, and when to read it again.
        await Campaign.AdvanceAsync(Paris(3, 18, 10));
        var march = await p1.ApplicationsAsync("P1");
        Assert.Equal(Paris(3, 18, 10), march.Now);
        Assert.All(march.Applications, a => Assert.Empty(a.Actions!));
        Assert.Empty(march.Actions!);
        Assert.Equal(Calendar.RankingOpens, march.RefreshAt);

        // 1 April: the establishment answers work-study applications until 1 May; no contract to decide.
        await Campaign.ToRankingAsync();
        var april = await w.ApplicantsAsync("OA-W1");
        Assert.All(april.Applications, a => Assert.Equal([(ApplicationAction.AnswerWorkStudy, Calendar.WorkStudyAnswersDue)], a.Actions!.Select(x => (x.Action, x.Until))));
        Assert.Equal(HttpStatusCode.NoContent, (await w.PutAsJsonAsync("/api/formations/OA-W1/work-study-answers/W1", new { answer = "contract-search" })).StatusCode);
        await Campaign.RankAsync("OA-F1", "P1");
        await Campaign.RankAsync("OA-F2", "Q1", "P1");
        await Campaign.RankAsync("OA-F3", "Q2", "P1");
        await Campaign.RankAsync("OA-F4", "R1", "R2");

        // 2 May: the answer is out; W1 files a contract, which the establishment then decides, until 31 August.
        await Campaign.AdvanceAsync(Paris(5, 2, 10));
        using var w1 = await Node.ClientAsync("candidate", "W1");
        var search = (await w1.ApplicationsAsync("W1")).At("OA-W1");
        Assert.Equal(ApplicationStatus.ContractSearch, search.Status);
        Assert.Equal([(ApplicationAction.UploadContract, Calendar.CampaignEnd)], Open(search));
        Assert.Empty((await w.ApplicantsAsync("OA-W1")).Of("W1").Actions!);
        Assert.Equal(HttpStatusCode.Created, (await w1.PutAsync("/api/candidates/W1/contracts/OA-W1", ApiResponses.Upload("contrat.pdf", TestPieces.Real("lettre-de-motivation.pdf")))).StatusCode);
        var may = await w.ApplicantsAsync("OA-W1");
        Assert.Equal([(ApplicationAction.DecideContract, Calendar.CampaignEnd)], may.Of("W1").Actions!.Select(x => (x.Action, x.Until)));
        Assert.Empty(may.Of("W2").Actions!);
        Assert.Equal(Paris(5, 2, 10), may.Now);

        // 2 June, after the opening round: the offer is answered until its deadline, provisionally or not; each waitlist
        // can be left. A provisional acceptance lets P1 keep or leave each waitlist.
        await Campaign.ToAdmissionAsync();
        var june = await p1.ApplicationsAsync("P1");
        var deadline = Calendar.OfferDeadline(Calendar.OpeningRound);
        Assert.Equal([(ApplicationAction.AcceptProvisional, deadline), (ApplicationAction.AcceptDefinitive, deadline), (ApplicationAction.Refuse, deadline)], Open(june.At("OA-F1")));
        var provisional = june.At("OA-F1").Actions!.Single(a => a.Action == ApplicationAction.AcceptProvisional);
        Assert.Equal(["OA-F2", "OA-F3"], provisional.MayKeep!);
        Assert.Empty(provisional.AlwaysKept!);
        Assert.Equal([(ApplicationAction.Renounce, Calendar.CampaignEnd)], Open(june.At("OA-F2")));
        Assert.Equal(deadline.AddSeconds(1), june.RefreshAt);

        // Held provisionally, the place is confirmed or given up until the end of 17 July, when it becomes definitive.
        var accepted = await p1.PostAsJsonAsync("/api/candidates/P1/offers/OA-F1/accept", new { mode = "provisional", keepWaitlists = new[] { "OA-F2" } });
        var held = (await accepted.Content.ReadFromJsonAsync<CandidateApplications>(ApiResponses.Wire))!;
        Assert.Equal([(ApplicationAction.AcceptDefinitive, Calendar.ComplementaryEnd), (ApplicationAction.Refuse, Calendar.ComplementaryEnd)], Open(held.At("OA-F1")));
        Assert.Equal((ApplicationStatus.Renounced, 0), (held.At("OA-F3").Status, held.At("OA-F3").Actions!.Count));
        // Q1 takes OA-F2 for good, so P1 keeps waiting there (an offer left unanswered would expire).
        using var q1 = await Node.ClientAsync("candidate", "Q1");
        Assert.Equal(HttpStatusCode.OK, (await q1.PostAsJsonAsync("/api/candidates/Q1/offers/OA-F2/accept", new { mode = "definitive" })).StatusCode);
        using var r1 = await Node.ClientAsync("candidate", "R1");
        Assert.Equal(HttpStatusCode.OK, (await r1.PostAsJsonAsync("/api/candidates/R1/offers/OA-F4/accept", new { mode = "provisional" })).StatusCode);

        // 17 June: the preference order is open until 23 June, with the applications to put in order.
        await Campaign.AdvanceAsync(Paris(6, 17, 10));
        var ranking = (await p1.ApplicationsAsync("P1")).Actions!.Single();
        Assert.Equal((ApplicationAction.RankPreferences, Calendar.ComplementaryApplicationsClose), (ranking.Action, ranking.Until));
        Assert.Equal(["OA-F2"], ranking.Formations!);
        // R1 and R2 give theirs (R2 keeps its waitlist past 24 June).
        Assert.Equal(HttpStatusCode.OK, (await r1.PutAsJsonAsync("/api/candidates/R1/preferences", new { formations = new[] { "OA-F4" } })).StatusCode);
        using var r2 = await Node.ClientAsync("candidate", "R2");
        Assert.Equal(HttpStatusCode.OK, (await r2.PutAsJsonAsync("/api/candidates/R2/preferences", new { formations = new[] { "OA-F4" } })).StatusCode);

        // 17 July: R1 gives the place up; the next morning (withdrawals) R2 is offered it: definitively or not at all.
        await Campaign.AdvanceAsync(Paris(7, 17, 10));
        Assert.Equal(HttpStatusCode.OK, (await r1.PostAsync("/api/candidates/R1/offers/OA-F4/refuse", null)).StatusCode);
        await Campaign.AdvanceAsync(Paris(7, 18, 7));
        var withdrawals = (await r2.ApplicationsAsync("R2")).At("OA-F4");
        var due = Calendar.OfferDeadline(Paris(7, 18, 6));
        Assert.Equal(ApplicationStatus.Offer, withdrawals.Status);
        Assert.Equal([(ApplicationAction.AcceptDefinitive, due), (ApplicationAction.Refuse, due)], Open(withdrawals));

        // P1 gave no order: the place became definitive on 24 June; nothing is left to answer.
        var july = await p1.ApplicationsAsync("P1");
        Assert.Equal(ApplicationStatus.AcceptedDefinitive, july.At("OA-F1").Status);
        Assert.All(july.Applications, a => Assert.Empty(a.Actions!));
        Assert.Empty(july.Actions!);
    }
}
