using System.Net.Mail;
using MonMaster.Admission;

namespace MonMaster.Catalogue;

/// <summary>
/// What an establishment writes of one of its formations (API body, or one CSV line). The platform adds the rest: the
/// id, the year, the establishment (from the token), the coordinates and région of the commune, last year's figures
/// and the insertion surveys.
/// </summary>
public sealed record FormationDraft
{
    public string? Mention { get; init; }
    public string? Parcours { get; init; }
    public string? Domain { get; init; }
    public IReadOnlyList<Modality>? Modalities { get; init; }
    public int? Capacity { get; init; }
    public bool? ViaPlatform { get; init; }
    public string? PlaceLabel { get; init; }
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    /// <summary>INSEE code of the commune where it is taught.</summary>
    public string? CommuneCode { get; init; }
    public IReadOnlyList<Contact>? Contacts { get; init; }
    public string? Website { get; init; }
    public string? Rncp { get; init; }
    public IReadOnlyList<string>? Languages { get; init; }
    public IReadOnlyList<string>? RecommendedLicences { get; init; }
    public IReadOnlyList<string>? Expectations { get; init; }
    public IReadOnlyList<string>? Criteria { get; init; }
    public IReadOnlyList<ApplicationModality>? ApplicationModalities { get; init; }
    public IReadOnlyList<RequiredPiece>? Pieces { get; init; }
    public IReadOnlyList<string>? Keywords { get; init; }
    public IReadOnlyList<string>? M2Parcours { get; init; }

    public const int MaxCapacity = 2000;
    private const int MaxText = 200;
    private const int MaxLongText = 2000;
    private const int MaxItems = 30;

