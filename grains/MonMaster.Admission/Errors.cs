using static MonMaster.Admission.ErrorCategory;

namespace MonMaster.Admission;

/// <summary>
/// The engine's error codes. Declared in precedence order: when several apply, the first is reported. Each one's
/// code, category and sentence are in one row of <see cref="AdmissionErrors"/>.
/// </summary>
public enum AdmissionError
{
    UnknownCandidate,
    UnknownFormation,
    WrongPhase,
    NotAnApplicant,
    DuplicateApplication,
    WishLimit,
    InvalidRanking,
    OfferExpired,
    NoOffer,
    NotWaitlisted,
    NotEligible,
    NotRetainedBefore,
    FormationClosed,
    NoPlaces,
    NotWorkStudy,
    ContractValidated,
    NotInContractSearch,
    NoContract,
    InvalidPreference,
    ProvisionalNotAllowed,
    AlreadyReferred,
    NotEligibleForReferral,
    NotReferred,
    InvalidReview,
    UnknownReview,
    ReviewClosed,
}

/// <summary>
/// What kind of refusal an error is, whoever reports it: the API answers each kind with one HTTP status
/// (see <c>Problems.StatusOf</c>).
/// </summary>
public enum ErrorCategory
{
    /// <summary>The request is malformed or incomplete (400).</summary>
    Invalid,
    /// <summary>The caller may not do this (403).</summary>
    Forbidden,
    /// <summary>What the request names does not exist (404).</summary>
    NotFound,
    /// <summary>Refused by the state of the campaign or of the application; may succeed at another time (409).</summary>
    Conflict,
    /// <summary>The content is larger than allowed (413).</summary>
    TooLarge,
    /// <summary>The content's type is not one accepted here (415).</summary>
    UnsupportedContent,
    /// <summary>The request names something it cannot apply to: an applicant, a ranking, a preference order, a number of places, a classic formation (422).</summary>
    Unprocessable,
    /// <summary>Too many requests in a short time (429).</summary>
    TooManyRequests,
}

public static class AdmissionErrors
{
    /// <summary>An error's code on the wire, its kind of refusal, and a sentence a person understands, in French (the users are French).</summary>
    private readonly record struct Description(string Code, ErrorCategory Category, string Explanation);

    public static string Code(this AdmissionError error) => Describe(error).Code;

    public static ErrorCategory Category(this AdmissionError error) => Describe(error).Category;

    /// <summary>A sentence a person understands, in French (the users are French).</summary>
    public static string Explain(this AdmissionError error) => Describe(error).Explanation;

    // One row per error: its code, its category and its sentence together.
    private static Description Describe(AdmissionError error) => error switch
    {
        AdmissionError.UnknownCandidate => new("unknown-candidate", NotFound,
            "Ce dossier candidat n'existe pas."),
        AdmissionError.UnknownFormation => new("unknown-formation", NotFound,
            "Cette formation n'existe pas."),
        AdmissionError.WrongPhase => new("wrong-phase", Conflict,
            "Cette action n'est pas possible à cette étape du calendrier."),
        AdmissionError.NotAnApplicant => new("not-an-applicant", Unprocessable,
            "Cette candidature n'existe pas pour cette formation."),
        AdmissionError.DuplicateApplication => new("duplicate-application", Conflict,
            "Vous avez déjà candidaté à cette formation."),
        AdmissionError.WishLimit => new("wish-limit", Conflict,
            "Vous avez atteint le nombre maximal de vœux (15 hors alternance, 15 en alternance)."),
        AdmissionError.InvalidRanking => new("invalid-ranking", Unprocessable,
            "Le classement cite un même candidat plusieurs fois."),
        AdmissionError.OfferExpired => new("offer-expired", Conflict,
            "Le délai de réponse à cette proposition est dépassé."),
        AdmissionError.NoOffer => new("no-offer", Conflict,
            "Aucune proposition en attente de réponse pour cette formation."),
        AdmissionError.NotWaitlisted => new("not-waitlisted", Conflict,
            "Cette candidature n'est pas sur liste d'attente."),
        AdmissionError.NotEligible => new("not-eligible", Conflict,
            "Vous avez accepté définitivement une proposition : la phase complémentaire ne vous est pas ouverte."),
        AdmissionError.NotRetainedBefore => new("not-retained-before", Conflict,
            "Cette formation n'a pas retenu votre candidature en phase principale : vous ne pouvez pas y candidater à nouveau (sauf dossier incomplet)."),
        AdmissionError.FormationClosed => new("formation-closed", Conflict,
            "Cette formation ne participe pas à la phase complémentaire."),
        AdmissionError.NoPlaces => new("no-places", Unprocessable,
            "Pas de places pour cela : une ouverture en phase complémentaire compte au moins 1 place et au plus les places non encore acceptées ; une proposition du rectorat demande une place libre."),
        AdmissionError.NotWorkStudy => new("not-work-study", Unprocessable,
            "Cette formation n'est pas en alternance."),
        AdmissionError.ContractValidated => new("contract-validated", Conflict,
            "Le contrat de cette candidature est déjà validé."),
        AdmissionError.NotInContractSearch => new("not-in-contract-search", Conflict,
            "Cette candidature n'est pas en recherche de contrat."),
        AdmissionError.NoContract => new("no-contract", Conflict,
            "Aucun contrat en attente de validation pour cette candidature."),
        AdmissionError.InvalidPreference => new("invalid-preference", Unprocessable,
            "L'ordre de préférence doit citer une fois chacune de vos candidatures encore en cours, et elles seules."),
        AdmissionError.ProvisionalNotAllowed => new("provisional-not-allowed", Conflict,
            "Pendant la gestion des désistements, une proposition s'accepte définitivement ou se refuse : plus d'acceptation provisoire."),
        AdmissionError.AlreadyReferred => new("already-referred", Conflict,
            "Vous avez déjà saisi le recteur pour cette campagne."),
        AdmissionError.NotEligibleForReferral => new("not-eligible-for-referral", Conflict,
            "Vous ne remplissez pas les conditions de la saisine du recteur."),
        AdmissionError.NotReferred => new("not-referred", Conflict,
            "Ce candidat n'a pas saisi le recteur de cette région académique."),
        AdmissionError.InvalidReview => new("invalid-review", Unprocessable,
            "Demande incomplète : type (entretien, épreuve écrite, concours, précision, nouvelle version d'une pièce), message, date limite à venir ; une convocation a une date et un lieu ou un lien."),
        AdmissionError.UnknownReview => new("unknown-review", NotFound,
            "Cette demande de l'établissement n'existe pas."),
        AdmissionError.ReviewClosed => new("review-closed", Conflict,
            "La date limite de réponse à cette demande est passée."),
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
