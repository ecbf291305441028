using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>An error of the API itself (the engine's are <see cref="AdmissionError"/> and <see cref="UploadError"/>): its code and kind of refusal.</summary>
public sealed record ApiError(string Code, ErrorCategory Category);

/// <summary>The API's own error codes, each with its category: the one place that says what each one answers.</summary>
public static class ApiErrors
{
    public static readonly ApiError InvalidRequest = new("invalid-request", ErrorCategory.Invalid);
    public static readonly ApiError InvalidSearch = new("invalid-search", ErrorCategory.Invalid);
    public static readonly ApiError Forbidden = new("forbidden", ErrorCategory.Forbidden);
    public static readonly ApiError UnknownCampaign = new("unknown-campaign", ErrorCategory.NotFound);
    public static readonly ApiError UnknownContract = new("unknown-contract", ErrorCategory.NotFound);
    public static readonly ApiError UnknownPiece = new("unknown-piece", ErrorCategory.NotFound);
    public static readonly ApiError NoProfile = new("no-profile", ErrorCategory.NotFound);
    /// <summary>
    /// A candidate reading a referral never filed: nothing to read. The engine's <c>not-referred</c> (a rector proposing
    /// for a candidate who did not refer) is a conflict; this reading of the same code is a missing resource.
    /// </summary>
    public static readonly ApiError NoReferral = new(AdmissionError.NotReferred.Code(), ErrorCategory.NotFound);
    public static readonly ApiError NotVirtualClock = new("not-virtual-clock", ErrorCategory.Conflict);
    public static readonly ApiError ClockBackwards = new("clock-backwards", ErrorCategory.Conflict);
    public static readonly ApiError ApplyAtEstablishment = new("apply-at-establishment", ErrorCategory.Conflict);
    public static readonly ApiError CatalogueLocked = new("catalogue-locked", ErrorCategory.Conflict);
    public static readonly ApiError FavouritesFull = new("favourites-full", ErrorCategory.Conflict);
    public static readonly ApiError InvalidFormation = new("invalid-formation", ErrorCategory.Unprocessable);
    public static readonly ApiError InvalidProfile = new("invalid-profile", ErrorCategory.Unprocessable);
    public static readonly ApiError UnsupportedMediaType = new("unsupported-media-type", ErrorCategory.UnsupportedContent);
    public static readonly ApiError TooManyRequests = new("too-many-requests", ErrorCategory.TooManyRequests);

    public static IReadOnlyList<ApiError> All { get; } =
    [
        InvalidRequest, InvalidSearch, Forbidden, UnknownCampaign, UnknownContract, UnknownPiece, NoProfile, NoReferral, NotVirtualClock,
        ClockBackwards, ApplyAtEstablishment, CatalogueLocked, FavouritesFull, InvalidFormation, InvalidProfile, UnsupportedMediaType, TooManyRequests,
    ];
}

/// <summary>RFC 7807 problem details carrying the engine's and the API's error codes, with a sentence a person understands.</summary>
public static class Problems
{
    /// <summary>
    /// One HTTP status per kind of refusal: 404, what the route names does not exist; 422, the request names something
    /// it cannot apply to; 409, the request is refused by the state of the campaign or of the application, and may
    /// succeed at another time.
    /// </summary>
    public static int StatusOf(ErrorCategory category) => category switch
    {
        ErrorCategory.Invalid => StatusCodes.Status400BadRequest,
        ErrorCategory.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCategory.NotFound => StatusCodes.Status404NotFound,
        ErrorCategory.Conflict => StatusCodes.Status409Conflict,
        ErrorCategory.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCategory.UnsupportedContent => StatusCodes.Status415UnsupportedMediaType,
        ErrorCategory.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorCategory.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>The engine's error, with its own sentence unless <paramref name="detail"/> says more.</summary>
    public static IResult Of(AdmissionError error, string? detail = null, (string Key, object? Value)? extension = null) =>
        Problem(error.Code(), error.Category(), detail ?? error.Explain(), extension);

    public static IResult Of(UploadError error) => Problem(error.Code(), error.Category(), error.Explain());

    public static IResult Of(ApiError error, string detail, (string Key, object? Value)? extension = null) =>
        Problem(error.Code, error.Category, detail, extension);

    /// <summary>Every problem found at once (a search, a sheet, a file of formations): the sentences joined, and listed in <c>problems</c>.</summary>
    public static IResult Listing(ApiError error, IReadOnlyList<string> problems) => Of(error, string.Join(" ", problems), ("problems", problems));

    public static IResult Invalid(string detail) => Of(ApiErrors.InvalidRequest, detail);

    public static IResult Forbid(string detail = "Vous n'avez pas accès à cette ressource.") => Of(ApiErrors.Forbidden, detail);

    private static IResult Problem(string code, ErrorCategory category, string detail, (string Key, object? Value)? extension = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (extension is { } extra) extensions[extra.Key] = extra.Value;
        return Results.Problem(statusCode: StatusOf(category), title: code, detail: detail, type: $"urn:monmaster:error:{code}", extensions: extensions);
    }

    /// <summary>
    /// Errors raised by the framework (no token, a policy that refuses, a body that does not parse, an unknown route)
    /// get a code and a French sentence like the engine's own.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code")) return;
        var (code, detail) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ("unauthenticated", "Connectez-vous : cette action demande un jeton d'accès valide."),
            StatusCodes.Status403Forbidden => (ApiErrors.Forbidden.Code, "Vous n'avez pas accès à cette ressource."),
            StatusCodes.Status404NotFound => ("not-found", "Cette adresse n'existe pas."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "Cette méthode n'est pas permise à cette adresse."),
            StatusCodes.Status413PayloadTooLarge => (UploadError.FileTooLarge.Code(), "La requête dépasse la taille permise (une pièce fait 2 Mo au plus)."),
            StatusCodes.Status415UnsupportedMediaType => (ApiErrors.UnsupportedMediaType.Code, "Ce type de contenu n'est pas accepté à cette adresse : voyez les types permis dans la documentation de l'API (/scalar/v1)."),
            >= 400 and < 500 => (ApiErrors.InvalidRequest.Code, "La requête est mal formée : vérifiez le corps JSON et les paramètres."),
            _ => ("internal-error", "Une erreur interne est survenue ; l'action n'a peut-être pas été prise, réessayez."),
        };
        problem.Extensions["code"] = code;
        problem.Type = $"urn:monmaster:error:{code}";
        problem.Detail ??= detail;
    }

    /// <summary>The engine's answer: 204 when taken, else its error as a problem.</summary>
    public static IResult From(CommandResult result) => result.Error is { } error ? Of(error) : Results.NoContent();
}
