using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MonMaster.Admission;
using MonMaster.Pieces;
using MonMaster.Grains;
using MonMaster.Tests.Admission;

namespace MonMaster.Tests.Api;

/// <summary>
/// One node, its campaign on 10 May: the work-study answers are out. Université A's CT-A1 (work-study, 2 places) put
/// CK1…CK5 in contract search and did not retain CK6; CK1 also applied to CT-A2 (classic). Université B's CT-B1
/// (work-study) put CK7 in contract search.
/// </summary>
public sealed class ContractPhaseNode : CampaignNode
{
    protected override async Task SeedAsync()
    {
        await Campaign.FormationAsync("CT-A1", "Université A", 2, track: Track.WorkStudy);
        await Campaign.FormationAsync("CT-A2", "Université A", 1, mention: "Droit");
        await Campaign.FormationAsync("CT-B1", "Université B", 1, track: Track.WorkStudy);
        await Campaign.ApplyAsync("CK1", "CT-A1", "CT-A2");
        for (var i = 2; i <= 6; i++) await Campaign.ApplyAsync($"CK{i}", "CT-A1");
        await Campaign.ApplyAsync("CK7", "CT-B1");
        await Campaign.ToRankingAsync();
        var a1 = Campaign.Grains.GetGrain<IFormationGrain>("CT-A1");
        for (var i = 1; i <= 6; i++) Assert.True((await a1.AnswerWorkStudy($"CK{i}", contractSearch: i <= 5)).Succeeded);
        Assert.True((await Campaign.Grains.GetGrain<IFormationGrain>("CT-B1").AnswerWorkStudy("CK7", true)).Succeeded);
        await Campaign.AdvanceAsync(new DateTimeOffset(2025, 5, 10, 10, 0, 0, TimeSpan.FromHours(2)));
    }
}

public sealed class ContractApiTests(ContractPhaseNode fixture) : IClassFixture<ContractPhaseNode>
{
    private ApiNode Node => fixture.Node;
    private static readonly byte[] Pdf = TestPieces.Real("lettre-de-motivation.pdf");
    private static readonly byte[] Png = TestPieces.Real("releve-de-notes.png");

