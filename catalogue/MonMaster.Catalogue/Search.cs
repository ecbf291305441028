namespace MonMaster.Catalogue;

public enum SearchSort { Relevance, Mention, Establishment, CapacityDesc, AccessRateDesc, Distance }

/// <summary>
/// The brochure's filters, one by one. Within a filter, values are alternatives (OR); filters combine with AND.
/// Geography is one filter: a formation matches when it is in one of <see cref="Regions"/>, one of
/// <see cref="Departements"/>, taught in one of <see cref="TaughtIn"/>, or within <see cref="RadiusKm"/> of one of
/// <see cref="Communes"/>.
/// </summary>
public sealed record SearchQuery
{
    /// <summary>Free text over mention, parcours, establishment and keywords (accent- and case-insensitive; typo tolerant on words of 5+ letters).</summary>
    public string? Text { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Departements { get; init; } = [];
    /// <summary>INSEE commune codes: centres of the radius.</summary>
    public IReadOnlyList<string> Communes { get; init; } = [];
    public double RadiusKm { get; init; } = 10;
    /// <summary>INSEE commune codes: the formations taught in the commune itself, no radius (what a map marker counts).</summary>
    public IReadOnlyList<string> TaughtIn { get; init; } = [];
    /// <summary>« Mon dernier diplôme »: a licence mention; matches the formations that recommend it.</summary>
    public string? LastDiploma { get; init; }
    public IReadOnlyList<string> Mentions { get; init; } = [];
    public IReadOnlyList<Modality> Modalities { get; init; } = [];
    public IReadOnlyList<string> Parcours { get; init; } = [];
    public IReadOnlyList<string> Establishments { get; init; } = [];
    /// <summary>« Ouvert à la candidature via Mon Master »: only the formations recruiting through the platform.</summary>
    public bool OnlyViaPlatform { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}

/// <summary>A result card (« vignette »).</summary>
public sealed record SearchHit(
    string Id, string Establishment, string Mention, string? Parcours, IReadOnlyList<Modality> Modalities,
    int Capacity, double? AccessRate, string PlaceLabel, string Commune, string DepartementCode, bool ViaPlatform, double? DistanceKm)
{
    public static SearchHit Of(CatalogueFormation f, double? distanceKm) =>
        new(f.Id, f.Establishment, f.Mention, f.Parcours, f.Modalities, f.Capacity, f.Previous?.AccessRate,
            f.Place.Label, f.Place.Commune, f.Place.DepartementCode, f.ViaPlatform, distanceKm);
}

/// <summary>A filter value and how many formations it would give with the other filters as they are.</summary>
public sealed record FacetValue(string Value, string Label, int Count);

/// <summary>Counts next to every filter value; each facet ignores its own filter (so alternatives stay visible).</summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetValue> Regions, IReadOnlyList<FacetValue> Departements, IReadOnlyList<FacetValue> Mentions,
    IReadOnlyList<FacetValue> Modalities, IReadOnlyList<FacetValue> Parcours, IReadOnlyList<FacetValue> Establishments,
    int ViaPlatform);

/// <summary>One marker of the map: the matching formations taught in one commune.</summary>
public sealed record MapPoint(string CommuneCode, string Commune, double Latitude, double Longitude, int Count);

public sealed record SearchResult(int Total, int Page, int PageSize, IReadOnlyList<SearchHit> Hits, SearchFacets Facets, IReadOnlyList<MapPoint> Map);

/// <summary>Runs a search over the catalogue (in memory, or in PostgreSQL).</summary>
public interface ICatalogueSearch
{
    Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellation = default);
}
