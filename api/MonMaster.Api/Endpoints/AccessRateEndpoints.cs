using MonMaster.Admission;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

/// <summary>An access rate as published at the end of a campaign: rank of the last called / applications transmitted.</summary>
public sealed record YearAccessRate(int Year, double? AccessRate);

/// <summary>The access rates of past campaigns, kept per year and shown the next year (brochure, "taux d'accès").</summary>
public static class AccessRateEndpoints
{
    private const int YearsShown = 3;

    public static void MapAccessRates(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/formations/{id}/access-rates", async (string id, IGrainFactory grains, LiveSettings live) =>
        {
            if (await grains.GetGrain<IFormationGrain>(id).GetInfo() is null) return Problems.From(CommandResult.Of(AdmissionError.UnknownFormation));
            var years = Enumerable.Range(live.Campaign - YearsShown, YearsShown + 1).Reverse().ToList();
            var recorded = await Task.WhenAll(years.Select(y => grains.GetGrain<ICampaignGrain>(y).GetAccessRates()));
            return Results.Ok(years.Zip(recorded)
                .Where(p => p.Second?.ContainsKey(id) == true)
                .Select(p => new YearAccessRate(p.First, p.Second![id]))
                .ToList());
        }).WithTags("Formations").RequireAuthorization()
          .WithSummary("Taux d'accès des campagnes terminées (rang du dernier appelé / candidatures transmises), du plus récent au plus ancien");
    }
}
