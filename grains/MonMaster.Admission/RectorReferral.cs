namespace MonMaster.Admission;

/// <summary>
/// What a candidate declares in the referral quiz (brochure, section 7): counts include applications made outside
/// the platform. <paramref name="LicenceYear"/> is the academic year the licence was obtained in, by its first
/// calendar year (2024 for 2024-2025).
/// </summary>
public sealed record ReferralAnswers(
    bool SingleUniversityRegion, int LicenceYear, bool OfferReceived, int Applications, int Mentions, int Establishments);

/// <summary>A criterion of the referral that the answers do not meet, with a sentence for the candidate.</summary>
public sealed record UnmetCriterion(string Code, string Message);

/// <summary>
/// Who may refer to the rector of their academic region, from 18 July: no offer received; a licence obtained in the
/// last three academic years; and, where the region has at least two universities, at least 5 applications in at
/// least 2 mentions to at least 2 establishments; where it has only one (Corse, Guadeloupe, Guyane, La Réunion,
/// Martinique, Nouvelle-Calédonie, Polynésie française), at least 2 applications.
/// </summary>
public static class RectorReferral
{
    public static readonly IReadOnlyList<string> SingleUniversityRegions =
        ["Corse", "Guadeloupe", "Guyane", "La Réunion", "Martinique", "Nouvelle-Calédonie", "Polynésie française"];

    /// <summary>The academic years (by first year) whose licences count for campaign <paramref name="year"/>: 2022, 2023, 2024 for 2025.</summary>
    public static IReadOnlyList<int> LicenceYears(int year) => [year - 3, year - 2, year - 1];

    public static IReadOnlyList<UnmetCriterion> Unmet(int campaignYear, ReferralAnswers answers)
    {
        var unmet = new List<UnmetCriterion>();
        if (answers.OfferReceived)
            unmet.Add(new("offer-received", "Vous avez reçu une proposition d'admission : la saisine est réservée aux candidats qui n'en ont reçu aucune."));
        var years = LicenceYears(campaignYear);
        if (!years.Contains(answers.LicenceYear))
            unmet.Add(new("licence-too-old", $"La licence doit avoir été obtenue en {string.Join(", ", years.Select(AcademicYear))}."));
        if (answers.SingleUniversityRegion)
        {
            if (answers.Applications < 2)
                unmet.Add(new("too-few-applications", "Dans une région académique d'une seule université, il faut au moins 2 candidatures en première année de master."));
            return unmet;
        }
        if (answers.Applications < 5)
            unmet.Add(new("too-few-applications", "Il faut au moins 5 candidatures en première année de master."));
        if (answers.Mentions < 2)
            unmet.Add(new("too-few-mentions", "Vos candidatures doivent concerner au moins 2 mentions de master différentes."));
        if (answers.Establishments < 2)
            unmet.Add(new("too-few-establishments", "Vos candidatures doivent avoir été adressées à au moins 2 établissements différents."));
        return unmet;
    }

    public static string AcademicYear(int firstYear) => $"{firstYear}-{firstYear + 1}";

    /// <summary>Reads "2024-2025" (two consecutive years); null otherwise.</summary>
    public static int? ParseAcademicYear(string? text) =>
        text is { Length: 9 } && text[4] == '-' && int.TryParse(text[..4], out var first) && int.TryParse(text[5..], out var second) && second == first + 1
            ? first : null;
}

/// <summary>One referred candidate at a rector's office: when they filed and the formations proposed to them.</summary>
public sealed class Referral
{
    public DateTimeOffset FiledAt { get; set; }
    public int LicenceYear { get; set; }
    public List<string> Proposals { get; set; } = [];
}

/// <summary>
/// The rector's office of one academic region for one campaign (section 7): the candidates who referred to it, and
/// the proposals it made them. Each referred candidate is owed at least <see cref="ProposalsOwed"/> proposals.
/// </summary>
public sealed class ReferralDesk
{
    public const int ProposalsOwed = 3;

    public required string Region { get; set; }
    public int Year { get; set; }
    public Dictionary<string, Referral> Referrals { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore] public CampaignCalendar Calendar => calendar ??= new CampaignCalendar(Year);
    private CampaignCalendar? calendar;

    /// <summary>Files a referral for a candidate whose eligibility was checked (<paramref name="unmet"/> empty).</summary>
    public AdmissionError? File(string candidateId, int licenceYear, IReadOnlyList<UnmetCriterion> unmet, DateTimeOffset now)
    {
        if (!Calendar.AcceptsReferrals(now)) return AdmissionError.WrongPhase;
        if (Referrals.ContainsKey(candidateId)) return AdmissionError.AlreadyReferred;
        if (unmet.Count > 0) return AdmissionError.NotEligibleForReferral;
        Referrals[candidateId] = new Referral { FiledAt = now, LicenceYear = licenceYear };
        return null;
    }

    /// <summary>
    /// Checks a proposal before the formation takes it: the window, and a formation not proposed to the candidate yet.
    /// Whether the candidate referred here (<see cref="HasReferred"/>) is the formation's last check: the error order
    /// puts its own refusals (<c>duplicate-application</c>, <c>no-places</c>) before <c>not-referred</c>.
    /// </summary>
    public AdmissionError? CheckProposal(string candidateId, string formationId, DateTimeOffset now)
    {
        if (!Calendar.AcceptsRectorProposals(now)) return AdmissionError.WrongPhase;
        return Referrals.TryGetValue(candidateId, out var referral) && referral.Proposals.Contains(formationId)
            ? AdmissionError.DuplicateApplication : null;
    }

    public bool HasReferred(string candidateId) => Referrals.ContainsKey(candidateId);

    public void RecordProposal(string candidateId, string formationId) => Referrals[candidateId].Proposals.Add(formationId);
}

/// <summary>The rector's proposal, on the formation's side (brochure, section 7).</summary>
public sealed partial class FormationBook
{
    /// <summary>
    /// Section 7: the rector's office proposes one of the formation's free places to a candidate. The place is held as
    /// a pending offer (withdrawal deadlines) until the candidate answers. <paramref name="referred"/> is the office's
    /// word that the candidate referred to it; the formation's own refusals come first in the error order.
    /// </summary>
    public AdmissionError? ProposeByRector(string candidateId, string region, bool referred, DateTimeOffset now)
    {
        if (!Calendar.AcceptsRectorProposals(now)) return AdmissionError.WrongPhase;
        Applicants.TryGetValue(candidateId, out var known);
        // A retried proposal (the office crashed before it recorded this one) finds the place it took: done already.
        if (known is not null && known.RectorRegion == region) return null;
        if (known is { Status: ApplicationStatus.Offer or ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive })
            return AdmissionError.DuplicateApplication;
        if (Counters.Free <= 0) return AdmissionError.NoPlaces;
        if (!referred) return AdmissionError.NotReferred;
        var applicant = known ?? (Applicants[candidateId] = new Applicant());
        applicant.RectorRegion = region;
        applicant.Deadline = Calendar.OfferDeadline(now, Info.Track);
        SetStatus(candidateId, applicant, ApplicationStatus.Offer);
        Outbox.Add(candidateId, new RectorProposal(Info, now, applicant.Deadline.Value));
        Outbox.Record(new Recorded(now, "rector-proposal", candidateId, Info.Id, $"deadline {CampaignCalendar.Format(applicant.Deadline.Value)}"));
        return null;
    }
}
