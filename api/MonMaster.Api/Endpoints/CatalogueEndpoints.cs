using System.Globalization;
using System.Security.Claims;
using System.Text;
using MonMaster.Admission;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Hosting;
using MonMaster.Catalogue;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>A formation's full sheet: the formation, the access rate in one sentence, and the same mention elsewhere.</summary>
public sealed record FormationSheet(
    CatalogueFormation Formation, string RegionName, string DepartementName, string AcademieName,
    string? AccessRateSentence, IReadOnlyList<SearchHit> SameMention);

public sealed record Referentials(
    IReadOnlyList<Region> Regions, IReadOnlyList<Departement> Departements, IReadOnlyList<Academie> Academies,
    IReadOnlyList<string> Licences, IReadOnlyList<string> Mentions, IReadOnlyList<FacetValue> Modalities);

public sealed record ImportResult(IReadOnlyList<string> Created, IReadOnlyList<string> Updated);

/// <summary>Section 1, « s'informer »: the catalogue, its search and sheets (public), establishments' publishing, candidates' favourites.</summary>
public static class CatalogueEndpoints
{
    public static void MapCatalogue(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/catalogue").WithTags("Catalogue").AllowAnonymous();

        open.MapGet("/search", async (HttpRequest request, Publication publication, MemoryCatalogueSearch index, ICatalogueSearch search, CancellationToken cancellation) =>
        {
            // Every fault at once: what does not parse, then what the query's rules refuse.
            var (query, problems) = QueryOf(request.Query);
            problems = [.. problems, .. query.Problems(publication.Geography, index.Index.RecommendsLicence)];
            if (problems.Count > 0) return InvalidSearch(problems);
            return Results.Ok(await search.SearchAsync(query, cancellation));
        }).WithSummary("Recherche de formations : texte libre (mention, parcours, établissement, mots-clés), zone géographique et rayon, dernier diplôme, mentions, modalités, parcours, établissements, « ouvert via Mon Master » ; compteurs par filtre, tri, pages et carte")
          .RequireRateLimiting(Limits.Search);

        open.MapGet("/formations/{id}", (string id, Publication publication) =>
        {
            if (publication.Find(id) is not { } f) return Problems.Of(AdmissionError.UnknownFormation, $"La formation {id} n'est pas au catalogue {publication.Year}.");
            var g = publication.Geography;
            var sameMention = publication.All
                .Where(o => o.Id != f.Id && string.Equals(o.Mention, f.Mention, StringComparison.OrdinalIgnoreCase))
                .OrderBy(o => o.Establishment == f.Establishment ? 0 : 1).ThenBy(o => Distance.Km(f.Place.Latitude, f.Place.Longitude, o.Place.Latitude, o.Place.Longitude))
                .ThenBy(o => o.Id, StringComparer.Ordinal)
                .Take(20).Select(o => HitOf(o, Distance.Km(f.Place.Latitude, f.Place.Longitude, o.Place.Latitude, o.Place.Longitude))).ToList();
            return Results.Ok(new FormationSheet(f,
                g.RegionsByCode.TryGetValue(f.Place.RegionCode, out var r) ? r.Name : f.Place.RegionCode,
                g.DepartementsByCode.TryGetValue(f.Place.DepartementCode, out var d) ? d.Name : f.Place.DepartementCode,
                g.AcademiesByCode.TryGetValue(f.Place.AcademieCode, out var a) ? a.Name : f.Place.AcademieCode,
                AccessRateSentence(f.Previous), sameMention));
        }).WithSummary("La fiche détaillée d'une formation : cette formation, pour candidater, dans la même mention, insertion professionnelle");

        open.MapGet("/zones", (string? q, Zones zones) => Results.Ok(zones.Find(q)))
            .WithSummary("Zones géographiques dont le nom commence par le texte : régions, départements, communes (les plus peuplées d'abord)");

        open.MapGet("/referentials", (Publication publication) =>
        {
            var g = publication.Geography;
            var all = publication.All.ToList();
            return Results.Ok(new Referentials(g.Regions, g.Departements, g.Academies,
                [.. all.SelectMany(f => f.RecommendedLicences).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Create(CultureInfo.InvariantCulture, true))],
                [.. all.Select(f => f.Mention).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Create(CultureInfo.InvariantCulture, true))],
                [.. Enum.GetValues<Modality>().Select(m => new FacetValue(CatalogueIndex.ModalityValue(m), CatalogueIndex.ModalityLabel(m), all.Count(f => f.Modalities.Contains(m))))]));
        }).WithSummary("Régions, départements, académies, mentions de licence (dernier diplôme), mentions de master et modalités d'enseignement");

        // Establishments publish their own formations.
        var own = app.MapGroup("/api/establishments/{establishment}/catalogue").WithTags("Établissements")
            .RequireAuthorization(Access.Establishment).RequireOwnEstablishment();

        own.MapGet("/", (string establishment, Publication publication) => Results.Ok(publication.Of(establishment)))
            .WithSummary("Les formations de mon établissement au catalogue");

        own.MapPost("/", async (string establishment, FormationDraft? draft, Publication publication, CancellationToken cancellation) =>
        {
            if (draft is null) return Problems.Invalid("Envoyez la fiche de la formation (mention, domaine, modalités, capacité, lieu, adresse, code postal, commune…).");
            var result = await publication.PublishAsync(establishment, [(null, draft, "")], cancellation);
            if (result.Problems.Count > 0) return Refused(result);
            var created = result.Published[0];
            return Results.Created($"/api/catalogue/formations/{created.Id}", created);
        }).WithSummary("Publie une nouvelle formation de mon établissement (jusqu'à la clôture des candidatures)").RequireRateLimiting(Limits.Writes);

        own.MapPut("/{id}", async (string establishment, string id, FormationDraft? draft, Publication publication, CancellationToken cancellation) =>
        {
            if (draft is null) return Problems.Invalid("Envoyez la fiche de la formation.");
            if (publication.Find(id) is not { } existing) return Problems.Of(AdmissionError.UnknownFormation, $"La formation {id} n'est pas au catalogue {publication.Year}.");
            if (existing.Establishment != establishment) return Problems.Forbid("Cette formation n'est pas une formation de votre établissement.");
            var result = await publication.PublishAsync(establishment, [(id, draft, "")], cancellation);
            return result.Problems.Count > 0 ? Refused(result) : Results.Ok(result.Published[0]);
        }).WithSummary("Modifie la fiche d'une formation de mon établissement (capacité, modalités et pièces jusqu'à la clôture des candidatures)").RequireRateLimiting(Limits.Writes);

        own.MapPost("/import", async (string establishment, HttpRequest request, Publication publication, CancellationToken cancellation) =>
        {
            if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
                return Problems.Of(ApiErrors.UnsupportedMediaType, "Envoyez le fichier en text/csv (UTF-8, colonnes séparées par « ; »).");
            if (request.ContentLength > MaxImportBytes) return Problems.Invalid($"Le fichier dépasse {MaxImportBytes / 1024 / 1024} Mo.");
            string text;
            using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            {
                var buffer = new char[MaxImportBytes + 1];
                var read = await reader.ReadBlockAsync(buffer, cancellation);
                if (read > MaxImportBytes) return Problems.Invalid($"Le fichier dépasse {MaxImportBytes / 1024 / 1024} Mo.");
                text = new string(buffer, 0, read);
            }
            var (lines, problems) = CatalogueCsv.Parse(text);
            if (problems.Count > 0) return InvalidFormations(problems);
            var ids = lines.Where(l => l.Id is not null).GroupBy(l => l.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (ids.Count > 0) return InvalidFormations([.. ids.Select(id => $"la formation {id} apparaît sur plusieurs lignes.")]);
            var result = await publication.PublishAsync(establishment, [.. lines.Select(l => (l.Id, l.Draft, $"ligne {l.Line} : "))], cancellation);
            if (result.Problems.Count > 0) return Refused(result);
            var updated = lines.Where(l => l.Id is not null).Select(l => l.Id!).ToHashSet();
            return Results.Ok(new ImportResult([.. result.Published.Select(f => f.Id).Where(id => !updated.Contains(id))], [.. updated]));
        }).WithSummary("Importe des formations en CSV (les mêmes champs ; tout ou rien) : une ligne sans id crée, une ligne avec id modifie")
          .Accepts<string>("text/csv").RequireRateLimiting(Limits.Writes);

        own.MapGet("/export", (string establishment, Publication publication) =>
            Results.Text(CatalogueCsv.Write(publication.Of(establishment)), "text/csv; charset=utf-8", Encoding.UTF8))
            .WithSummary("Mes formations en CSV, au format de l'import");

        // Favourites: a candidate's own list.
        var favourites = app.MapGroup("/api/candidates/{id}/favourites").WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile();

        favourites.MapGet("/", async (string id, IGrainFactory grains, Publication publication) =>
            Results.Ok((await grains.GetGrain<IFavouritesGrain>(id).Get()).Select(publication.Find).OfType<CatalogueFormation>().Select(f => HitOf(f, null)).ToList()))
            .WithSummary("Mes formations favorites");

        favourites.MapPut("/{formationId}", async (string id, string formationId, IGrainFactory grains, Publication publication) =>
        {
            if (publication.Find(formationId) is null) return Problems.Of(AdmissionError.UnknownFormation, $"La formation {formationId} n'est pas au catalogue {publication.Year}.");
            return await grains.GetGrain<IFavouritesGrain>(id).Add(formationId)
                ? Results.NoContent()
                : Problems.Of(ApiErrors.FavouritesFull, $"Vous avez déjà {Favourites.Max} favoris : retirez-en un pour en ajouter un autre.");
        }).WithSummary("Ajoute une formation à mes favoris").RequireRateLimiting(Limits.Writes);

        favourites.MapDelete("/{formationId}", async (string id, string formationId, IGrainFactory grains) =>
        {
            await grains.GetGrain<IFavouritesGrain>(id).Remove(formationId);
            return Results.NoContent();
        }).WithSummary("Retire une formation de mes favoris").RequireRateLimiting(Limits.Writes);
    }

    private const int MaxImportBytes = 4 * 1024 * 1024;

    /// <summary>A card with its distance rounded to 100 m, as the sheet shows it.</summary>
    private static SearchHit HitOf(CatalogueFormation f, double? distanceKm) => SearchHit.Of(f, distanceKm is { } d ? Math.Round(d, 1) : null);

    /// <summary>The brochure's definition, with this formation's figures.</summary>
    public static string? AccessRateSentence(PreviousYear? previous) => previous switch
    {
        { AccessRate: { } rate, LastCalledRank: { } rank } =>
            $"Taux d'accès {previous.Year} : {Math.Round(rate * 100)} %. Le dernier candidat appelé était classé {rank}e sur {previous.ConfirmedApplications} candidatures confirmées : plus le taux d'accès est bas, plus l'admission peut être difficile.",
        { } => $"En {previous.Year}, aucun candidat n'a été appelé sur {previous.ConfirmedApplications} candidatures confirmées.",
        null => null,
    };

    private static IResult InvalidSearch(IReadOnlyList<string> problems) => Problems.Listing(ApiErrors.InvalidSearch, problems);

    private static IResult InvalidFormations(IReadOnlyList<string> problems) => Problems.Listing(ApiErrors.InvalidFormation, problems);

    private static IResult Refused(PublishResult result) =>
        Problems.Listing(result.Locked ? ApiErrors.CatalogueLocked : ApiErrors.InvalidFormation, result.Problems);

    /// <summary>
    /// The search's query string: repeated keys for several values (<c>region=84&amp;region=93</c>). A value that does
    /// not parse is a problem and leaves its default in the query, so that the query's own rules still check the rest.
    /// </summary>
    public static (SearchQuery Query, IReadOnlyList<string> Problems) QueryOf(IQueryCollection q)
    {
        var problems = new List<string>();
        string[] Many(string key) => [.. q[key].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())];
        int Int(string key, int fallback)
        {
            if (!q.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v)) return fallback;
            if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
            problems.Add($"« {key} » est un nombre entier.");
            return fallback;
        }
        var radius = new SearchQuery().RadiusKm;
        if (q.TryGetValue("radiusKm", out var r) && !string.IsNullOrWhiteSpace(r))
        {
            if (double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var km)) radius = km;
            else problems.Add("Le rayon (radiusKm) est un nombre de kilomètres, par exemple 10 ou 25.5.");
        }
        var modalities = new List<Modality>();
        foreach (var m in Many("modality"))
        {
            var found = Enum.GetValues<Modality>().Where(x => CatalogueIndex.ModalityValue(x) == m).ToList();
            if (found.Count == 0) problems.Add($"La modalité « {m} » n'existe pas (initial, continuing, apprenticeship, professionalisation-contract).");
            else modalities.Add(found[0]);
        }
        SearchSort sort = SearchSort.Relevance;
        if (q.TryGetValue("sort", out var s) && !string.IsNullOrWhiteSpace(s))
        {
            var found = Enum.GetValues<SearchSort>().Where(x => string.Equals(SortCode(x), s, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count == 0) problems.Add($"Le tri « {s} » n'existe pas ({string.Join(", ", Enum.GetValues<SearchSort>().Select(SortCode))}).");
            else sort = found[0];
        }
        var only = q.TryGetValue("onlyViaPlatform", out var o) && o.ToString() is "true" or "1" or "oui";
        var query = new SearchQuery
        {
            Text = q["text"].ToString() is { Length: > 0 } t ? t : null,
            Regions = Many("region"), Departements = Many("departement"), Communes = Many("commune"), RadiusKm = radius, TaughtIn = Many("taughtIn"),
            LastDiploma = q["lastDiploma"].ToString() is { Length: > 0 } l ? l : null,
            Mentions = Many("mention"), Modalities = modalities, Parcours = Many("parcours"), Establishments = Many("establishment"),
            OnlyViaPlatform = only, Sort = sort, Page = Int("page", 1), PageSize = Int("pageSize", 20),
        };
        return (query, problems);
    }

    public static string SortCode(SearchSort sort) => sort switch
    {
        SearchSort.Relevance => "relevance", SearchSort.Mention => "mention", SearchSort.Establishment => "establishment",
        SearchSort.CapacityDesc => "capacity", SearchSort.AccessRateDesc => "access-rate", _ => "distance",
    };
}
