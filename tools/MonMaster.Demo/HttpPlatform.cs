using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Catalogue;

namespace MonMaster.Demo;

/// <summary>
/// The demo's way into the public API: demo tokens (<c>POST /api/dev/tokens</c>, which exists only in demo mode) for
/// the operator and for each candidate it acts for, then the same routes the pages use.
/// </summary>
public sealed class HttpPlatform(IReadOnlyList<Uri> nodes, int year) : IDemoPlatform, IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = nodes[0], Timeout = TimeSpan.FromMinutes(2) };
    private readonly ConcurrentDictionary<(string Role, string Subject), Task<string>> tokens = new();

    /// <summary>Waits until the first API node serves requests (its readiness check).</summary>
    public async Task WaitForApiAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready", stopping);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(TimeSpan.FromMilliseconds(500), stopping);
        }
    }

    public async Task LoadCatalogueAsync(IReadOnlyList<CatalogueFormation> formations)
    {
        // A few MB per request: the route takes up to 2,000 sheets at a time.
        foreach (var chunk in formations.Chunk(1000))
        {
            var json = "[" + string.Join(',', chunk.Select(CatalogueJson.Serialize)) + "]";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/catalogue/{year}/formations")
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            await SendAsync(request, "operator", "demo");
        }
    }

    public async Task UploadPieceAsync(string candidateId, string kind)
    {
        using var request = Upload(HttpMethod.Put, $"/api/candidates/{Uri.EscapeDataString(candidateId)}/pieces/{kind}", $"{kind}-{candidateId}.pdf",
            $"{PieceKinds.All.GetValueOrDefault(kind, kind)} - {candidateId} (demonstration)");
        await SendAsync(request, "candidate", candidateId);
    }

    public async Task<bool> UploadContractAsync(string candidateId, string formationId)
    {
        using var request = Upload(HttpMethod.Put, $"/api/candidates/{Uri.EscapeDataString(candidateId)}/contracts/{Uri.EscapeDataString(formationId)}",
            $"contrat-alternance-{candidateId}-{formationId}.pdf", $"Contrat d'alternance - {candidateId} - {formationId} (demonstration)");
        using var response = await SendAsync(request, "candidate", candidateId, refusedIsAnswer: true);
        return response.IsSuccessStatusCode;
    }

    public async Task AnnounceAsync(DemoState state, string message)
    {
        // Every node keeps what its home page shows.
        foreach (var node in nodes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(node, "/api/dev/demo"))
            {
                Content = JsonContent.Create(new { state = state.ToString().ToLowerInvariant(), message }),
            };
            await SendAsync(request, "operator", "demo");
        }
    }

    private static HttpRequestMessage Upload(HttpMethod method, string path, string fileName, string text)
    {
        var file = new ByteArrayContent(Pdf(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new HttpRequestMessage(method, path) { Content = new MultipartFormDataContent { { file, "file", fileName } } };
    }

    /// <summary>Sends with the subject's token; a refused request is an error unless the caller reads the answer.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string role, string subject, bool refusedIsAnswer = false)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role, subject));
        var response = await http.SendAsync(request);
        if (response.IsSuccessStatusCode || (refusedIsAnswer && response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity))
            return response;
        var body = await response.Content.ReadAsStringAsync();
        response.Dispose();
        throw new HttpRequestException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {body}");
    }

    private Task<string> TokenAsync(string role, string subject) => tokens.GetOrAdd((role, subject), async key =>
    {
        using var response = await http.PostAsJsonAsync("/api/dev/tokens", new { role = key.Role, subject = key.Subject });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    });

    public void Dispose() => http.Dispose();

    /// <summary>A valid one-page PDF 1.4 showing one line of text (Latin-1, Helvetica).</summary>
    public static byte[] Pdf(string text)
    {
        var escaped = text.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
        var stream = $"BT /F1 14 Tf 56 780 Td ({escaped}) Tj ET";
        var latin1 = Encoding.Latin1;
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Length {latin1.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return latin1.GetBytes(pdf.ToString());
    }
}
