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
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
