namespace MonMaster.Catalogue;

/// <summary>What is wrong with a query before it is run (the API answers 400 with these messages).</summary>
public static class SearchValidation
{
    public const double MaxRadiusKm = 200;
    public const int MaxTextLength = 200;

    /// <summary>
    /// The query's problems in French, every one of them, empty when it can be run as asked. <paramref name="recommendsLicence"/>
    /// tells the last diplomas the catalogue knows (a licence mention some formation recommends). A search still runs a
    /// query with problems: the page is read as at least 1 and the page size clamped to 1–<see cref="CatalogueIndex.MaxPageSize"/>;
    /// unknown codes and diplomas match nothing.
    /// </summary>
    public static IReadOnlyList<string> Problems(this SearchQuery query, Geography geography, Func<string, bool> recommendsLicence)
    {
        var problems = new List<string>();
        if (!(query.RadiusKm > 0 && query.RadiusKm <= MaxRadiusKm))
            problems.Add($"Le périmètre doit être supérieur à 0 km et d'au plus {MaxRadiusKm:0} km.");
        if (query.Page < 1) problems.Add("Le numéro de page doit être au moins 1.");
        if (query.PageSize < 1 || query.PageSize > CatalogueIndex.MaxPageSize)
            problems.Add($"Le nombre de résultats par page doit être compris entre 1 et {CatalogueIndex.MaxPageSize}.");
        if (query.Text is { Length: > MaxTextLength })
            problems.Add($"La recherche ne doit pas dépasser {MaxTextLength} caractères.");
        foreach (var code in query.Regions)
            if (!geography.RegionsByCode.ContainsKey(code)) problems.Add($"Région inconnue : « {code} ».");
        foreach (var code in query.Departements)
            if (!geography.DepartementsByCode.ContainsKey(code)) problems.Add($"Département inconnu : « {code} ».");
        foreach (var code in query.Communes.Concat(query.TaughtIn))
            if (!geography.CommunesByCode.ContainsKey(code)) problems.Add($"Commune inconnue : « {code} ».");
        if (!string.IsNullOrWhiteSpace(query.LastDiploma) && !recommendsLicence(query.LastDiploma))
            problems.Add($"Dernier diplôme inconnu : « {query.LastDiploma.Trim()} » n'est une mention de licence conseillée par aucune formation (voyez les mentions de licence de /api/catalogue/referentials).");
        return problems;
    }
}
