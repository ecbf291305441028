using System.Security.Cryptography;
using System.Text;
using MonMaster.Catalogue;
using MonMaster.Postgres;
using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests.Catalogue;

/// <summary>One database per distinct catalogue the behaviour asks for (nearly always the small catalogue), made once for the test run; they go with the throw-away server.</summary>
public sealed class CatalogueDatabases(PostgresServer postgres) : IAsyncDisposable
{
    private readonly Dictionary<string, Task<PostgresCatalogueSearch>> searches = [];
    private readonly Lock gate = new();

    public Task<PostgresCatalogueSearch> SearchOverAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography)
    {
        // The catalogue by content, the geography by identity (tests build a few by hand).
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', formations.Select(CatalogueJson.Serialize)))))[..16]
            + "/" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(geography);
        lock (gate) return searches.TryGetValue(key, out var made) ? made : searches[key] = CreateAsync(formations, geography);
    }

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

/// <summary>The same behaviour, searched in PostgreSQL (unaccented keys, a word table with fuzzystrmatch, haversine distances).</summary>
[Collection("postgres")]
public sealed class PostgresSearchBehaviour(PostgresServer postgres) : SearchBehaviour
{
    private static CatalogueDatabases? databases;
    private static readonly Lock gate = new();

    protected override async Task<ICatalogueSearch> SearchOverAsync(IReadOnlyList<CatalogueFormation> formations, Geography geography)
    {
        lock (gate) databases ??= new CatalogueDatabases(postgres);
        return await databases.SearchOverAsync(formations, geography);
    }
}
