using System.Security.Claims;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>Section 2: the candidate file common to all applications.</summary>
public static class ProfileEndpoints
{
    public static void MapProfiles(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/candidates/{id}/profile", async (string id, CandidateProfile? profile, IGrainFactory grains, LiveSettings live) =>
        {
            if (profile is null) return Problems.Invalid("Envoyez le dossier : identité, coordonnées, dernier diplôme, cursus, baccalauréat, expériences.");
            if (!await grains.GetGrain<ICandidateGrain>(id).Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            var problems = await grains.GetGrain<ICandidateProfileGrain>(id).Save(profile, live.Campaign);
            if (problems.Count == 0) return Results.NoContent();
            return Problems.Listing(ApiErrors.InvalidProfile, problems);
        }).WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile().RequireRateLimiting(Limits.Writes)
          .WithSummary("Enregistre mon dossier : identité, coordonnées, dernier diplôme, cursus post-bac, baccalauréat, stages et expériences");

        app.MapGet("/api/candidates/{id}/profile", async (string id, ClaimsPrincipal user, IGrainFactory grains, LiveFeed feed) =>
        {
            if (!await PieceEndpoints.MayReadAsync(user, id, grains, feed)) return Problems.Forbid();
            return await grains.GetGrain<ICandidateProfileGrain>(id).Get() is { } profile
                ? Results.Ok(profile)
                : Problems.Of(ApiErrors.NoProfile, "Ce dossier n'a pas encore été rempli.");
        }).WithTags("Candidats").RequireAuthorization()
          .WithSummary("Le dossier du candidat (le candidat, et les établissements auxquels il a candidaté)");
    }
}