    /// <summary>
    /// The formation this draft describes, or every problem with it (in French). <paramref name="existing"/>, when editing,
    /// gives what the platform keeps (previous year, insertion) and what cannot change (establishment, mention,
    /// recruitment through the platform).
    /// </summary>
    public (CatalogueFormation? Formation, IReadOnlyList<string> Problems) ToFormation(
        string id, int year, string establishment, Geography geography, CatalogueFormation? existing = null)
    {
        var problems = new List<string>();
        string? Text(string? value, string name, bool required, int max = MaxText)
        {
            var v = value?.Trim();
            if (string.IsNullOrEmpty(v)) { if (required) problems.Add($"{name} est obligatoire."); return null; }
            if (v.Length > max) problems.Add($"{name} dépasse {max} caractères.");
            return v;
        }
        IReadOnlyList<string> List(IReadOnlyList<string>? values, string name, int max = MaxText)
        {
            var list = (values ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList();
            if (list.Count > MaxItems) problems.Add($"{name} : {MaxItems} éléments au plus.");
            if (list.Any(v => v.Length > max)) problems.Add($"{name} : un élément dépasse {max} caractères.");
            return list;
        }

        var mention = Text(Mention, "La mention", required: true);
        var parcours = Text(Parcours, "Le parcours", required: false);
        var domain = Text(Domain, "Le domaine", required: true);
        var modalities = (Modalities ?? []).Distinct().ToList();
        if (modalities.Count == 0) problems.Add("Indiquez au moins une modalité d'enseignement (initial, continuing, apprenticeship, professionalisation-contract).");
        if (Capacity is not { } capacity || capacity < 1 || capacity > MaxCapacity)
        {
            problems.Add($"La capacité d'accueil est un nombre de places entre 1 et {MaxCapacity}.");
            capacity = 0;
        }
        var via = ViaPlatform ?? true;
        var label = Text(PlaceLabel, "Le lieu de formation", required: true);
        var address = Text(Address, "L'adresse", required: true);
        var postal = Text(PostalCode, "Le code postal", required: true, max: 5);
        if (postal is not null && (postal.Length != 5 || !postal.All(char.IsAsciiDigit))) problems.Add("Le code postal a cinq chiffres.");
        Commune? commune = null;
        if (string.IsNullOrWhiteSpace(CommuneCode)) problems.Add("Le code INSEE de la commune est obligatoire.");
        else if (!geography.CommunesByCode.TryGetValue(CommuneCode.Trim(), out commune))
            problems.Add($"La commune « {CommuneCode.Trim()} » n'est pas un code INSEE connu (avec des coordonnées).");
        var contacts = (Contacts ?? []).ToList();
        if (contacts.Count > 10) problems.Add("10 contacts au plus.");
        foreach (var c in contacts)
            if (string.IsNullOrWhiteSpace(c.Role) || c.Role.Length > 100 || !MailAddress.TryCreate(c.Email, out _))
                problems.Add($"Le contact « {c.Role} » doit avoir un rôle et une adresse électronique valide.");
        var website = Text(Website, "Le site", required: false, max: 500);
        if (website is not null && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            problems.Add("Le site de la formation est une adresse http(s) complète.");
        var pieces = (Pieces ?? []).ToList();
        foreach (var p in pieces.Where(p => !PieceKinds.All.ContainsKey(p.Kind)))
            problems.Add($"La pièce « {p.Kind} » n'existe pas ; les pièces possibles sont : {string.Join(", ", PieceKinds.All.Keys)}.");
        if (pieces.Select(p => p.Kind).Distinct().Count() != pieces.Count) problems.Add("Une pièce est demandée deux fois.");

        if (existing is not null)
        {
            if (existing.Establishment != establishment) problems.Add("Une formation ne change pas d'établissement.");
            if (mention is not null && !Same(existing.Mention, mention)) problems.Add("La mention d'une formation publiée ne change pas : créez une autre formation.");
            if (existing.ViaPlatform != via) problems.Add("Le recrutement via Mon Master d'une formation publiée ne change pas : créez une autre formation.");
        }

        var languages = List(Languages, "Les langues");
        var licences = List(RecommendedLicences, "Les diplômes conseillés");
        var expectations = List(Expectations, "Les attendus", MaxLongText);
        var criteria = List(Criteria, "Les critères d'examen", MaxLongText);
        var keywords = List(Keywords, "Les mots-clés");
        var m2 = List(M2Parcours, "Les parcours de M2");
        var rncp = Text(Rncp, "Le numéro RNCP", required: false, max: 20);
        if (problems.Count > 0) return (null, problems);

        return (new CatalogueFormation
        {
            Id = id, Year = year, Establishment = establishment, Domain = domain!, Mention = mention!, Parcours = parcours, Rncp = rncp,
            Modalities = modalities, Capacity = capacity, ViaPlatform = via,
            Place = new Place(label!, address!, postal!, commune!.Code, commune.Name, commune.DepartementCode, commune.RegionCode,
                geography.DepartementsByCode.TryGetValue(commune.DepartementCode, out var d) ? d.AcademieCode : "", commune.Latitude, commune.Longitude),
            Contacts = contacts, Website = website, Languages = languages, RecommendedLicences = licences, Expectations = expectations,
            Criteria = criteria, ApplicationModalities = ApplicationModalities is { Count: > 0 } am ? [.. am.Distinct()] : [ApplicationModality.Dossier],
            Pieces = pieces, Keywords = keywords, M2Parcours = m2,
            Previous = existing?.Previous, Insertion = existing?.Insertion ?? [],
        }, []);
    }

    /// <summary>The fields the admission engine holds: they may change only until applications close.</summary>
    public static bool EngineFieldsDiffer(CatalogueFormation a, CatalogueFormation b) =>
        a.Capacity != b.Capacity || a.Track != b.Track || a.ViaPlatform != b.ViaPlatform || !Same(a.Mention, b.Mention)
        || (a.Parcours ?? "") != (b.Parcours ?? "")
        || !a.Pieces.SequenceEqual(b.Pieces);

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The draft that gives back <paramref name="f"/> (CSV export, edit forms).</summary>
    public static FormationDraft Of(CatalogueFormation f) => new()
    {
        Mention = f.Mention, Parcours = f.Parcours, Domain = f.Domain, Modalities = f.Modalities, Capacity = f.Capacity, ViaPlatform = f.ViaPlatform,
        PlaceLabel = f.Place.Label, Address = f.Place.Address, PostalCode = f.Place.PostalCode, CommuneCode = f.Place.CommuneCode,
        Contacts = f.Contacts, Website = f.Website, Rncp = f.Rncp, Languages = f.Languages, RecommendedLicences = f.RecommendedLicences,
        Expectations = f.Expectations, Criteria = f.Criteria, ApplicationModalities = f.ApplicationModalities, Pieces = f.Pieces,
        Keywords = f.Keywords, M2Parcours = f.M2Parcours,
    };
}
