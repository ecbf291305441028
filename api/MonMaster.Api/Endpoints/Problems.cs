using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>RFC 7807 problem details carrying the engine's error codes, with a sentence a person understands.</summary>
public static class Problems
{
    public const string InvalidRequest = "invalid-request";
    public const string Forbidden = "forbidden";
    public const string NotVirtualClock = "not-virtual-clock";
    public const string ClockBackwards = "clock-backwards";
    public const string UnknownContract = "unknown-contract";

    /// <summary>
    /// 404: what the route names does not exist; 422: the request names something it cannot apply to (an applicant, a
    /// ranking, a preference order, a number of places, a classic formation); 409: the request is refused by the state
    /// of the campaign or of the application, and may succeed at another time.
    /// </summary>
    public static int StatusOf(string code) => code switch
    {
        "unknown-candidate" or "unknown-formation" or "unknown-campaign" or "unknown-review" or UnknownContract => StatusCodes.Status404NotFound,
        "not-an-applicant" or "invalid-ranking" or "invalid-preference" or "no-places" or "not-work-study" or "invalid-review" or "invalid-formation" => StatusCodes.Status422UnprocessableEntity,
        "wrong-phase" or "duplicate-application" or "wish-limit" or "offer-expired" or "no-offer" or "not-waitlisted"
            or "not-eligible" or "not-retained-before" or "formation-closed" or "contract-validated" or "not-in-contract-search"
            or "no-contract" or "provisional-not-allowed" or "already-referred" or "not-eligible-for-referral" or "not-referred"
            or "review-closed" or "apply-at-establishment" or "catalogue-locked" or "favourites-full"
            or NotVirtualClock or ClockBackwards => StatusCodes.Status409Conflict,
        Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult Of(string code, string detail, int? status = null) => Results.Problem(
        statusCode: status ?? StatusOf(code),
        title: code,
        detail: detail,
        type: $"urn:monmaster:error:{code}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult Invalid(string detail) => Of(InvalidRequest, detail);

    public static IResult Forbid(string detail = "Vous n'avez pas accès à cette ressource.") => Of(Forbidden, detail);

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
            StatusCodes.Status403Forbidden => (Forbidden, "Vous n'avez pas accès à cette ressource."),
            StatusCodes.Status404NotFound => ("not-found", "Cette adresse n'existe pas."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "Cette méthode n'est pas permise à cette adresse."),
            StatusCodes.Status413PayloadTooLarge => ("file-too-large", "La requête dépasse la taille permise (une pièce fait 2 Mo au plus)."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "Ce type de contenu n'est pas accepté à cette adresse : voyez les types permis dans la documentation de l'API (/scalar/v1)."),
            >= 400 and < 500 => (InvalidRequest, "La requête est mal formée : vérifiez le corps JSON et les paramètres."),
            _ => ("internal-error", "Une erreur interne est survenue ; l'action n'a peut-être pas été prise, réessayez."),
        };
        problem.Extensions["code"] = code;
        problem.Type = $"urn:monmaster:error:{code}";
        problem.Detail ??= detail;
    }

    /// <summary>The engine's answer: 204 when taken, else its error as a problem.</summary>
    public static IResult From(CommandResult result) =>
        result.Succeeded ? Results.NoContent() : Of(result.Code!, result.Message!);
}
