using System.Text.RegularExpressions;

namespace MonMaster.Admission;

public sealed record Identity(string LastName, string FirstName, DateOnly BirthDate, string? Nationality = null);
public sealed record Contact(string Email, string? Phone = null, string? Address = null);

/// <summary>The last diploma: type (licence, licence professionnelle, BUT…), mention, year, establishment and académie.</summary>
public sealed record Diploma(string Type, string Mention, int Year, string Establishment, string Academie);
public sealed record CursusYear(int Year, string Label, string Establishment);
public sealed record Baccalaureat(string Series, int Year, string? Honours = null);

/// <summary>An internship or a job: <see cref="Kind"/> is <c>internship</c> or <c>work</c>.</summary>
public sealed record Experience(string Kind, string Title, string Organisation, DateOnly From, DateOnly? To = null);

/// <summary>
/// Section 2: the candidate file common to every application. The CV and other documents are pieces, stored apart.
/// </summary>
public sealed partial record CandidateProfile(
    Identity Identity, Contact Contact, Diploma LastDiploma, IReadOnlyList<CursusYear> Cursus, Baccalaureat Baccalaureat,
    IReadOnlyList<Experience> Experiences)
{
    public const int MaxText = 200;

    /// <summary>What is missing or wrong, in French, one sentence per problem; empty when the file can be saved.</summary>
    public IReadOnlyList<string> Problems(int campaignYear)
    {
        var problems = new List<string>();
        void Text(string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"{what} est obligatoire.");
            else if (value.Length > MaxText) problems.Add($"{what} fait au plus {MaxText} caractères.");
        }
        if (Identity is null) problems.Add("L'identité est obligatoire.");
        else
        {
            Text(Identity.LastName, "Le nom");
            Text(Identity.FirstName, "Le prénom");
            var age = campaignYear - Identity.BirthDate.Year;
            if (age is < 15 or > 100) problems.Add("La date de naissance n'est pas plausible.");
        }
        if (Contact is null) problems.Add("Les coordonnées sont obligatoires.");
        else if (string.IsNullOrWhiteSpace(Contact.Email) || !Email().IsMatch(Contact.Email)) problems.Add("L'adresse électronique n'est pas valide.");
        else if (Contact.Phone is { Length: > 0 } phone && !Phone().IsMatch(phone)) problems.Add("Le numéro de téléphone n'est pas valide.");
        if (LastDiploma is null) problems.Add("Le dernier diplôme est obligatoire.");
        else
        {
            Text(LastDiploma.Type, "Le type du dernier diplôme");
            Text(LastDiploma.Mention, "La mention du dernier diplôme");
            Text(LastDiploma.Establishment, "L'établissement du dernier diplôme");
            Text(LastDiploma.Academie, "L'académie du dernier diplôme");
            if (LastDiploma.Year < campaignYear - 60 || LastDiploma.Year > campaignYear) problems.Add("L'année du dernier diplôme n'est pas plausible.");
        }
        if (Baccalaureat is null) problems.Add("Le baccalauréat (ou son équivalent) est obligatoire.");
        else
        {
            Text(Baccalaureat.Series, "La série ou les spécialités du baccalauréat");
            if (Baccalaureat.Year < campaignYear - 70 || Baccalaureat.Year > campaignYear) problems.Add("L'année du baccalauréat n'est pas plausible.");
        }
        foreach (var (year, i) in (Cursus ?? []).Select((y, i) => (y, i + 1)))
        {
            Text(year.Label, $"L'intitulé de l'année {i} du cursus");
            Text(year.Establishment, $"L'établissement de l'année {i} du cursus");
        }
        foreach (var (experience, i) in (Experiences ?? []).Select((e, i) => (e, i + 1)))
        {
            if (experience.Kind is not ("internship" or "work")) problems.Add($"L'expérience {i} est un stage (internship) ou un emploi (work).");
            Text(experience.Title, $"L'intitulé de l'expérience {i}");
            Text(experience.Organisation, $"L'organisme de l'expérience {i}");
            if (experience.To is { } to && to < experience.From) problems.Add($"L'expérience {i} finit avant d'avoir commencé.");
        }
        if ((Cursus?.Count ?? 0) > 20 || (Experiences?.Count ?? 0) > 30) problems.Add("Le cursus compte au plus 20 années et 30 expériences.");
        return problems;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9 .()-]{6,20}$")]
    private static partial Regex Phone();
}
