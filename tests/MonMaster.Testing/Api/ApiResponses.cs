using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MonMaster.Api.Endpoints;

namespace MonMaster.Tests.Api;

public static class ApiResponses
{
    /// <summary>
    /// The API's JSON as a client reads it: statuses are kebab-case strings (<c>accepted-provisional</c>); a response
    /// that spelled one otherwise would not read into the API's enums.
    /// </summary>
    public static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

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
        return (await response.Content.ReadFromJsonAsync<CandidateApplications>(Wire))!;
    }

    public static CandidateApplication At(this CandidateApplications applications, string formationId) =>
        applications.Applications.Single(a => a.FormationId == formationId);

    /// <summary>A formation's applicants, as its establishment reads them.</summary>
    public static async Task<FormationApplications> ApplicantsAsync(this HttpClient establishment, string formationId)
    {
        var response = await establishment.GetAsync($"/api/formations/{formationId}/applications");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FormationApplications>(Wire))!;
    }

    public static FormationApplication Of(this FormationApplications applications, string candidateId) =>
        applications.Applications.Single(a => a.CandidateId == candidateId);

    /// <summary>A multipart form with one file in the field « file », as a browser sends it.</summary>
    public static MultipartFormDataContent Upload(string fileName, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
