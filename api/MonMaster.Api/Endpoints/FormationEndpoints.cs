using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

public sealed record RankingRequest(IReadOnlyList<string>? Ranked, IReadOnlyList<string>? NotRetained);
public sealed record WorkStudyAnswerRequest(string? Answer);
public sealed record ComplementaryRequest(int? Places);

/// <summary>
/// An applicant as the establishment sees them. <paramref name="Status"/> is what the candidate sees;
/// <paramref name="WorkStudyAnswer"/>, the establishment's answer not yet shown to the candidate (before 2 May).
/// </summary>
public sealed record FormationApplication(
    string CandidateId, ApplicationStatus Status, ApplicationStatus? WorkStudyAnswer, int? Position, DateTimeOffset? Deadline, int? Rank, ContractState? Contract,
    IReadOnlyList<ReviewRequest>? Reviews = null, IReadOnlyList<ActionWindow>? Actions = null);

/// <summary>
/// Each applicant's <c>actions</c>: what the establishment may do now (<c>answer-work-study</c>, <c>decide-contract</c>) and
/// until when, on the campaign's clock <paramref name="Now"/>; <paramref name="RefreshAt"/>: when the calendar alone next opens or closes one.
/// </summary>
public sealed record FormationApplications(
    string FormationId, string Track, IReadOnlyList<FormationApplication> Applications, DateTimeOffset? Now = null, DateTimeOffset? RefreshAt = null);

public sealed record EstablishmentFormation(
    string Id, string Mention, string Parcours, string Track, int Capacity, FormationStats Stats);

public static class FormationEndpoints
{
    public static void MapFormations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/establishments/{establishment}/formations", async (string establishment, LiveFeed feed, IGrainFactory grains) =>
        {
            var own = (await feed.FormationsAsync()).Where(f => f.Establishment == establishment).ToList();
            var stats = await Task.WhenAll(own.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetStats()));
            return Results.Ok(own.Zip(stats, (f, s) => new EstablishmentFormation(f.Id, f.Mention, f.Parcours, Codes.Of(f.Track), f.Capacity, s)).ToList());
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnEstablishment()
          .WithSummary("Mes formations, avec leurs compteurs");

