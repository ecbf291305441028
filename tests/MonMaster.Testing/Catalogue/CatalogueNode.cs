using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Api.Catalogue;
using MonMaster.Tests.Api;

namespace MonMaster.Tests.Catalogue;

/// <summary>A node whose catalogue is <see cref="SmallCatalogue"/>, published to the engine, in the application phase.</summary>
public class CatalogueNode : CampaignNode
{
    public Publication Publication => Node.Services.GetRequiredService<Publication>();

    protected override async Task SeedAsync()
    {
        // As an operator's load does: the engine, the store, this node's index.
        await Publication.LoadAsync(SmallCatalogue.Formations);
    }
}

public sealed record Hit(string Id, string Establishment, string Mention, double? DistanceKm);
public sealed record Facet(string Value, string Label, int Count);
public sealed record Facets(IReadOnlyList<Facet> Regions, IReadOnlyList<Facet> Mentions, int ViaPlatform);
public sealed record Found(int Total, IReadOnlyList<Hit> Hits, Facets Facets, IReadOnlyList<JsonElement> Map);
