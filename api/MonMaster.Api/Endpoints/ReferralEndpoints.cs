using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>The referral quiz's answers, as the candidate declares them (applications outside the platform included).</summary>
public sealed record ReferralQuiz(bool? SingleUniversityRegion, string? LicenceYear, bool? OfferReceived, int? Applications, int? Mentions, int? Establishments);

public sealed record ReferralEligibility(bool Eligible, IReadOnlyList<UnmetCriterion> Unmet, DateTimeOffset ReferralOpens, IReadOnlyList<string> LicenceYears);

public sealed record ReferralRequest(string? Region, string? LicenceYear);
public sealed record ProposalRequest(string? FormationId);

/// <summary>A referral as its candidate sees it: the region, and the proposals with their status.</summary>
public sealed record CandidateReferral(string Region, DateTimeOffset FiledAt, IReadOnlyList<ApplicationView> Proposals, int ProposalsOwed);

/// <summary>A referred candidate at the rector's office, with each proposal's status.</summary>
public sealed record RectorReferralRow(string CandidateId, DateTimeOffset FiledAt, string LicenceYear, IReadOnlyList<ApplicationView> Proposals, int ProposalsOwed);

/// <summary>A formation with free places, for a rector's proposal.</summary>
public sealed record FormationWithPlaces(string Id, string Establishment, string Mention, string Parcours, string Track, int Free);

public static class ReferralEndpoints
{
    public static void MapReferrals(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/candidates/{id}/referral", async (string id, ReferralRequest? body, IGrainFactory grains) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Region)) return Problems.Invalid("Indiquez votre région académique (region).");
            if (RectorReferral.ParseAcademicYear(body.LicenceYear) is not { } licenceYear)
                return Problems.Invalid("L'année de la licence s'écrit comme une année universitaire, par exemple 2024-2025.");
            var filed = await grains.GetGrain<ICandidateGrain>(id).FileReferral(body.Region.Trim(), licenceYear);
            if (filed.Result.Succeeded) return Results.Created($"/api/candidates/{id}/referral", null);
            if (filed.Unmet.Count == 0) return Problems.From(filed.Result);
            return Problems.Of(filed.Result.Error!.Value, $"{filed.Result.Message} {string.Join(" ", filed.Unmet.Select(u => u.Message))}", ("unmet", filed.Unmet));
        }).WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile().RequireRateLimiting(Limits.Writes)
          .WithSummary("Saisit le recteur de ma région académique (du 18 juillet, pendant 15 jours), si je remplis les conditions");

        app.MapGet("/api/candidates/{id}/referral", async (string id, IGrainFactory grains, LiveSettings live) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            if (!await candidate.Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            if ((await candidate.GetSnapshot()).ReferralRegion is not { } region)
                return Problems.Of(ApiErrors.NoReferral, "Vous n'avez pas saisi le recteur.");
            var referral = (await grains.GetGrain<IReferralDeskGrain>(IReferralDeskGrain.KeyOf(live.Campaign, region)).GetReferrals()).Single(r => r.CandidateId == id);
            return Results.Ok(new CandidateReferral(region, referral.FiledAt, await ProposalsAsync(grains, id, referral.Proposals), ReferralDesk.ProposalsOwed));
        }).WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile()
          .WithSummary("Ma saisine du recteur et les propositions reçues");

        var desk = app.MapGroup("/api/referrals/{region}").WithTags("Rectorats").RequireAuthorization(Access.Rector)
            .AddEndpointFilter(async (context, next) =>
                Access.IsRector(context.HttpContext.User, context.HttpContext.GetRouteValue("region") as string ?? "")
                    ? await next(context)
                    : Problems.Forbid("Ce rectorat n'est pas celui de votre région académique."));

        desk.MapGet("/", async (string region, IGrainFactory grains, LiveSettings live) =>
        {
            var referrals = await grains.GetGrain<IReferralDeskGrain>(IReferralDeskGrain.KeyOf(live.Campaign, region)).GetReferrals();
            var rows = await Task.WhenAll(referrals.Select(async r => new RectorReferralRow(r.CandidateId, r.FiledAt,
                RectorReferral.AcademicYear(r.LicenceYear), await ProposalsAsync(grains, r.CandidateId, r.Proposals), ReferralDesk.ProposalsOwed)));
            return Results.Ok(rows);
        }).WithSummary("Les candidats qui ont saisi ce rectorat, et les propositions faites à chacun (3 au moins)");

        desk.MapGet("/places", async (IGrainFactory grains, LiveFeed feed) =>
        {
            var formations = await feed.FormationsAsync();
            var stats = await Task.WhenAll(formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetStats()));
            return Results.Ok(formations.Zip(stats)
                .Select(p => (p.First, Free: p.Second.Capacity - p.Second.AcceptedProvisional - p.Second.AcceptedDefinitive - p.Second.PendingOffers))
                .Where(p => p.Free > 0)
                .Select(p => new FormationWithPlaces(p.First.Id, p.First.Establishment, p.First.Mention, p.First.Parcours, Codes.Of(p.First.Track), p.Free))
                .ToList());
        }).WithSummary("Les formations qui ont encore des places, pour les propositions");

        desk.MapPost("/{candidateId}/proposals", async (string region, string candidateId, ProposalRequest? body, IGrainFactory grains, LiveSettings live) =>
        {
            if (string.IsNullOrWhiteSpace(body?.FormationId)) return Problems.Invalid("Indiquez la formation proposée (formationId).");
            if (await grains.GetGrain<IFormationGrain>(body.FormationId).GetInfo() is null) return Problems.From(CommandResult.Of(AdmissionError.UnknownFormation));
            var result = await grains.GetGrain<IReferralDeskGrain>(IReferralDeskGrain.KeyOf(live.Campaign, region)).Propose(candidateId, body.FormationId);
            return result.Succeeded ? Results.Created($"/api/referrals/{region}", null) : Problems.From(result);
        }).RequireRateLimiting(Limits.Writes).WithSummary("Propose une place d'une formation à un candidat qui a saisi ce rectorat");

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

    private static async Task<IReadOnlyList<ApplicationView>> ProposalsAsync(IGrainFactory grains, string candidateId, IReadOnlyList<string> formations)
    {
        var views = await Task.WhenAll(formations.Select(f => grains.GetGrain<IFormationGrain>(f).GetApplication(candidateId)));
        return [.. views.OfType<ApplicationView>()];
    }
}
