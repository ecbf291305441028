using System.Text.Json;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Hosting;
using MonMaster.Catalogue;

namespace MonMaster.Api.Endpoints;

public static class CatalogueLoadEndpoints
{
    /// <summary>Sheets one request may load (a few MB).</summary>
    public const int MaxSheets = 2000;

    /// <summary>Operators load the national catalogue of a campaign: the sheets as built, ids kept, a new version replacing an old one.</summary>
    public static void MapCatalogueLoad(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/catalogue/{year:int}/formations", async (int year, HttpRequest request, Publication publication, CancellationToken cancellation) =>
        {
            if (year != publication.Year) return Problems.Of(ApiErrors.UnknownCampaign, $"Ce nœud sert la campagne {publication.Year}, pas {year}.");
            List<CatalogueFormation>? sheets;
            try
            {
                sheets = await JsonSerializer.DeserializeAsync<List<CatalogueFormation>>(request.Body, CatalogueJson.Options, cancellation);
            }
            catch (JsonException e)
            {
                return Problems.Invalid($"Le catalogue n'est pas une liste de fiches lisible : {e.Message}");
            }
            if (sheets is null || sheets.Count == 0) return Problems.Invalid("Envoyez une liste de fiches (au moins une).");
            if (sheets.Count > MaxSheets) return Problems.Invalid($"Au plus {MaxSheets} fiches par envoi ; découpez le catalogue.");
            var wrong = sheets.Where(f => string.IsNullOrWhiteSpace(f.Id) || f.Year != year).Select(f => f.Id).Take(5).ToList();
            if (wrong.Count > 0) return Problems.Invalid($"Chaque fiche a un identifiant et l'année {year} ; ce n'est pas le cas de : {string.Join(", ", wrong)}.");
            await publication.LoadAsync(sheets, cancellation);
            return Results.Ok(new { loaded = sheets.Count });
        }).WithTags("Opérateurs").RequireAuthorization(Access.Operator)
          .WithSummary("Charge des fiches du catalogue national (identifiants conservés ; une fiche remplace la précédente)");
    }
}
