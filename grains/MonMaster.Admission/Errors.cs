namespace MonMaster.Admission;

/// <summary>
/// The engine's error codes. Declared in precedence order: when several apply, the first is reported.
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

public static class AdmissionErrors
{
    public static string Code(this AdmissionError error) => error switch
    {
        AdmissionError.UnknownCandidate => "unknown-candidate",
        AdmissionError.UnknownFormation => "unknown-formation",
        AdmissionError.WrongPhase => "wrong-phase",
        AdmissionError.NotAnApplicant => "not-an-applicant",
        AdmissionError.DuplicateApplication => "duplicate-application",
        AdmissionError.WishLimit => "wish-limit",
        AdmissionError.InvalidRanking => "invalid-ranking",
        AdmissionError.OfferExpired => "offer-expired",
        AdmissionError.NoOffer => "no-offer",
        AdmissionError.NotWaitlisted => "not-waitlisted",
        AdmissionError.NotEligible => "not-eligible",
        AdmissionError.NotRetainedBefore => "not-retained-before",
        AdmissionError.FormationClosed => "formation-closed",
        AdmissionError.NoPlaces => "no-places",
        AdmissionError.NotWorkStudy => "not-work-study",
        AdmissionError.NotInContractSearch => "not-in-contract-search",
        AdmissionError.ContractValidated => "contract-validated",
        AdmissionError.NoContract => "no-contract",
        AdmissionError.InvalidPreference => "invalid-preference",
        AdmissionError.ProvisionalNotAllowed => "provisional-not-allowed",
        AdmissionError.AlreadyReferred => "already-referred",
        AdmissionError.NotEligibleForReferral => "not-eligible-for-referral",
        AdmissionError.NotReferred => "not-referred",
        AdmissionError.InvalidReview => "invalid-review",
        AdmissionError.UnknownReview => "unknown-review",
        AdmissionError.ReviewClosed => "review-closed",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    /// <summary>A sentence a person understands, in French (the users are French).</summary>
    public static string Explain(this AdmissionError error) => error switch
    {
        AdmissionError.UnknownCandidate => "Ce dossier candidat n'existe pas.",
        AdmissionError.UnknownFormation => "Cette formation n'existe pas.",
        AdmissionError.WrongPhase => "Cette action n'est pas possible à cette étape du calendrier.",
        AdmissionError.NotAnApplicant => "Cette candidature n'existe pas pour cette formation.",
        AdmissionError.DuplicateApplication => "Vous avez déjà candidaté à cette formation.",
        AdmissionError.WishLimit => "Vous avez atteint le nombre maximal de vœux (15 hors alternance, 15 en alternance).",
        AdmissionError.InvalidRanking => "Le classement cite un même candidat plusieurs fois.",
        AdmissionError.OfferExpired => "Le délai de réponse à cette proposition est dépassé.",
        AdmissionError.NoOffer => "Aucune proposition en attente de réponse pour cette formation.",
        AdmissionError.NotWaitlisted => "Cette candidature n'est pas sur liste d'attente.",
        AdmissionError.NotEligible => "Vous avez accepté définitivement une proposition : la phase complémentaire ne vous est pas ouverte.",
        AdmissionError.NotRetainedBefore => "Cette formation n'a pas retenu votre candidature en phase principale : vous ne pouvez pas y candidater à nouveau (sauf dossier incomplet).",
        AdmissionError.FormationClosed => "Cette formation ne participe pas à la phase complémentaire.",
        AdmissionError.NoPlaces => "Pas de places pour cela : une ouverture en phase complémentaire compte au moins 1 place et au plus les places non encore acceptées ; une proposition du rectorat demande une place libre.",
        AdmissionError.NotWorkStudy => "Cette formation n'est pas en alternance.",
        AdmissionError.NotInContractSearch => "Cette candidature n'est pas en recherche de contrat.",
        AdmissionError.ContractValidated => "Le contrat de cette candidature est déjà validé.",
        AdmissionError.NoContract => "Aucun contrat en attente de validation pour cette candidature.",
        AdmissionError.InvalidPreference => "L'ordre de préférence doit citer une fois chacune de vos candidatures encore en cours, et elles seules.",
        AdmissionError.ProvisionalNotAllowed => "Pendant la gestion des désistements, une proposition s'accepte définitivement ou se refuse : plus d'acceptation provisoire.",
        AdmissionError.AlreadyReferred => "Vous avez déjà saisi le recteur pour cette campagne.",
        AdmissionError.NotEligibleForReferral => "Vous ne remplissez pas les conditions de la saisine du recteur.",
        AdmissionError.NotReferred => "Ce candidat n'a pas saisi le recteur de cette région académique.",
        AdmissionError.InvalidReview => "Demande incomplète : type (entretien, épreuve écrite, concours, précision, nouvelle version d'une pièce), message, date limite à venir ; une convocation a une date et un lieu ou un lien.",
        AdmissionError.UnknownReview => "Cette demande de l'établissement n'existe pas.",
        AdmissionError.ReviewClosed => "La date limite de réponse à cette demande est passée.",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
