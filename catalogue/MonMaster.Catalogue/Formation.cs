using MonMaster.Admission;

namespace MonMaster.Catalogue;

/// <summary>How a formation is taught (brochure, « Modalités d'enseignement »).</summary>
public enum Modality { Initial, Continuing, Apprenticeship, ProfessionalisationContract }

/// <summary>How applications are examined (« Modalités de candidatures »).</summary>
public enum ApplicationModality { Dossier, Interview, Competition, Exam }

/// <summary>Where the formation is taught: its address and the commune's coordinates (radius search).</summary>
public sealed record Place(
    string Label, string Address, string PostalCode, string CommuneCode, string Commune,
    string DepartementCode, string RegionCode, string AcademieCode, double Latitude, double Longitude);

/// <summary>A contact shown on the sheet: « Responsable pédagogique », « Référent handicap »…</summary>
public sealed record Contact(string Role, string Email);

/// <summary>The previous campaign's key figures (« Chiffres clés »).</summary>
/// <param name="AccessRate">Rank of the last called over confirmed applications, 0–1; null when nobody was called.</param>
public sealed record PreviousYear(int Year, int ConfirmedApplications, int? LastCalledRank, double? AccessRate);

/// <summary>Professional insertion of the mention's graduates: InserSup or the SIES « enquête IP », in percent.</summary>
public sealed record Insertion(string Source, int Session, int MonthsAfter, int Graduates, double Employed, double FurtherStudies, double Other);

/// <summary>
/// A first-year master programme as the information portal shows it: a mention (and parcours) at an establishment,
/// taught somewhere, with everything a candidate reads before applying. <see cref="Id"/> is also the engine's formation
/// id when <see cref="ViaPlatform"/>: applications go through the platform; otherwise the sheet carries the banner
/// « candidature auprès de l'établissement » and nobody applies here.
/// </summary>
public sealed record CatalogueFormation
{
    public required string Id { get; init; }
    public required int Year { get; init; }
    /// <summary>The establishment's name, also its identity for access (the establishment claim).</summary>
    public required string Establishment { get; init; }
    /// <summary>Discipline sector (« Droit, économie, gestion », « Sciences, technologies, santé »…).</summary>
    public required string Domain { get; init; }
    public required string Mention { get; init; }
    public string? Parcours { get; init; }
    public string? Rncp { get; init; }
    public required IReadOnlyList<Modality> Modalities { get; init; }
    public required int Capacity { get; init; }
    public required bool ViaPlatform { get; init; }
    public required Place Place { get; init; }
    public IReadOnlyList<Contact> Contacts { get; init; } = [];
    public string? Website { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    /// <summary>Licence mentions the formation recommends (« Diplômes conseillés »): what « mon dernier diplôme » matches.</summary>
    public IReadOnlyList<string> RecommendedLicences { get; init; } = [];
    /// <summary>« Attendus de la formation ».</summary>
    public IReadOnlyList<string> Expectations { get; init; } = [];
    /// <summary>« Critères d'examen des candidatures ».</summary>
    public IReadOnlyList<string> Criteria { get; init; } = [];
    public IReadOnlyList<ApplicationModality> ApplicationModalities { get; init; } = [ApplicationModality.Dossier];
    public IReadOnlyList<RequiredPiece> Pieces { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary>M2 parcours this first year leads to.</summary>
    public IReadOnlyList<string> M2Parcours { get; init; } = [];
    public PreviousYear? Previous { get; init; }
    public IReadOnlyList<Insertion> Insertion { get; init; } = [];

    /// <summary>The engine's track: work-study when every modality is a work-study one.</summary>
    public Track Track => Modalities.Count > 0 && Modalities.All(m => m is Modality.Apprenticeship or Modality.ProfessionalisationContract)
        ? Track.WorkStudy : Track.Classic;

    /// <summary>What the admission engine needs of it (only for formations recruiting through the platform).</summary>
    public FormationInfo ToEngine() => new(Id, Year, Establishment, Mention, Parcours ?? "", Track, Capacity, Pieces.Count == 0 ? null : Pieces);
}
