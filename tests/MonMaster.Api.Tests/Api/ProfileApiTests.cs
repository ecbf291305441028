using System.Net;
using System.Net.Http.Json;

namespace MonMaster.Tests.Api;

/// <summary>Section 2: the candidate file common to all applications, read back by the candidate and the establishments applied to.</summary>
public sealed class ProfileApiTests(ApplicationPhaseNode fixture) : IClassFixture<ApplicationPhaseNode>
{
    private static object Profile(string email = "camille.martin@example.fr", string lastName = "Martin") => new
    {
        identity = new { lastName, firstName = "Camille", birthDate = "2002-04-17", nationality = "française" },
        contact = new { email, phone = "+33 6 12 34 56 78", address = "12 rue des Écoles, 31000 Toulouse" },
        lastDiploma = new { type = "Licence", mention = "Informatique", year = 2024, establishment = "Université de Toulouse", academie = "Toulouse" },
        cursus = new[] { new { year = 2021, label = "L1 Informatique", establishment = "Université de Toulouse" } },
        baccalaureat = new { series = "Générale : mathématiques, NSI", year = 2021, honours = "Bien" },
        experiences = new[] { new { kind = "internship", title = "Stage développement", organisation = "Airbus", from = "2024-04-01", to = "2024-06-30" } },
    };

    private sealed record Saved(Identity Identity, ContactInfo Contact);
    private sealed record Identity(string LastName, string FirstName);
    private sealed record ContactInfo(string Email);

    [Fact]
    public async Task A_candidate_fills_their_file_and_the_establishment_applied_to_reads_it()
    {
        await fixture.Campaign.ApplyAsync("PR-C1", "AP-F1");
        using var candidate = await fixture.Node.ClientAsync("candidate", "PR-C1");
        await (await candidate.GetAsync("/api/candidates/PR-C1/profile")).AssertProblemAsync(HttpStatusCode.NotFound, "no-profile");
        Assert.Equal(HttpStatusCode.NoContent, (await candidate.PutAsJsonAsync("/api/candidates/PR-C1/profile", Profile())).StatusCode);

        // A wrong file says every problem, and the saved one stays.
        var refused = await candidate.PutAsJsonAsync("/api/candidates/PR-C1/profile", Profile(email: "pas-une-adresse", lastName: ""));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid-profile");
        Assert.Equal(2, problem.GetProperty("problems").GetArrayLength());
        Assert.Equal("camille.martin@example.fr", (await candidate.GetFromJsonAsync<Saved>("/api/candidates/PR-C1/profile"))!.Contact.Email);

        using var applied = await fixture.Node.ClientAsync("establishment", "Université A");
        Assert.Equal("Martin", (await applied.GetFromJsonAsync<Saved>("/api/candidates/PR-C1/profile"))!.Identity.LastName);
        using var notApplied = await fixture.Node.ClientAsync("establishment", "Université B");
        await (await notApplied.GetAsync("/api/candidates/PR-C1/profile")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var another = await fixture.Node.ClientAsync("candidate", "PR-C2");
        await (await another.GetAsync("/api/candidates/PR-C1/profile")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await another.PutAsJsonAsync("/api/candidates/PR-C1/profile", Profile())).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
