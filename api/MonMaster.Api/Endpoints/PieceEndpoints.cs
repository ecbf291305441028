using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Pieces;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>The pieces of a candidate file (brochure, section 2): uploaded by the candidate, read by them and by the establishments they applied to.</summary>
public static class PieceEndpoints
{
    public static void MapPieces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/candidates/{id}/pieces").WithTags("Candidats");

        group.MapPut("/{kind}", async (string id, string kind, IFormFile? file, IGrainFactory grains, IPieceStore store, LiveSettings live) =>
        {
            if (!PieceKinds.IsKnown(kind)) return UnknownPiece(kind);
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            if (!await candidate.Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            var (content, problem) = await Uploads.ReadAsync(file);
            if (problem is not null) return problem;
            // Dated by the campaign's clock, as every deadline the candidate reads (virtual in the demo).
            var uploadedAt = (await grains.GetGrain<ICampaignGrain>(live.Campaign).GetView()).Now;
            var piece = StoredPiece.Of(id, kind, file!.FileName, UploadRules.MediaTypeOf(file.FileName)!, content, uploadedAt);
            await store.PutAsync(piece, content);
            // The close of applications (25 March) looks at the kinds the file holds: the engine learns of this one.
            await candidate.DeclarePiece(kind);
            return Results.Created($"/api/candidates/{id}/pieces/{kind}", piece);
        }).RequireAuthorization(Access.Candidate).RequireOwnFile().RequireRateLimiting(Limits.Writes).AcceptsUpload()
          .WithSummary("Dépose une pièce du dossier (JPEG, JPG, PNG ou PDF, 2 Mo au plus ; nom sans accent ni espace, 100 caractères au plus)");

        // Employer contracts share the store (kind contract-{formation}) but are read through their formation only.
        group.MapGet("/", async (string id, ClaimsPrincipal user, IGrainFactory grains, LiveFeed feed, IPieceStore store) =>
            await MayReadAsync(user, id, grains, feed)
                ? Results.Ok((await store.ListAsync(id)).Where(p => PieceKinds.IsKnown(p.Kind)).ToList())
                : Problems.Forbid())
            .RequireAuthorization().WithSummary("Les pièces du dossier (le candidat, et les établissements auxquels il a candidaté)");

        group.MapGet("/{kind}", async (string id, string kind, ClaimsPrincipal user, IGrainFactory grains, LiveFeed feed, IPieceStore store) =>
        {
            if (!await MayReadAsync(user, id, grains, feed)) return Problems.Forbid();
            if (!PieceKinds.IsKnown(kind) || await store.GetAsync(id, kind) is not { } found) return UnknownPiece(kind);
            return Results.File(found.Content, found.Piece.MediaType, found.Piece.FileName);
        }).RequireAuthorization().WithSummary("Une pièce du dossier, telle que déposée");
    }

    private static IResult UnknownPiece(string kind) => Problems.Of(ApiErrors.UnknownPiece, $"Aucune pièce « {kind} » dans ce dossier (pièces possibles : {string.Join(", ", PieceKinds.All.Keys)}).");

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

/// <summary>What a file upload (a piece, an employer contract) goes through: the size the server reads, then the brochure's rules.</summary>
public static class Uploads
{
    /// <summary>Room for a 2 MB file and its multipart envelope; anything bigger is cut short by the server.</summary>
    public const long RequestLimit = UploadRules.MaxBytes + 64 * 1024;

    /// <summary>A multipart upload of one file (field « file »), limited in size, without antiforgery (bearer tokens).</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder builder) => builder.DisableAntiforgery()
        .WithMetadata(new RequestSizeLimitAttribute(RequestLimit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = RequestLimit });

    /// <summary>The file's bytes when it follows the upload rules; else the problem to answer, in French.</summary>
    public static async Task<(byte[] Content, IResult? Problem)> ReadAsync(IFormFile? file)
    {
        if (file is null) return ([], Problems.Invalid("Joignez le fichier (champ « file » d'un formulaire multipart/form-data)."));
        var content = await ReadAtMostAsync(file);
        if (UploadRules.Check(file.FileName, content) is { } error) return ([], Problems.Of(error));
        return (content, null);
    }

    /// <summary>Reads at most one byte more than allowed: enough to tell a file is too large without holding all of it.</summary>
    private static async Task<byte[]> ReadAtMostAsync(IFormFile file)
    {
        await using var stream = file.OpenReadStream();
        var buffer = new byte[Math.Min(file.Length, UploadRules.MaxBytes + 1)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }
}
