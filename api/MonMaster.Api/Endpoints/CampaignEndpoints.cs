using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

public sealed record ClockRequest(DateTimeOffset? AdvanceTo);

/// <summary>The campaign's time, which everyone's deadlines count on (virtual in demos and simulations).</summary>
public sealed record CampaignClockView(int Year, CampaignPhase Phase, DateTimeOffset Now, bool VirtualClock);
/// <summary><paramref name="ApplicationCloseAt"/>: the close of applications (25 March 00:00), where the demo's operator jumps first.</summary>
public sealed record CampaignStatus(CampaignView Campaign, CampaignCounters Counters, DateTimeOffset? ApplicationCloseAt = null);
public sealed record TokenRequest(string? Role, string? Subject);
public sealed record TokenResponse(string Token);

public static class CampaignEndpoints
{
    public static void MapCampaigns(this IEndpointRouteBuilder app)
    {
        // Any signed-in user reads the campaign's clock: a countdown to a deadline must count on it.
        app.MapGet("/api/campaigns/{year:int}/clock", async (int year, IGrainFactory grains) =>
        {
            var view = await grains.GetGrain<ICampaignGrain>(year).GetView();
            if (view.Formations == 0) return Problems.Of(ApiErrors.UnknownCampaign, $"La campagne {year} n'existe pas.");
            return Results.Ok(new CampaignClockView(view.Year, view.Phase, view.Now, view.VirtualClock));
        }).WithTags("Campagne").RequireAuthorization().WithSummary("Heure et phase de la campagne (l'horloge des délais de réponse)");

        // The campaign this platform serves: the pages take its year from here rather than writing it down.
        app.MapGet("/api/campaign", async (IGrainFactory grains, LiveSettings live) =>
        {
            var view = await grains.GetGrain<ICampaignGrain>(live.Campaign).GetView();
            return Results.Ok(new CampaignClockView(view.Year, view.Phase, view.Now, view.VirtualClock));
        }).WithTags("Campagne").RequireAuthorization().WithSummary("La campagne en cours : année, phase et horloge");

        var group = app.MapGroup("/api/campaigns/{year:int}").WithTags("Opérateurs").RequireAuthorization(Access.Operator);

        group.MapGet("/", async (int year, IGrainFactory grains) =>
        {
            var campaign = grains.GetGrain<ICampaignGrain>(year);
            var view = await campaign.GetView();
            if (view.Formations == 0) return Problems.Of(ApiErrors.UnknownCampaign, $"La campagne {year} n'existe pas.");
            var stats = await Task.WhenAll((await campaign.GetFormationIds()).Select(id => grains.GetGrain<IFormationGrain>(id).GetStats()));
            return Results.Ok(new CampaignStatus(view, CampaignCounters.Of(stats, []), new CampaignCalendar(year).ApplicationCloseWork));
        }).WithSummary("Phase, horloge et compteurs de la campagne");

        group.MapPost("/clock", async (int year, ClockRequest? body, IGrainFactory grains) =>
        {
            if (body?.AdvanceTo is not { } to) return Problems.Invalid("Indiquez la date visée (advanceTo), avec son fuseau, par exemple 2025-06-03T06:00:00+02:00.");
            var campaign = grains.GetGrain<ICampaignGrain>(year);
            var view = await campaign.GetView();
            if (view.Formations == 0) return Problems.Of(ApiErrors.UnknownCampaign, $"La campagne {year} n'existe pas.");
            if (!view.VirtualClock) return Problems.Of(ApiErrors.NotVirtualClock, "La campagne suit l'heure réelle : son horloge ne se déplace pas.");
            if (to < view.Now) return Problems.Of(ApiErrors.ClockBackwards, $"L'horloge ne recule pas : elle est déjà au {CampaignCalendar.Describe(view.Now)}.");
            await campaign.AdvanceClock(to);
            return Results.Ok(await campaign.GetView());
        }).WithSummary("Avance l'horloge virtuelle de la campagne (tous les traitements prévus en chemin sont exécutés)").RequireRateLimiting(Limits.Writes);
    }

    /// <summary>Demo mode only: tokens for anyone, to try the platform.</summary>
    public static void MapDevTokens(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/tokens", (TokenRequest? body, TokenIssuer issuer) =>
        {
            if (body?.Role is not { } role || !Access.Roles.Contains(role))
                return Problems.Invalid("Le rôle est « candidate », « establishment », « operator » ou « rector » (rectorat, sujet : la région académique).");
            if (string.IsNullOrWhiteSpace(body.Subject) || body.Subject.Length > 200)
                return Problems.Invalid("Indiquez le sujet du jeton (subject) : l'identifiant du candidat, l'établissement ou le nom de l'opérateur.");
            return Results.Ok(new TokenResponse(issuer.Issue(role, body.Subject)));
        }).WithTags("Démonstration").AllowAnonymous().WithSummary("Jeton de démonstration pour un rôle et un sujet (mode démo seulement)");
    }
}
