using MonMaster.Admission;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

public sealed record CreateCandidateRequest(int? Year);
public sealed record ApplyRequest(string? FormationId);
public sealed record AcceptRequest(string? Mode, IReadOnlyList<string>? KeepWaitlists);
public sealed record PreferenceRequest(IReadOnlyList<string?>? Formations);

/// <summary>One application as the candidate sees it, with the formation it is for (and, in work-study, the employer contract's state).</summary>
public sealed record CandidateApplication(
    string FormationId, string? Establishment, string? Mention, string? Parcours, string? Track,
    ApplicationStatus Status, int? Position, DateTimeOffset? Deadline, ContractState? Contract = null, IReadOnlyList<ReviewRequest>? Reviews = null,
    IReadOnlyList<RequiredPiece>? Pieces = null);

/// <summary><paramref name="Preference"/>: the complementary phase's order as saved (best first, held offer last); null until saved.</summary>
public sealed record CandidateApplications(
    string CandidateId, string? Held, IReadOnlyList<CandidateApplication> Applications, IReadOnlyList<string>? Preference = null);

public static class CandidateEndpoints
{
    public static RouteGroupBuilder MapCandidates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/candidates/{id}").WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile();

        group.MapPut("/", async (string id, CreateCandidateRequest? body, IGrainFactory grains, LiveSettings live) =>
        {
            await grains.GetGrain<ICandidateGrain>(id).Create(body?.Year ?? live.Campaign);
            return Results.NoContent();
        }).WithSummary("Crée mon dossier candidat (sans effet s'il existe)").RequireRateLimiting(Limits.Writes);

        group.MapPost("/applications", async (string id, ApplyRequest? body, IGrainFactory grains, Publication catalogue) =>
        {
            if (string.IsNullOrWhiteSpace(body?.FormationId)) return Problems.Invalid("Indiquez la formation (formationId).");
            if (catalogue.Find(body.FormationId) is { ViaPlatform: false } direct)
                return Problems.Of(ApiErrors.ApplyAtEstablishment, $"« {direct.Mention} » à {direct.Establishment} recrute directement : candidatez auprès de l'établissement ({direct.Website ?? "voir la fiche"}).");
            var result = await grains.GetGrain<ICandidateGrain>(id).Apply(body.FormationId);
            return result.Succeeded ? Results.Created($"/api/candidates/{id}/applications", null) : Problems.From(result);
        }).WithSummary("Candidate à une formation").RequireRateLimiting(Limits.Writes);

        group.MapGet("/applications", async (string id, IGrainFactory grains, LiveFeed feed) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            if (!await candidate.Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            var views = candidate.GetApplications();
            var file = candidate.GetSnapshot();
            var formations = (await feed.FormationsAsync()).ToDictionary(f => f.Id);
            // Mapped field by field: a view also carries what only the establishment sees (its answer before 2 May).
            var applications = (await views).Select(v =>
            {
                var f = formations.GetValueOrDefault(v.FormationId);
                return new CandidateApplication(v.FormationId, f?.Establishment, f?.Mention, f?.Parcours,
                    f is null ? null : Codes.Of(f.Track), v.Status, v.Position, v.Deadline, v.Contract, v.Reviews, f?.Pieces);
            }).ToList();
            var held = applications.FirstOrDefault(a => a.Status is ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive)?.FormationId;
            return Results.Ok(new CandidateApplications(id, held, applications, (await file).Preference));
        }).WithSummary("Mes candidatures : statut, position, délai de réponse, proposition acceptée, contrat d'alternance, ordre de préférence");

        group.MapPut("/preferences", async (string id, PreferenceRequest? body, IGrainFactory grains) =>
        {
            if (body?.Formations is not { } formations || formations.Any(string.IsNullOrWhiteSpace))
                return Problems.Invalid("Indiquez vos candidatures encore en cours dans l'ordre de vos préférences, la préférée d'abord (formations : liste d'identifiants de formation).");
            return Problems.From(await grains.GetGrain<ICandidateGrain>(id).RankPreferences([.. formations!]));
        }).WithSummary("Mon ordre de préférence pour la phase complémentaire (17–23 juin) : chaque candidature encore en cours une fois, la préférée d'abord ; la proposition acceptée reste en dernier")
          .RequireRateLimiting(Limits.Writes);

        group.MapPost("/offers/{formationId}/accept", async (string id, string formationId, AcceptRequest? body, IGrainFactory grains) =>
        {
            if (Codes.ParseMode(body?.Mode) is not { } mode)
                return Problems.Invalid("Le mode d'acceptation est « provisional » (provisoire) ou « definitive » (définitive).");
            return Problems.From(await grains.GetGrain<ICandidateGrain>(id).Accept(formationId, mode, body!.KeepWaitlists));
        }).WithSummary("Accepte une proposition, provisoirement (en gardant des listes d'attente) ou définitivement").RequireRateLimiting(Limits.Writes);

        group.MapPost("/offers/{formationId}/refuse", async (string id, string formationId, IGrainFactory grains) =>
            Problems.From(await grains.GetGrain<ICandidateGrain>(id).Refuse(formationId)))
            .WithSummary("Refuse une proposition").RequireRateLimiting(Limits.Writes);

        group.MapPost("/waitlists/{formationId}/renounce", async (string id, string formationId, IGrainFactory grains) =>
            Problems.From(await grains.GetGrain<ICandidateGrain>(id).Renounce(formationId)))
            .WithSummary("Renonce à une liste d'attente").RequireRateLimiting(Limits.Writes);

        return group;
    }
}
