using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>RFC 7807 problem details carrying the engine's error codes, with a sentence a person understands.</summary>
public static class Problems
{
    public const string InvalidRequest = "invalid-request";
    public const string Forbidden = "forbidden";
    public const string NotVirtualClock = "not-virtual-clock";
    public const string ClockBackwards = "clock-backwards";

    public static int StatusOf(string code) => code switch
    {
        "unknown-candidate" or "unknown-formation" or "unknown-campaign" => StatusCodes.Status404NotFound,
        "not-an-applicant" or "invalid-ranking" => StatusCodes.Status422UnprocessableEntity,
        "wrong-phase" or "duplicate-application" or "wish-limit" or "offer-expired" or "no-offer" or "not-waitlisted"
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

    /// <summary>The engine's answer: 204 when taken, else its error as a problem.</summary>
    public static IResult From(CommandResult result) =>
        result.Succeeded ? Results.NoContent() : Of(result.Error!, result.Message ?? result.Error!);
}
