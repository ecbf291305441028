using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Live;
using MonMaster.Catalogue;
using MonMaster.Grains;
using MonMaster.Tests.Api;

namespace MonMaster.Tests.Catalogue;

/// <summary>A node whose catalogue is <see cref="SmallCatalogue"/>, published to the engine, in the application phase.</summary>
public class CatalogueNode : CampaignNode
{
    public Publication Publication => Node.Services.GetRequiredService<Publication>();

    protected override async Task SeedAsync()
    {
        await Node.Services.GetRequiredService<ICatalogueStore>().UpsertAsync(SmallCatalogue.Formations, CancellationToken.None);
        await Campaign.Campaign.AddFormations([.. SmallCatalogue.Formations.Where(f => f.ViaPlatform).Select(f => f.ToEngine())]);
        await Publication.RefreshAsync();
    }
}

public sealed record Hit(string Id, string Establishment, string Mention, double? DistanceKm);
public sealed record Facet(string Value, string Label, int Count);
public sealed record Facets(IReadOnlyList<Facet> Regions, IReadOnlyList<Facet> Mentions, int ViaPlatform);
public sealed record Found(int Total, IReadOnlyList<Hit> Hits, Facets Facets, IReadOnlyList<JsonElement> Map);
