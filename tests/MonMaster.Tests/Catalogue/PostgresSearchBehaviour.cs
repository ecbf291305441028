using System.Security.Cryptography;
using System.Text;
using MonMaster.Catalogue;
using MonMaster.Silo.Catalogue;
using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests.Catalogue;

/// <summary>One database per distinct catalogue the behaviour asks for (nearly always the small catalogue), kept for the class.</summary>
public sealed class CatalogueDatabases(PostgresServer postgres) : IAsyncDisposable
{
    private readonly Dictionary<string, Task<PostgresCatalogueSearch>> searches = [];
    private readonly Lock gate = new();

    public Task<PostgresCatalogueSearch> SearchOverAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', formations.Select(CatalogueJson.Serialize)))))[..16]
            + RuntimeHelpers(geography);
        lock (gate) return searches.TryGetValue(key, out var made) ? made : searches[key] = CreateAsync(formations, geography);
    }

    private static string RuntimeHelpers(Geography geography) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(geography).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<PostgresCatalogueSearch> CreateAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography)
    {
        var connection = await postgres.CreateDatabaseAsync($"search_{Guid.NewGuid():N}"[..30]);
        await using (var store = new PostgresCatalogueStore(connection)) await store.UpsertAsync(formations);
        return new PostgresCatalogueSearch(connection, geography, formations.FirstOrDefault()?.Year ?? SmallCatalogue.Year);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var search in searches.Values) await (await search).DisposeAsync();
    }
}

/// <summary>The same behaviour, searched in PostgreSQL (full text with unaccent, trigrams, earthdistance).</summary>
[Collection("postgres")]
public sealed class PostgresSearchBehaviour(PostgresServer postgres) : SearchBehaviour, IAsyncLifetime
{
    private static CatalogueDatabases? databases;
    private static readonly Lock gate = new();

    protected override async Task<ICatalogueSearch> SearchOverAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography)
    {
        lock (gate) databases ??= new CatalogueDatabases(postgres);
        return await databases.SearchOverAsync(formations, geography);
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => Task.CompletedTask;
}