    [Fact]
    public async Task A_candidate_files_a_contract_that_the_establishment_reads_and_validates()
    {
        using var ck1 = await Node.ClientAsync("candidate", "CK1");
        Assert.Equal((ApplicationStatus.ContractSearch, (ContractState?)null), ((await ck1.ApplicationsAsync("CK1")).At("CT-A1").Status, (await ck1.ApplicationsAsync("CK1")).At("CT-A1").Contract));

        var uploaded = await ck1.PutAsync("/api/candidates/CK1/contracts/CT-A1", ApiResponses.Upload("contrat-alternance.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal("/api/formations/CT-A1/contracts/CK1", uploaded.Headers.Location?.OriginalString);
        var stored = (await uploaded.Content.ReadFromJsonAsync<StoredPiece>())!;
        Assert.Equal(("contrat-alternance.pdf", Pdf.Length, Convert.ToHexStringLower(SHA256.HashData(Pdf))), (stored.FileName, stored.Size, stored.Sha256));
        Assert.Equal(ContractState.Pending, (await ck1.ApplicationsAsync("CK1")).At("CT-A1").Contract);

        // The establishment and the candidate read the very same file; it is not one of the file's pieces.
        using var a = await Node.ClientAsync("establishment", "Université A");
        var served = await a.GetAsync("/api/formations/CT-A1/contracts/CK1");
        Assert.Equal(Pdf, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(("application/pdf", "contrat-alternance.pdf"), (served.Content.Headers.ContentType?.MediaType, served.Content.Headers.ContentDisposition?.FileName));
        Assert.Equal(Pdf, await ck1.GetByteArrayAsync("/api/formations/CT-A1/contracts/CK1"));
        Assert.Empty((await ck1.GetFromJsonAsync<List<StoredPiece>>("/api/candidates/CK1/pieces"))!);
        await (await a.GetAsync("/api/candidates/CK1/pieces/contract-CT-A1")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-piece");
        Assert.Equal(ContractState.Pending, (await a.ApplicantsAsync("CT-A1")).Of("CK1").Contract);
        Assert.Contains("\"contract\":\"pending\"", await a.GetStringAsync("/api/formations/CT-A1/applications"));

        Assert.Equal(HttpStatusCode.NoContent, (await a.PostAsync("/api/formations/CT-A1/contracts/CK1/validate", null)).StatusCode);
        Assert.Equal(ContractState.Validated, (await a.ApplicantsAsync("CT-A1")).Of("CK1").Contract);
        Assert.Equal((ApplicationStatus.ContractSearch, ContractState.Validated), ((await ck1.ApplicationsAsync("CK1")).At("CT-A1").Status, (await ck1.ApplicationsAsync("CK1")).At("CT-A1").Contract));

        // Nothing left to decide; a validated contract is not replaced, and its file stays.
        await (await a.PostAsync("/api/formations/CT-A1/contracts/CK1/validate", null)).AssertProblemAsync(HttpStatusCode.Conflict, "no-contract");
        await (await a.PostAsync("/api/formations/CT-A1/contracts/CK1/refuse", null)).AssertProblemAsync(HttpStatusCode.Conflict, "no-contract");
        await (await ck1.PutAsync("/api/candidates/CK1/contracts/CT-A1", ApiResponses.Upload("autre.png", Png))).AssertProblemAsync(HttpStatusCode.Conflict, "contract-validated");
        Assert.Equal(Pdf, await a.GetByteArrayAsync("/api/formations/CT-A1/contracts/CK1"));
        Assert.Equal(ContractState.Validated, (await ck1.ApplicationsAsync("CK1")).At("CT-A1").Contract);
    }

    [Fact]
    public async Task A_refused_contract_is_replaced_by_a_new_upload()
    {
        using var ck2 = await Node.ClientAsync("candidate", "CK2");
        Assert.Equal(HttpStatusCode.Created, (await ck2.PutAsync("/api/candidates/CK2/contracts/CT-A1", ApiResponses.Upload("contrat.pdf", Pdf))).StatusCode);
        using var a = await Node.ClientAsync("establishment", "Université A");
        Assert.Equal(HttpStatusCode.NoContent, (await a.PostAsync("/api/formations/CT-A1/contracts/CK2/refuse", null)).StatusCode);
        Assert.Equal(ContractState.Refused, (await ck2.ApplicationsAsync("CK2")).At("CT-A1").Contract);

        Assert.Equal(HttpStatusCode.Created, (await ck2.PutAsync("/api/candidates/CK2/contracts/CT-A1", ApiResponses.Upload("contrat-signe.png", Png))).StatusCode);
        Assert.Equal(ContractState.Pending, (await ck2.ApplicationsAsync("CK2")).At("CT-A1").Contract);
        var served = await a.GetAsync("/api/formations/CT-A1/contracts/CK2");
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Refused_uploads_say_why_and_store_nothing()
    {
        using var ck3 = await Node.ClientAsync("candidate", "CK3");
        const string route = "/api/candidates/CK3/contracts/CT-A1";
        await (await ck3.PutAsync(route, ApiResponses.Upload("contrat.pdf", TestPieces.Executable()))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file-content-mismatch");
        await (await ck3.PutAsync(route, ApiResponses.Upload("contrat.pdf", [.. Pdf, .. new byte[2 * 1024 * 1024]]))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file-too-large");
        await (await ck3.PutAsync(route, ApiResponses.Upload("contrat signé.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.BadRequest, "file-name-invalid");
        await (await ck3.PutAsync(route, new MultipartFormDataContent())).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        using var ck4 = await Node.ClientAsync("candidate", "CK4");
        await (await ck4.PutAsync(route, ApiResponses.Upload("contrat.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var a = await Node.ClientAsync("establishment", "Université A");
        await (await a.PutAsync(route, ApiResponses.Upload("contrat.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PutAsync(route, ApiResponses.Upload("contrat.pdf", Pdf))).StatusCode);

        await (await ck3.GetAsync("/api/formations/CT-A1/contracts/CK3")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-contract");
        Assert.Null((await ck3.ApplicationsAsync("CK3")).At("CT-A1").Contract);

        // The engine's refusals: a valid file is not kept either.
        using var ck6 = await Node.ClientAsync("candidate", "CK6");
        await (await ck6.PutAsync("/api/candidates/CK6/contracts/CT-A1", ApiResponses.Upload("contrat.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.Conflict, "not-in-contract-search");
        await (await a.GetAsync("/api/formations/CT-A1/contracts/CK6")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-contract");
        using var ck1 = await Node.ClientAsync("candidate", "CK1");
        await (await ck1.PutAsync("/api/candidates/CK1/contracts/CT-A2", ApiResponses.Upload("contrat.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-work-study");
        await (await ck1.PutAsync("/api/candidates/CK1/contracts/CT-B1", ApiResponses.Upload("contrat.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-an-applicant");
        await (await ck1.PutAsync("/api/candidates/CK1/contracts/NOPE", ApiResponses.Upload("contrat.pdf", Pdf))).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");
        await (await a.GetAsync("/api/formations/CT-A2/contracts/CK1")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-contract");
        Assert.Equal(["CK6"], (await a.ApplicantsAsync("CT-A1")).Applications.Where(x => x.Status == ApplicationStatus.NotRetained).Select(x => x.CandidateId));
    }

    [Fact]
    public async Task Only_the_formations_establishment_decides_and_only_it_and_the_candidate_read_the_contract()
    {
        using var ck4 = await Node.ClientAsync("candidate", "CK4");
        Assert.Equal(HttpStatusCode.Created, (await ck4.PutAsync("/api/candidates/CK4/contracts/CT-A1", ApiResponses.Upload("contrat.pdf", Pdf))).StatusCode);

        using var b = await Node.ClientAsync("establishment", "Université B");
        await (await b.PostAsync("/api/formations/CT-A1/contracts/CK4/validate", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await b.PostAsync("/api/formations/CT-A1/contracts/CK4/refuse", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await ck4.PostAsync("/api/formations/CT-A1/contracts/CK4/validate", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.PostAsync("/api/formations/CT-A1/contracts/CK4/validate", null)).StatusCode);
        await (await b.GetAsync("/api/formations/CT-A1/contracts/CK4")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var ck5 = await Node.ClientAsync("candidate", "CK5");
        await (await ck5.GetAsync("/api/formations/CT-A1/contracts/CK4")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.GetAsync("/api/formations/CT-A1/contracts/CK4")).StatusCode);

        using var a = await Node.ClientAsync("establishment", "Université A");
        await (await a.PostAsync("/api/formations/CT-A1/contracts/CK5/validate", null)).AssertProblemAsync(HttpStatusCode.Conflict, "no-contract");
        await (await a.PostAsync("/api/formations/CT-A1/contracts/NOBODY/validate", null)).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-candidate");
        await (await a.PostAsync("/api/formations/CT-A2/contracts/CK1/validate", null)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-work-study");
        await (await a.PostAsync("/api/formations/CT-A1/contracts/CK7/validate", null)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not-an-applicant");
        await (await a.PostAsync("/api/formations/NOPE/contracts/CK4/validate", null)).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-formation");

        Assert.Equal(ContractState.Pending, (await ck4.ApplicationsAsync("CK4")).At("CT-A1").Contract);
        Assert.Null((await ck5.ApplicationsAsync("CK5")).At("CT-A1").Contract);
        Assert.Equal(Pdf, await a.GetByteArrayAsync("/api/formations/CT-A1/contracts/CK4"));
    }
}
