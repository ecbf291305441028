using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;

namespace MonMaster.Api.Endpoints;

/// <summary>The referral quiz's answers, as the candidate declares them (applications outside the platform included).</summary>
public sealed record ReferralQuiz(bool? SingleUniversityRegion, string? LicenceYear, bool? OfferReceived, int? Applications, int? Mentions, int? Establishments);

public sealed record ReferralEligibility(bool Eligible, IReadOnlyList<UnmetCriterion> Unmet, DateTimeOffset ReferralOpens, IReadOnlyList<string> LicenceYears);

public static class ReferralEndpoints
{
    public static void MapReferrals(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/referrals/eligibility", (ReferralQuiz? quiz, LiveSettings live) =>
        {
            if (quiz is not { SingleUniversityRegion: { } single, OfferReceived: { } offer, Applications: { } applications, Mentions: { } mentions, Establishments: { } establishments })
                return Problems.Invalid("Répondez à chaque question : région d'une seule université, proposition reçue, nombre de candidatures, de mentions et d'établissements, année de la licence.");
            if (RectorReferral.ParseAcademicYear(quiz.LicenceYear) is not { } licenceYear)
                return Problems.Invalid("L'année de la licence s'écrit comme une année universitaire, par exemple 2024-2025.");
            if (applications < 0 || mentions < 0 || establishments < 0 || mentions > applications || establishments > applications)
                return Problems.Invalid("Les nombres de mentions et d'établissements ne peuvent pas dépasser le nombre de candidatures.");
            var unmet = RectorReferral.Unmet(live.Campaign, new ReferralAnswers(single, licenceYear, offer, applications, mentions, establishments));
            return Results.Ok(new ReferralEligibility(unmet.Count == 0, unmet, new CampaignCalendar(live.Campaign).WithdrawalsOpen,
                [.. RectorReferral.LicenceYears(live.Campaign).Select(RectorReferral.AcademicYear)]));
        }).WithTags("Candidats").RequireAuthorization(Access.Candidate)
          .WithSummary("Puis-je saisir le recteur ? Le quiz d'éligibilité de la saisine (ouverte à partir du 18 juillet)");
    }
}
