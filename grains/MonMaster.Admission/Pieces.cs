using System.Text.RegularExpressions;

namespace MonMaster.Admission;

/// <summary>Why an uploaded piece is refused (brochure, section 2). Checked in this order; the first broken rule is reported.</summary>
public enum UploadError
{
    FileNameInvalid,
    FileTypeNotAllowed,
    FileEmpty,
    FileTooLarge,
    FileContentMismatch,
}

/// <summary>
/// The upload rules of the candidate file: at most 2 MB; JPEG, JPG, PNG or PDF, told by the extension and by the
/// content's signature; a name of Latin letters, digits, "-", "_" and "." only (no accent, no space), at most 100
/// characters.
/// </summary>
public static partial class UploadRules
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxNameLength = 100;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    /// <summary>The media type of an accepted piece, by its extension; null when the extension is not allowed.</summary>
    public static string? MediaTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => null,
    };

    public static UploadError? Check(string fileName, ReadOnlySpan<byte> content)
    {
        if (fileName.Length is 0 or > MaxNameLength || !AllowedName().IsMatch(fileName)) return UploadError.FileNameInvalid;
        if (MediaTypeOf(fileName) is not { } mediaType) return UploadError.FileTypeNotAllowed;
        if (content.IsEmpty) return UploadError.FileEmpty;
        if (content.Length > MaxBytes) return UploadError.FileTooLarge;
        var signature = mediaType switch { "application/pdf" => Pdf, "image/png" => Png, _ => Jpeg };
        return content.StartsWith(signature) ? null : UploadError.FileContentMismatch;
    }

    public static string Code(this UploadError error) => error switch
    {
        UploadError.FileNameInvalid => "file-name-invalid",
        UploadError.FileTypeNotAllowed => "file-type-not-allowed",
        UploadError.FileEmpty => "file-empty",
        UploadError.FileTooLarge => "file-too-large",
        UploadError.FileContentMismatch => "file-content-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    /// <summary>Too large, or not a type accepted (by name or content), is what HTTP has statuses for; the rest is invalid.</summary>
    public static ErrorCategory Category(this UploadError error) => error switch
    {
        UploadError.FileTooLarge => ErrorCategory.TooLarge,
        UploadError.FileTypeNotAllowed or UploadError.FileContentMismatch => ErrorCategory.UnsupportedContent,
        UploadError.FileNameInvalid or UploadError.FileEmpty => ErrorCategory.Invalid,
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    /// <summary>Which rule was broken, in French.</summary>
    public static string Explain(this UploadError error) => error switch
    {
        UploadError.FileNameInvalid => $"Le nom du fichier ne doit contenir que des lettres latines sans accent, des chiffres, « - », « _ » et « . », sans espace, et au plus {MaxNameLength} caractères.",
        UploadError.FileTypeNotAllowed => "Seuls les fichiers JPEG, JPG, PNG et PDF sont acceptés.",
        UploadError.FileEmpty => "Le fichier est vide.",
        UploadError.FileTooLarge => "Le fichier dépasse 2 Mo.",
        UploadError.FileContentMismatch => "Le contenu du fichier ne correspond pas à son extension (JPEG, JPG, PNG ou PDF attendu).",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex AllowedName();
}

/// <summary>The pieces a candidate file holds: common pieces and those formations ask for.</summary>
public static class PieceKinds
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["cv"] = "Curriculum vitæ",
        ["cover-letter"] = "Lettre de motivation",
        ["transcript"] = "Relevés de notes",
        ["diploma"] = "Diplôme",
        ["recommendation"] = "Lettre de recommandation",
        ["language-test"] = "Certification en langue",
        ["financing-proof"] = "Justificatif de financement",
        ["research-project"] = "Projet de recherche",
        ["internship-report"] = "Rapport de stage",
        ["work-study-contract"] = "Contrat d'alternance",
    };

    public static bool IsKnown(string kind) => All.ContainsKey(kind);
}
