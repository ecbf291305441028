using System.Security.Claims;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Pieces;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>
/// Work-study employer contracts (brochure, section 4): the candidate in contract search files one for a formation,
/// which validates or refuses it. The file is kept in the piece store under the kind <c>contract-{formationId}</c>, a
/// kind the piece routes neither list nor serve: only the formation's establishment and the candidate read it.
/// </summary>
public static class ContractEndpoints
{
    public static string KindOf(string formationId) => $"contract-{formationId}";

    public static void MapContracts(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/candidates/{id}/contracts/{formationId}", async (string id, string formationId, IFormFile? file, IGrainFactory grains, IPieceStore store, LiveSettings live) =>
        {
            if (!await grains.GetGrain<ICandidateGrain>(id).Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            var (content, problem) = await Uploads.ReadAsync(file);
            if (problem is not null) return problem;
            // The engine first: a contract it refuses (wrong phase, not in contract search, already validated…) stores
            // nothing. Taken, the file is stored; should that fail, the request fails and uploading again repairs it
            // (a new contract replaces a pending one).
            var taken = await grains.GetGrain<IFormationGrain>(formationId).UploadContract(id);
            if (!taken.Succeeded) return Problems.From(taken);
            var uploadedAt = (await grains.GetGrain<ICampaignGrain>(live.Campaign).GetView()).Now;
            var contract = StoredPiece.Of(id, KindOf(formationId), file!.FileName, UploadRules.MediaTypeOf(file.FileName)!, content, uploadedAt);
            await store.PutAsync(contract, content);
            return Results.Created($"/api/formations/{formationId}/contracts/{id}", contract);
        }).WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile().RequireRateLimiting(Limits.Writes).AcceptsUpload()
          .WithSummary("Dépose mon contrat d'alternance pour une formation où je suis en recherche de contrat (JPEG, JPG, PNG ou PDF, 2 Mo au plus) ; il remplace un contrat en attente ou refusé");

        app.MapGet("/api/formations/{id}/contracts/{candidateId}", async (string id, string candidateId, ClaimsPrincipal user, IGrainFactory grains, IPieceStore store) =>
        {
            if (await grains.GetGrain<IFormationGrain>(id).GetInfo() is not { } info) return Problems.From(CommandResult.Of(AdmissionError.UnknownFormation));
            if (!Access.IsEstablishment(user, info.Establishment) && !Access.IsCandidate(user, candidateId))
                return Problems.Forbid("Seuls l'établissement de la formation et le candidat lisent ce contrat.");
            if (await store.GetAsync(candidateId, KindOf(id)) is not { } found)
                return Problems.Of(ApiErrors.UnknownContract, "Aucun contrat n'a été déposé pour cette candidature.");
            return Results.File(found.Content, found.Piece.MediaType, found.Piece.FileName);
        }).WithTags("Établissements").RequireAuthorization()
          .WithSummary("Le contrat d'alternance d'un candidat, tel que déposé (l'établissement de la formation et le candidat)");

        app.MapPost("/api/formations/{id}/contracts/{candidateId}/validate", (string id, string candidateId, IGrainFactory grains) =>
            DecideAsync(grains, id, candidateId, validate: true))
            .WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation().RequireRateLimiting(Limits.Writes)
            .WithSummary("Valide le contrat en attente d'un candidat en recherche de contrat (à partir du 13 juin, il peut alors être appelé)");

        app.MapPost("/api/formations/{id}/contracts/{candidateId}/refuse", (string id, string candidateId, IGrainFactory grains) =>
            DecideAsync(grains, id, candidateId, validate: false))
            .WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation().RequireRateLimiting(Limits.Writes)
            .WithSummary("Refuse le contrat en attente d'un candidat (il peut en déposer un autre)");
    }

    private static async Task<IResult> DecideAsync(IGrainFactory grains, string formationId, string candidateId, bool validate)
    {
        if (!await grains.GetGrain<ICandidateGrain>(candidateId).Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
        return Problems.From(await grains.GetGrain<IFormationGrain>(formationId).DecideContract(candidateId, validate));
    }
}
