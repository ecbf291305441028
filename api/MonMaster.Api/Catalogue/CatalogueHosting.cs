using MonMaster.Api.Hosting;
using MonMaster.Catalogue;
using MonMaster.Silo;
using MonMaster.Silo.Catalogue;

namespace MonMaster.Api.Catalogue;

public static class CatalogueHosting
{
    /// <summary>
    /// The catalogue's store follows the node's storage (PostgreSQL, or this process's memory); searches run on the
    /// in-memory index unless <see cref="ApiSettings.Search"/> says PostgreSQL.
    /// </summary>
    public static IServiceCollection AddMonMasterCatalogue(this IServiceCollection services, ApiSettings settings)
    {
        if (settings.Search == SearchBackend.Postgres && settings.ConnectionString is null)
            throw new InvalidOperationException("MonMaster:Search is Postgres but MonMaster:ConnectionString is missing.");
        services.AddSingleton(_ => Geography.National());
        services.AddSingleton<Zones>();
        // A silo hosted here already has the store (the demo seeds the catalogue through it); a client node makes its own.
        services.AddSingleton<ICatalogueStore>(_ => settings.ConnectionString is { } connection
            ? new PostgresCatalogueStore(connection)
            : new MemoryCatalogueStore());
        services.AddSingleton(sp => new MemoryCatalogueSearch(sp.GetRequiredService<Geography>()));
        services.AddSingleton<ICatalogueSearch>(sp => settings.Search == SearchBackend.Postgres
            ? new PostgresCatalogueSearch(settings.ConnectionString!, sp.GetRequiredService<Geography>(), settings.Campaign)
            : sp.GetRequiredService<MemoryCatalogueSearch>());
        services.AddSingleton<Publication>();
        services.AddHostedService(sp => sp.GetRequiredService<Publication>());
        return services;
    }
}
