using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Api.Pieces;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>The pieces of a candidate file (brochure, section 2): uploaded by the candidate, read by them and by the establishments they applied to.</summary>
public static class PieceEndpoints
{
    /// <summary>Room for a 2 MB file and its multipart envelope; anything bigger is cut short by the server.</summary>
    private const long RequestLimit = UploadRules.MaxBytes + 64 * 1024;

    public static void MapPieces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/candidates/{id}/pieces").WithTags("Candidats");

        group.MapPut("/{kind}", async (string id, string kind, IFormFile? file, IGrainFactory grains, IPieceStore store) =>
        {
            if (!PieceKinds.IsKnown(kind)) return UnknownPiece(kind);
            if (!await grains.GetGrain<ICandidateGrain>(id).Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            if (file is null) return Problems.Invalid("Joignez le fichier (champ « file » d'un formulaire multipart/form-data).");
            var content = await ReadAsync(file);
            if (UploadRules.Check(file.FileName, content) is { } error) return Problems.Of(error.Code(), error.Explain(), StatusOf(error));
            var piece = StoredPiece.Of(id, kind, file.FileName, UploadRules.MediaTypeOf(file.FileName)!, content, DateTimeOffset.UtcNow);
            await store.PutAsync(piece, content);
            return Results.Created($"/api/candidates/{id}/pieces/{kind}", piece);
        }).RequireAuthorization(Access.Candidate).RequireOwnFile().RequireRateLimiting(Limits.Writes).DisableAntiforgery()
          .WithMetadata(new RequestSizeLimitAttribute(RequestLimit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = RequestLimit })
          .WithSummary("Dépose une pièce du dossier (JPEG, JPG, PNG ou PDF, 2 Mo au plus ; nom sans accent ni espace, 100 caractères au plus)");

        group.MapGet("/", async (string id, ClaimsPrincipal user, IGrainFactory grains, LiveFeed feed, IPieceStore store) =>
            await MayReadAsync(user, id, grains, feed) ? Results.Ok(await store.ListAsync(id)) : Problems.Forbid())
            .RequireAuthorization().WithSummary("Les pièces du dossier (le candidat, et les établissements auxquels il a candidaté)");

        group.MapGet("/{kind}", async (string id, string kind, ClaimsPrincipal user, IGrainFactory grains, LiveFeed feed, IPieceStore store) =>
        {
            if (!await MayReadAsync(user, id, grains, feed)) return Problems.Forbid();
            if (await store.GetAsync(id, kind) is not { } found) return UnknownPiece(kind);
            return Results.File(found.Content, found.Piece.MediaType, found.Piece.FileName);
        }).RequireAuthorization().WithSummary("Une pièce du dossier, telle que déposée");
    }

    private static IResult UnknownPiece(string kind) => Problems.Of("unknown-piece", $"Aucune pièce « {kind} » dans ce dossier (pièces possibles : {string.Join(", ", PieceKinds.All.Keys)}).", StatusCodes.Status404NotFound);

    private static int StatusOf(UploadError error) => error switch
    {
        UploadError.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
        UploadError.FileTypeNotAllowed or UploadError.FileContentMismatch => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Reads at most one byte more than allowed: enough to tell a file is too large without holding all of it.</summary>
    private static async Task<byte[]> ReadAsync(IFormFile file)
    {
        await using var stream = file.OpenReadStream();
        var buffer = new byte[Math.Min(file.Length, UploadRules.MaxBytes + 1)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    /// <summary>The candidate, or an establishment with a formation the candidate applied to.</summary>
    /// <summary>The candidate, and the establishments they applied to, may read their file.</summary>
    internal static async Task<bool> MayReadAsync(ClaimsPrincipal user, string candidateId, IGrainFactory grains, LiveFeed feed)
    {
        if (Access.IsCandidate(user, candidateId)) return true;
        if (!user.IsInRole(Access.Establishment) || Access.EstablishmentOf(user) is not { } establishment) return false;
        var applications = await grains.GetGrain<ICandidateGrain>(candidateId).GetApplications();
        var formations = (await feed.FormationsAsync()).ToDictionary(f => f.Id, f => f.Establishment);
        return applications.Any(a => formations.GetValueOrDefault(a.FormationId) == establishment);
    }
}
