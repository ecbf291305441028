using System.Globalization;
using System.Text;
using MonMaster.Admission;
using MonMaster.Api.Endpoints;
using MonMaster.Api.Pieces;
using MonMaster.Catalogue;
using MonMaster.Grains;
using MonMaster.Silo;

namespace MonMaster.Api.Hosting;

/// <summary>Seeds and animates the demo campaign in a node that hosts a silo; its candidates' files go to the piece store.</summary>
public sealed class DemoRunner(IServiceProvider services, ApiSettings settings, IPieceStore store) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await Task.Yield();
        var demo = new DemoCampaign(services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<Deliveries>(),
            services.GetRequiredService<ILogger<DemoCampaign>>(), new DemoFiles(store), services.GetRequiredService<ICatalogueStore>())
        {
            Start = settings.DemoStart,
        };
        await demo.RunAsync(TimeSpan.FromSeconds(settings.DemoTickSeconds), stopping);
    }
}

/// <summary>The demo's pieces and contracts: small one-page PDFs that say what they are, stored as an upload would be.</summary>
public sealed class DemoFiles(IPieceStore store) : IDemoFiles
{
    public Task PieceAsync(string candidateId, string kind) =>
        PutAsync(candidateId, kind, $"{kind}-{candidateId}.pdf", $"{PieceKinds.All.GetValueOrDefault(kind, kind)} - {candidateId} (demonstration)");

    public Task ContractAsync(string candidateId, string formationId) =>
        PutAsync(candidateId, ContractEndpoints.KindOf(formationId), $"contrat-alternance-{candidateId}-{formationId}.pdf",
            $"Contrat d'alternance - {candidateId} - {formationId} (demonstration)");

    private Task PutAsync(string candidateId, string kind, string fileName, string text)
    {
        var content = Pdf(text);
        if (UploadRules.Check(fileName, content) is { } error) throw new InvalidOperationException($"Demo file {fileName}: {error.Code()}");
        return store.PutAsync(StoredPiece.Of(candidateId, kind, fileName, "application/pdf", content, DateTimeOffset.UtcNow), content);
    }

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
