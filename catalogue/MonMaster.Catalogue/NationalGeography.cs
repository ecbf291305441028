using System.Text.Json;

namespace MonMaster.Catalogue;

public sealed partial class Geography
{
    private const string NationalResource = "MonMaster.Catalogue.geography.json";
    private static readonly Lazy<(Geography Geography, IReadOnlyDictionary<string, string> Sources)> national =
        new(LoadNational, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// France's geography: the 18 regions and 101 départements (metropolitan and overseas), the 30 académies, and the
    /// communes whose centre GeoNames gives (see docs/catalogue.md). Built by scripts/geography.mjs at build time and
    /// embedded in the assembly; loaded once, on first use.
    /// </summary>
    public static Geography National() => national.Value.Geography;

    /// <summary>The versions of the npm packages the national geography was built from.</summary>
    public static IReadOnlyDictionary<string, string> NationalSources => national.Value.Sources;

    private static (Geography, IReadOnlyDictionary<string, string>) LoadNational()
    {
        using var stream = typeof(Geography).Assembly.GetManifestResourceStream(NationalResource)
            ?? throw new InvalidOperationException($"The embedded resource {NationalResource} is missing: the build's MonMasterGeography target did not run.");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        static string S(JsonElement row, int i) => row[i].GetString()!;

        var regions = root.GetProperty("regions").EnumerateArray().Select(r => new Region(S(r, 0), S(r, 1))).ToList();
        var departements = root.GetProperty("departements").EnumerateArray()
            .Select(d => new Departement(S(d, 0), S(d, 1), S(d, 2), S(d, 3))).ToList();
        var academies = root.GetProperty("academies").EnumerateArray().Select(a => new Academie(S(a, 0), S(a, 1), S(a, 2))).ToList();
        var regionOf = departements.ToDictionary(d => d.Code, d => d.RegionCode);
        var communes = root.GetProperty("communes").EnumerateArray().Select(c => new Commune(
            S(c, 0), S(c, 1), S(c, 2), regionOf[S(c, 2)], c[3].GetInt32(),
            [.. c[4].EnumerateArray().Select(p => p.GetString()!)], c[5].GetDouble(), c[6].GetDouble())).ToList();
        var sources = root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (new Geography(regions, departements, academies, communes), sources);
    }
}
