using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

public sealed record RankingRequest(IReadOnlyList<string>? Ranked, IReadOnlyList<string>? NotRetained);

public sealed record EstablishmentFormation(
    string Id, string Mention, string Parcours, string Track, int Capacity, FormationStats Stats);

public static class FormationEndpoints
{
    public static void MapFormations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/establishments/{establishment}/formations", async (string establishment, ClaimsPrincipal user, LiveFeed feed, IGrainFactory grains) =>
        {
            if (!Access.IsEstablishment(user, establishment)) return Problems.Forbid();
            var own = (await feed.FormationsAsync()).Where(f => f.Establishment == establishment).ToList();
            var stats = await Task.WhenAll(own.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetStats()));
            return Results.Ok(own.Zip(stats, (f, s) => new EstablishmentFormation(f.Id, f.Mention, f.Parcours, Codes.Of(f.Track), f.Capacity, s)).ToList());
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment)
          .WithSummary("Mes formations, avec leurs compteurs");

        app.MapPut("/api/formations/{id}/ranking", async (string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var formation = grains.GetGrain<IFormationGrain>(id);
            if (await formation.GetInfo() is not { } info) return Problems.From(CommandResult.Of(AdmissionError.UnknownFormation));
            if (!Access.IsEstablishment(user, info.Establishment)) return Problems.Forbid("Cette formation n'est pas une formation de votre établissement.");
            var (ranking, problem) = await RankingReader.ReadAsync(request);
            if (problem is not null) return Problems.Invalid(problem);
            return Problems.From(await formation.Rank(ranking!.Ranked ?? [], ranking.NotRetained ?? []));
        }).WithTags("Établissements").RequireAuthorization(Access.Establishment).RequireRateLimiting(Limits.Writes)
          .Accepts<RankingRequest>("application/json", "text/csv")
          .WithSummary("Dépose le classement (JSON, ou CSV « candidate,rank » où rank vaut un entier ou not-retained)");

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
