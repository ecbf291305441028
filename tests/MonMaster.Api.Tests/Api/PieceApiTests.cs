using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MonMaster.Pieces;
using MonMaster.Tests.Admission;

namespace MonMaster.Tests.Api;

/// <summary>The pieces of a candidate file through the API: PC1 applied to Université A's PI-F1; Université B has nothing of PC1.</summary>
public sealed class PieceApiTests(ApplicationPhaseNode fixture) : IClassFixture<ApplicationPhaseNode>
{
    private ApiNode Node => fixture.Node;

    private static MultipartFormDataContent Form(string fileName, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private async Task<HttpClient> CandidateAsync(string id, params string[] formations)
    {
        var client = await Node.ClientAsync("candidate", id);
        await client.PutAsJsonAsync($"/api/candidates/{id}", new { });
        foreach (var formation in formations) await client.PostAsJsonAsync($"/api/candidates/{id}/applications", new { formationId = formation });
        return client;
    }

    [Fact]
    public async Task Real_files_of_each_kind_are_stored_with_their_checksum_and_served_back_unchanged()
    {
        using var client = await CandidateAsync("PC1", "AP-F1");
        foreach (var (kind, file) in new[] { ("cover-letter", "lettre-de-motivation.pdf"), ("transcript", "releve-de-notes.png"), ("cv", "photo-identite.jpg") })
        {
            var bytes = TestPieces.Real(file);
            var response = await client.PutAsync($"/api/candidates/PC1/pieces/{kind}", Form(file, bytes));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var stored = await response.Content.ReadFromJsonAsync<StoredPiece>();
            Assert.Equal((file, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))), (stored!.FileName, stored.Size, stored.Sha256));

            var back = await client.GetAsync($"/api/candidates/PC1/pieces/{kind}");
            Assert.Equal(bytes, await back.Content.ReadAsByteArrayAsync());
            Assert.Equal(UploadRulesFor(file), back.Content.Headers.ContentType?.MediaType);
        }
        var list = await client.GetFromJsonAsync<List<StoredPiece>>("/api/candidates/PC1/pieces");
        Assert.Equal(["cover-letter", "cv", "transcript"], list!.Select(p => p.Kind));
    }

    private static string UploadRulesFor(string file) => MonMaster.Admission.UploadRules.MediaTypeOf(file)!;

    [Fact]
    public async Task A_refused_upload_says_which_rule_it_broke_and_stores_nothing()
    {
        using var client = await CandidateAsync("PC2", "AP-F1");
        var pdf = TestPieces.Real("lettre-de-motivation.pdf");
        await (await client.PutAsync("/api/candidates/PC2/pieces/cv", Form("programme.pdf", TestPieces.Executable())))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file-content-mismatch");
        await (await client.PutAsync("/api/candidates/PC2/pieces/cv", Form("cv.pdf", [.. pdf, .. new byte[2 * 1024 * 1024]])))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file-too-large");
        // Far past the server's limit the answer comes before the body is read: ask first (Expect: 100-continue), as a
        // client that may not write the whole body must, or the refusal races a broken pipe.
        using var enormous = new HttpRequestMessage(HttpMethod.Put, "/api/candidates/PC2/pieces/cv") { Content = Form("enorme.pdf", [.. pdf, .. new byte[5 * 1024 * 1024]]) };
        enormous.Headers.ExpectContinue = true;
        await (await client.SendAsync(enormous)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file-too-large");
        await (await client.PutAsync("/api/candidates/PC2/pieces/cv", Form("lettre_motivée.pdf", pdf)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "file-name-invalid");
        await (await client.PutAsync("/api/candidates/PC2/pieces/cv", Form("cv.docx", pdf)))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file-type-not-allowed");
        await (await client.PutAsync("/api/candidates/PC2/pieces/horoscope", Form("cv.pdf", pdf)))
            .AssertProblemAsync(HttpStatusCode.NotFound, "unknown-piece");
        await (await client.PutAsync("/api/candidates/PC2/pieces/cv", new MultipartFormDataContent()))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");

        Assert.Empty((await client.GetFromJsonAsync<List<StoredPiece>>("/api/candidates/PC2/pieces"))!);
        await (await client.GetAsync("/api/candidates/PC2/pieces/cv")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown-piece");
    }

    [Fact]
    public async Task Pieces_are_read_by_the_candidate_and_the_establishments_applied_to_only()
    {
        using var owner = await CandidateAsync("PC3", "AP-F1");
        var pdf = TestPieces.Real("lettre-de-motivation.pdf");
        Assert.Equal(HttpStatusCode.Created, (await owner.PutAsync("/api/candidates/PC3/pieces/cover-letter", Form("lettre.pdf", pdf))).StatusCode);

        using var appliedTo = await Node.ClientAsync("establishment", "Université A");
        Assert.Equal(pdf, await appliedTo.GetByteArrayAsync("/api/candidates/PC3/pieces/cover-letter"));
        Assert.Single((await appliedTo.GetFromJsonAsync<List<StoredPiece>>("/api/candidates/PC3/pieces"))!);

        using var other = await Node.ClientAsync("establishment", "Université B");
        await (await other.GetAsync("/api/candidates/PC3/pieces/cover-letter")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync("/api/candidates/PC3/pieces")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var intruder = await CandidateAsync("PC4");
        await (await intruder.GetAsync("/api/candidates/PC3/pieces/cover-letter")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await intruder.PutAsync("/api/candidates/PC3/pieces/cover-letter", Form("faux.pdf", pdf))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var ops = await Node.ClientAsync("operator", "ops");
        await (await ops.GetAsync("/api/candidates/PC3/pieces/cover-letter")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Http.GetAsync("/api/candidates/PC3/pieces/cover-letter")).StatusCode);

        Assert.Equal(pdf, await owner.GetByteArrayAsync("/api/candidates/PC3/pieces/cover-letter"));
    }
}