        app.MapPut("/api/formations/{id}/ranking", async (string id, HttpRequest request, IGrainFactory grains) =>
        {
            var (ranking, problem) = await RankingReader.ReadAsync(request);
            if (problem is not null) return Problems.Invalid(problem);
            return Problems.From(await grains.GetGrain<IFormationGrain>(id).Rank(ranking!.Ranked ?? [], ranking.NotRetained ?? []));
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation().RequireRateLimiting(Limits.Writes)
          .Accepts<RankingRequest>("application/json", "text/csv")
          .WithSummary("Dépose le classement (JSON, ou CSV « candidate,rank » où rank vaut un entier ou not-retained)");

        app.MapGet("/api/formations/{id}/applications", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            var info = Access.FormationOf(http);
            var campaign = grains.GetGrain<ICampaignGrain>(info.Year).GetView();
            var snapshot = await grains.GetGrain<IFormationGrain>(id).GetSnapshot();
            var now = (await campaign).Now;
            var calendar = new CampaignCalendar(info.Year);
            var applications = snapshot.Applications.OrderBy(a => a.CandidateId, StringComparer.Ordinal)
                .Select(a => new FormationApplication(a.CandidateId, a.Status, a.WorkStudyAnswer, a.Position, a.Deadline, a.Rank, a.Contract, a.Reviews,
                    [.. calendar.EstablishmentActions(info.Track, a.Status, a.Contract ?? ContractState.None, now).Select(ActionWindow.Of)]))
                .ToList();
            return Results.Ok(new FormationApplications(id, Codes.Of(info.Track), applications, now, calendar.NextActionChangeAfter(now)));
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation()
          .WithSummary("Les candidatures reçues par une formation : statut, réponse d'alternance, position, rang, contrat");

        app.MapPut("/api/formations/{id}/work-study-answers/{candidateId}", async (string id, string candidateId, WorkStudyAnswerRequest? body, IGrainFactory grains) =>
        {
            bool? contractSearch = body?.Answer switch { "contract-search" => true, "not-retained" => false, _ => null };
            if (contractSearch is not { } search)
                return Problems.Invalid("La réponse (answer) est « contract-search » (placer en recherche de contrat) ou « not-retained » (ne pas retenir).");
            if (!await grains.GetGrain<ICandidateGrain>(candidateId).Exists()) return Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
            return Problems.From(await grains.GetGrain<IFormationGrain>(id).AnswerWorkStudy(candidateId, search));
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation().RequireRateLimiting(Limits.Writes)
          .WithSummary("Répond à une candidature en alternance (31 mars – 1er mai) : recherche de contrat ou non retenue ; montré au candidat le 2 mai");

        app.MapPut("/api/formations/{id}/complementary", async (string id, ComplementaryRequest? body, IGrainFactory grains) =>
        {
            if (body?.Places is not { } places) return Problems.Invalid("Indiquez le nombre de places ouvertes en phase complémentaire (places, un entier d'au moins 1).");
            return Problems.From(await grains.GetGrain<IFormationGrain>(id).OpenComplementary(places));
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireOwnFormation().RequireRateLimiting(Limits.Writes)
          .WithSummary("Ouvre des places en phase complémentaire (2 – 23 juin) : au moins 1, au plus les places non acceptées ; remplace un nombre déjà ouvert");

        app.MapGet("/api/formations/{id}/stats", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var formation = grains.GetGrain<IFormationGrain>(id);
            if (await formation.GetInfo() is not { } info) return Problems.From(CommandResult.Of(AdmissionError.UnknownFormation));
            if (!user.IsInRole(Access.Operator) && !Access.IsEstablishment(user, info.Establishment))
                return Problems.Forbid("Cette formation n'est pas une formation de votre établissement.");
            return Results.Ok(await formation.GetStats());
        }).WithTags("Établissements").RequireAuthorization($"{Access.Establishment}-or-{Access.Operator}")
          .WithSummary("Compteurs d'une formation : capacité, acceptations, propositions en attente, liste d'attente, rang du dernier appelé, taux de remplissage");
    }
}

/// <summary>Reads a ranking sent as JSON or as CSV; says in French what is wrong with a bad one.</summary>
public static class RankingReader
{
    public static async Task<(RankingRequest? Ranking, string? Problem)> ReadAsync(HttpRequest request)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (type is "text/csv") return ParseCsv(text);
        if (type is not "application/json") return (null, "Envoyez le classement en JSON (application/json) ou en CSV (text/csv).");
        try
        {
            var ranking = JsonSerializer.Deserialize<RankingRequest>(text, JsonSerializerOptions.Web);
            if (ranking?.Ranked is null) return (null, "Le classement JSON doit contenir « ranked » (liste ordonnée des candidats).");
            return (ranking, null);
        }
        catch (JsonException e)
        {
            return (null, $"Le classement JSON est illisible : {e.Message}");
        }
    }

    /// <summary>Lines "candidate,rank": an integer rank (1 is first), or not-retained. A header line is optional.</summary>
    public static (RankingRequest? Ranking, string? Problem) ParseCsv(string text)
    {
        var ranked = new List<(int Rank, string Candidate)>();
        var notRetained = new List<string>();
        var lines = text.Replace("\r", "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.StartsWith("candidate", StringComparison.OrdinalIgnoreCase))) continue;
            var cells = line.Split(line.Contains(';') ? ';' : ',').Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length != 2 || cells[0].Length == 0) return (null, $"Ligne {i + 1} : attendu « candidat,rang ».");
            if (cells[1] is "not-retained" or "non-retenu") notRetained.Add(cells[0]);
            else if (int.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank > 0) ranked.Add((rank, cells[0]));
            else return (null, $"Ligne {i + 1} : le rang « {cells[1]} » n'est ni un entier positif ni « not-retained ».");
        }
        if (ranked.GroupBy(r => r.Rank).FirstOrDefault(g => g.Count() > 1) is { } tie)
            return (null, $"Le rang {tie.Key} est donné à plusieurs candidats.");
        return (new RankingRequest([.. ranked.OrderBy(r => r.Rank).Select(r => r.Candidate)], notRetained), null);
    }
}
