using MonMaster.Catalogue;

namespace MonMaster.Api.Catalogue;

/// <summary>A zone of the geographic filter: a région, a département or a commune (centre of a radius).</summary>
public sealed record Zone(string Kind, string Code, string Label);

/// <summary>
/// Completes what is typed in the geographic filter. The names are folded once here (the geography never changes),
/// not for every commune on every keystroke.
/// </summary>
public sealed class Zones(Geography geography)
{
    private readonly (Region Region, string Name)[] regions = [.. geography.Regions.Select(r => (r, Fold(r.Name)))];
    private readonly (Departement Departement, string Name)[] departements = [.. geography.Departements.Select(d => (d, Fold(d.Name)))];
    // Biggest first: the first eight that match are the ones shown.
    private readonly (Commune Commune, string Name)[] communes =
        [.. geography.Communes.OrderByDescending(c => c.Population).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c => (c, Fold(c.Name)))];

    /// <summary>Régions, départements, then communes whose name starts with <paramref name="typed"/> (or whose code or postal code it is).</summary>
    public IReadOnlyList<Zone> Find(string? typed)
    {
        var text = Fold(typed ?? "");
        if (text.Length < 2) return [];
        var zones = new List<Zone>();
        zones.AddRange(regions.Where(r => r.Name.StartsWith(text, StringComparison.Ordinal)).Take(3).Select(r => new Zone("region", r.Region.Code, r.Region.Name)));
        zones.AddRange(departements.Where(d => d.Name.StartsWith(text, StringComparison.Ordinal) || d.Departement.Code == text)
            .Take(4).Select(d => new Zone("departement", d.Departement.Code, $"{d.Departement.Name} ({d.Departement.Code})")));
        zones.AddRange(communes.Where(c => c.Name.StartsWith(text, StringComparison.Ordinal) || c.Commune.PostalCodes.Contains(text))
            .Take(8).Select(c => new Zone("commune", c.Commune.Code, $"{c.Commune.Name} ({c.Commune.DepartementCode})")));
        return zones;
    }

    /// <summary>Lower case without accents or hyphens, for matching names as typed.</summary>
    private static string Fold(string text) => CatalogueText.Key(CatalogueText.Fold(text).Replace('-', ' ').Replace('\'', ' '));
}
