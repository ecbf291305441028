using MonMaster.Catalogue;
using MonMaster.Hosting;

namespace MonMaster.Api.Catalogue;

public static class CatalogueHosting
{
    /// <summary>
    /// The catalogue's store follows the node's storage (PostgreSQL, registered by the adapter, or this process's memory);
    /// searches run on the in-memory index unless <see cref="MonMasterOptions.Search"/> says PostgreSQL.
    /// </summary>
    public static IServiceCollection AddMonMasterCatalogue(this IServiceCollection services, MonMasterOptions settings)
    {
        services.AddSingleton(_ => Geography.National());
        services.AddSingleton<Zones>();
        if (settings.ConnectionString is null) services.AddSingleton<ICatalogueStore, MemoryCatalogueStore>();
        services.AddSingleton(sp => new MemoryCatalogueSearch(sp.GetRequiredService<Geography>()));
        if (settings.Search == SearchBackend.Memory) services.AddSingleton<ICatalogueSearch>(sp => sp.GetRequiredService<MemoryCatalogueSearch>());
        services.AddSingleton<Publication>();
        services.AddHostedService(sp => sp.GetRequiredService<Publication>());
        return services;
    }
}
