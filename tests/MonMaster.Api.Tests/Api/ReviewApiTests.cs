using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MonMaster.Api.Live;

namespace MonMaster.Tests.Api;

/// <summary>A campaign in its review phase (10 April): two candidates applied to one formation of Université A.</summary>
public sealed class SectionThreeNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("RV-F1", "Université A", 2);
        await Campaign.FormationAsync("RV-F2", "Université B", 2);
        await Campaign.ApplyAsync("RV-C1", "RV-F1");
        await Campaign.ApplyAsync("RV-C2", "RV-F1");
        await Campaign.AdvanceAsync(Paris(4, 10, 9));
    }

    public static DateTimeOffset Paris(int month, int day, int hour) => new(2025, month, day, hour, 0, 0, TimeSpan.FromHours(2));

}

/// <summary>Section 3 through the API: summons and requests, the candidate's answer until the establishment's date, and the push.</summary>
public sealed class ReviewApiTests(SectionThreeNode fixture) : IClassFixture<SectionThreeNode>
{
    private sealed record Application(string FormationId, string Status, List<Review>? Reviews);
    private sealed record Review(int Id, string Kind, string Message, DateTimeOffset? At, string? Place, string? Link, DateTimeOffset AnswerBy, string? Answer);
    private sealed record ApplicationList(List<Application> Applications);

    private ApiNode Node => fixture.Node;

    private async Task<List<Review>> ReviewsAsync(HttpClient candidate, string id) =>
        (await candidate.GetFromJsonAsync<ApplicationList>($"/api/candidates/{id}/applications"))!.Applications.Single(a => a.FormationId == "RV-F1").Reviews ?? [];

    [Fact]
    public async Task An_establishment_summons_a_candidate_who_sees_it_live_and_answers_until_the_date()
    {
        using var establishment = await Node.ClientAsync("establishment", "Université A");
        using var candidate = await Node.ClientAsync("candidate", "RV-C2");
        await using var hub = await Node.HubAsync("candidate", "candidate", "RV-C2");
        var pushed = new TaskCompletionSource<ApplicationEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<IReadOnlyList<ApplicationEvent>>("Changes", changes =>
        {
            if (changes.FirstOrDefault(c => c.Kind == "review-requested") is { } found) pushed.TrySetResult(found);
        });
        await hub.StartAsync();

        var summons = new { kind = "interview", message = "Entretien avec le jury du master.", at = SectionThreeNode.Paris(4, 20, 10), link = "https://visio.example.fr/jury", answerBy = SectionThreeNode.Paris(4, 18, 23) };
        Assert.Equal(HttpStatusCode.Created, (await establishment.PostAsJsonAsync("/api/formations/RV-F1/applications/RV-C2/reviews", summons)).StatusCode);
        Assert.Equal("RV-F1", (await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10))).FormationId);

        var review = Assert.Single(await ReviewsAsync(candidate, "RV-C2"));
        Assert.Equal(("interview", "https://visio.example.fr/jury", SectionThreeNode.Paris(4, 20, 10)), (review.Kind, review.Link, review.At!.Value));
        Assert.Equal(HttpStatusCode.OK, (await candidate.PostAsJsonAsync($"/api/candidates/RV-C2/applications/RV-F1/reviews/{review.Id}/answer", new { answer = "Je serai présente." })).StatusCode);
        Assert.Equal("Je serai présente.", Assert.Single(await ReviewsAsync(candidate, "RV-C2")).Answer);

        // After the establishment's date the answer is refused and the earlier one stays.
        await fixture.Campaign.AdvanceAsync(SectionThreeNode.Paris(4, 19, 9));
        await (await candidate.PostAsJsonAsync($"/api/candidates/RV-C2/applications/RV-F1/reviews/{review.Id}/answer", new { answer = "Finalement non." }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "review-closed");
        Assert.Equal("Je serai présente.", Assert.Single(await ReviewsAsync(candidate, "RV-C2")).Answer);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_reason_and_change_nothing()
    {
        using var establishment = await Node.ClientAsync("establishment", "Université A");
        using var candidate = await Node.ClientAsync("candidate", "RV-C1");
        const string route = "/api/formations/RV-F1/applications/RV-C1/reviews";
        var answerBy = SectionThreeNode.Paris(5, 20, 23);
        // A summons needs a place or a link; another version needs a known piece; the date must be ahead; a body must say what is asked.
        await (await establishment.PostAsJsonAsync(route, new { kind = "written-exam", message = "Épreuve écrite.", at = SectionThreeNode.Paris(5, 25, 9), answerBy }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-review");
        await (await establishment.PostAsJsonAsync(route, new { kind = "new-version", message = "Une lettre signée.", piece = "lettre", answerBy }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-review");
        await (await establishment.PostAsJsonAsync(route, new { kind = "clarification", message = "Précisez votre stage.", answerBy = SectionThreeNode.Paris(4, 1, 9) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-review");
        await (await establishment.PostAsJsonAsync(route, new { message = "?" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        // Not an applicant there; another establishment's formation; a candidate cannot ask.
        await (await establishment.PostAsJsonAsync("/api/formations/RV-F1/applications/RV-C9/reviews", new { kind = "clarification", message = "Précisez.", answerBy }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-an-applicant");
        using var other = await Node.ClientAsync("establishment", "Université B");
        await (await other.PostAsJsonAsync(route, new { kind = "clarification", message = "Précisez.", answerBy })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await candidate.PostAsJsonAsync(route, new { kind = "clarification", message = "Précisez.", answerBy })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await ReviewsAsync(candidate, "RV-C1"));

        // The candidate answers only their own requests, that exist.
        await (await candidate.PostAsJsonAsync("/api/candidates/RV-C1/applications/RV-F1/reviews/99/answer", new { answer = "?" })).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-review");
        await (await candidate.PostAsJsonAsync("/api/candidates/RV-C2/applications/RV-F1/reviews/1/answer", new { answer = "?" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await candidate.PostAsJsonAsync("/api/candidates/RV-C1/applications/RV-F1/reviews/1/answer", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }
}
