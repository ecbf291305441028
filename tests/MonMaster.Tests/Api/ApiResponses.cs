using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MonMaster.Api.Endpoints;

namespace MonMaster.Tests.Api;

public static class ApiResponses
{
    /// <summary>Asserts an RFC 7807 problem with this status and engine code, and a sentence for a person.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        return problem.RootElement.Clone();
    }

    public static async Task<CandidateApplications> ApplicationsAsync(this HttpClient client, string candidateId)
    {
        var response = await client.GetAsync($"/api/candidates/{candidateId}/applications");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CandidateApplications>())!;
    }

    public static CandidateApplication At(this CandidateApplications applications, string formationId) =>
        applications.Applications.Single(a => a.FormationId == formationId);
}
