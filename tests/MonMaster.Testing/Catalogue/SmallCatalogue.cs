using MonMaster.Catalogue;

namespace MonMaster.Tests.Catalogue;

/// <summary>
/// Twelve formations whose answers to each filter are known by hand; every search backend must give them.
/// T08 is taught 9.9 km north of Lyon's centre and T09 10.1 km north (on the mean Earth radius): the edges of the
/// default 10 km radius around Lyon.
/// </summary>
public static class SmallCatalogue
{
    public const int Year = 2025;
    private const double KmPerDegreeOfLatitude = Distance.EarthRadiusKm * Math.PI / 180;

    public static readonly Commune Lyon = new("69123", "Lyon", "69", "84", 519127, ["69001"], 45.7578, 4.8320);
    public static readonly Commune Villeurbanne = new("69266", "Villeurbanne", "69", "84", 156928, ["69100"], 45.7719, 4.8902);
    public static readonly Commune Marseille = new("13055", "Marseille", "13", "93", 873076, ["13001"], 43.2965, 5.3698);
    public static readonly Commune Aix = new("13001", "Aix-en-Provence", "13", "93", 147478, ["13090"], 43.5297, 5.4474);
    public static readonly Commune Paris = new("75056", "Paris", "75", "11", 2133111, ["75001"], 48.8566, 2.3522);
    public static readonly Commune Bordeaux = new("33063", "Bordeaux", "33", "75", 261804, ["33000"], 44.8378, -0.5792);
    public static readonly Commune Strasbourg = new("67482", "Strasbourg", "67", "44", 291313, ["67000"], 48.5734, 7.7521);
    public static readonly Commune Rillieux = new("69286", "Rillieux-la-Pape", "69", "84", 31000, ["69140"], 45.8214, 4.8983);
    public static readonly Commune Sathonay = new("69292", "Sathonay-Village", "69", "84", 2400, ["69580"], 45.8336, 4.8775);

    public static readonly Geography Geography = new(
        [new("11", "Île-de-France"), new("44", "Grand Est"), new("75", "Nouvelle-Aquitaine"), new("84", "Auvergne-Rhône-Alpes"), new("93", "Provence-Alpes-Côte d'Azur")],
        [new("13", "Bouches-du-Rhône", "93", "02"), new("33", "Gironde", "75", "04"), new("67", "Bas-Rhin", "44", "15"),
         new("69", "Rhône", "84", "10"), new("75", "Paris", "11", "01")],
        [new("01", "Paris", "11"), new("02", "Aix-Marseille", "93"), new("04", "Bordeaux", "75"), new("10", "Lyon", "84"), new("15", "Strasbourg", "44")],
        [Lyon, Villeurbanne, Marseille, Aix, Paris, Bordeaux, Strasbourg, Rillieux, Sathonay]);

    /// <summary>A place at the commune's centre.</summary>
    private static Place At(Commune c, string academie) =>
        new($"Campus de {c.Name}", "1 rue de l'Université", c.PostalCodes[0], c.Code, c.Name, c.DepartementCode, c.RegionCode, academie, c.Latitude, c.Longitude);

    /// <summary>A place <paramref name="km"/> due north of Lyon's centre, in another commune.</summary>
    private static Place NorthOfLyon(Commune c, double km) =>
        new($"Campus nord ({km} km)", "2 chemin du Campus", c.PostalCodes[0], c.Code, c.Name, c.DepartementCode, c.RegionCode, "10",
            Lyon.Latitude + km / KmPerDegreeOfLatitude, Lyon.Longitude);

    private static CatalogueFormation F(string id, string establishment, string domain, string mention, string? parcours, Modality[] modalities,
        Place place, string[] licences, string[]? keywords = null, bool via = true, int capacity = 20, double? accessRate = 0.5) => new()
    {
        Id = id, Year = Year, Establishment = establishment, Domain = domain, Mention = mention, Parcours = parcours,
        Modalities = modalities, Capacity = capacity, ViaPlatform = via, Place = place, RecommendedLicences = licences,
        Keywords = keywords ?? [],
        Previous = accessRate is { } rate ? new PreviousYear(Year - 1, 200, (int)(rate * 200), rate) : null,
    };

    private const string Deg = "Droit, économie, gestion";
    private const string Shs = "Sciences humaines et sociales";
    private const string Sts = "Sciences, technologies, santé";
    private const string All = "Arts, lettres, langues";

    public static readonly IReadOnlyList<CatalogueFormation> Formations =
    [
        F("T01", "Université de Lyon", Deg, "Économie appliquée", "Économie du développement", [Modality.Initial], At(Lyon, "10"), ["Économie", "Économie et gestion"], ["développement durable"], capacity: 30, accessRate: 0.40),
        F("T02", "Université de Lyon", Shs, "Psychologie", "Psychologie clinique", [Modality.Initial, Modality.Continuing], At(Villeurbanne, "10"), ["Psychologie"], capacity: 25, accessRate: 0.08),
        F("T03", "Aix-Marseille Université", Shs, "Psychologie", "Neuropsychologie", [Modality.Initial], At(Aix, "02"), ["Psychologie"], capacity: 20, accessRate: 0.12),
        F("T04", "Aix-Marseille Université", Deg, "Droit des affaires", "Droit fiscal", [Modality.Apprenticeship, Modality.ProfessionalisationContract], At(Marseille, "02"), ["Droit"], capacity: 15, accessRate: 0.30),
        F("T05", "Sorbonne Université", Sts, "Informatique", "Intelligence artificielle", [Modality.Initial, Modality.Apprenticeship], At(Paris, "01"), ["Informatique", "Mathématiques"], ["apprentissage automatique"], capacity: 40, accessRate: 0.05),
        F("T06", "Sorbonne Université", Sts, "Mathématiques et applications", "Statistique", [Modality.Initial], At(Paris, "01"), ["Mathématiques"], capacity: 35, accessRate: 0.60),
        F("T07", "Université de Bordeaux", Deg, "Économie de l'entreprise et des marchés", null, [Modality.Continuing], At(Bordeaux, "04"), ["Économie"], via: false, capacity: 18, accessRate: null),
        F("T08", "Université de Lyon", Sts, "Informatique", "Data science", [Modality.Initial], NorthOfLyon(Rillieux, 9.9), ["Informatique"], capacity: 22, accessRate: 0.25),
        F("T09", "Université de Lyon", Sts, "Chimie", "Chimie verte", [Modality.Initial], NorthOfLyon(Sathonay, 10.1), ["Chimie", "Physique, chimie"], capacity: 16, accessRate: 0.70),
        F("T10", "Université de Strasbourg", Shs, "Psychologie", "Psychologie du travail", [Modality.Apprenticeship], At(Strasbourg, "15"), ["Psychologie"], capacity: 12, accessRate: 0.20),
        F("T11", "Université de Bordeaux", Deg, "Droit des affaires", null, [Modality.Initial], At(Bordeaux, "04"), ["Droit"], ["entreprise"], capacity: 50, accessRate: 0.35),
        F("T12", "Sorbonne Université", All, "Lettres", "Littérature française", [Modality.Initial], At(Paris, "01"), ["Lettres"], capacity: 28, accessRate: 0.90),
    ];
}
