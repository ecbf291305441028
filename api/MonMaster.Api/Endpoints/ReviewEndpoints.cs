using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>A summons or a request, as the establishment writes it.</summary>
public sealed record ReviewRequestBody(
    string? Kind, string? Message, DateTimeOffset? At, string? Place, string? Link, string? Piece, DateTimeOffset? AnswerBy);

public sealed record ReviewAnswerBody(string? Answer);

/// <summary>Section 3: establishments summon candidates and ask them to clarify or send another version of a piece; candidates answer.</summary>
public static class ReviewEndpoints
{
    public static void MapReviews(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/formations/{id}/applications/{candidateId}/reviews", async (string id, string candidateId, ReviewRequestBody? body,
            IGrainFactory grains) =>
        {
            if (body is not { Kind: { } kind, Message: { } message, AnswerBy: { } answerBy })
                return Problems.Invalid("Indiquez le type de demande (kind), le message et la date limite de réponse (answerBy).");
            var request = new ReviewRequest { Kind = kind, Message = message, At = body.At, Place = body.Place, Link = body.Link, Piece = body.Piece, AnswerBy = answerBy };
            // The shape here, with a sentence that says what is missing; the dates against the campaign's clock, in the grain.
            if (request.Invalid(DateTimeOffset.MinValue) is { } why) return Problems.Of(AdmissionError.InvalidReview, why);
            var result = await grains.GetGrain<IFormationGrain>(id).RequestReview(candidateId, request);
            return result.Succeeded ? Results.Created($"/api/formations/{id}/applications/{candidateId}/reviews", null) : Problems.From(result);
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation().RequireRateLimiting(Limits.Writes)
          .WithSummary("Convoque un candidat (entretien, épreuve écrite, concours) ou lui demande une précision ou une autre version d'une pièce");

        app.MapPost("/api/candidates/{id}/applications/{formationId}/reviews/{requestId:int}/answer", async (string id, string formationId, int requestId,
            ReviewAnswerBody? body, IGrainFactory grains, LiveFeed feed, LiveSettings live, HttpRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Answer)) return Problems.Invalid("Écrivez votre réponse (answer).");
            var result = await grains.GetGrain<IFormationGrain>(formationId).AnswerReview(id, requestId, body.Answer);
            return await CandidateEndpoints.AnsweredAsync(id, result, grains, feed, live, request);
        }).WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile().RequireRateLimiting(Limits.Writes)
          .WithSummary("Répond à une demande de l'établissement (jusqu'à la date qu'il a fixée) ; renvoie mes candidatures à jour");
    }
}
