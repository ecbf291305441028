using MonMaster.Catalogue;
using Npgsql;
using NpgsqlTypes;

namespace MonMaster.Silo.Catalogue;

/// <summary>
/// The catalogue's sheets in PostgreSQL (db/postgres/07-catalogue.sql): one row per sheet, the sheet as jsonb
/// (<see cref="CatalogueJson"/>), the searched columns generated from it by the database.
/// Writers are serialised by an advisory lock so that versions become visible in increasing order: a reader of
/// <see cref="ChangesSinceAsync"/> never skips a version that commits later.
/// </summary>
public sealed class PostgresCatalogueStore : ICatalogueStore, IAsyncDisposable, IDisposable
{
    /// <summary>Rows per INSERT statement (one array parameter per column; a few MB each).</summary>
    private const int BatchSize = 2000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    public PostgresCatalogueStore(string connectionString) : this(NpgsqlDataSource.Create(connectionString), ownsDataSource: true)
    {
    }

    public PostgresCatalogueStore(NpgsqlDataSource dataSource) : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresCatalogueStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    public async Task<IReadOnlyList<CatalogueFormation>> LoadAllAsync(int year, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT document::text FROM catalogue_formation WHERE year = @year ORDER BY id COLLATE \"C\"");
        command.Parameters.AddWithValue("year", year);
        return await ReadDocumentsAsync(command, ct);
    }

    public async Task<CatalogueFormation?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT document::text FROM catalogue_formation WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) is string json ? CatalogueJson.Deserialize(json) : null;
    }

    public async Task UpsertAsync(IReadOnlyList<CatalogueFormation> formations, CancellationToken ct = default)
    {
        if (formations.Count == 0) return;
        // One row per id (ON CONFLICT cannot touch a row twice in one statement): the last one wins.
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var formation in formations) rows[formation.Id] = CatalogueJson.Serialize(formation);
        var all = rows.ToArray();

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('monmaster-catalogue'))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(ct);
        for (var start = 0; start < all.Length; start += BatchSize)
        {
            var batch = all.AsSpan(start, Math.Min(BatchSize, all.Length - start)).ToArray();
            // An unchanged sheet is not rewritten: it keeps its version (jsonb compares by value, not by key order).
            await using var command = new NpgsqlCommand("""
                INSERT INTO catalogue_formation (id, document)
                SELECT id, document FROM unnest(@ids, @documents) AS t(id, document)
                ON CONFLICT (id) DO UPDATE
                   SET document = excluded.document, version = nextval('catalogue_formation_version'), updated_at = now()
                 WHERE catalogue_formation.document IS DISTINCT FROM excluded.document
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(r => r.Key).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("documents", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = batch.Select(r => r.Value).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    public async Task<int> CountAsync(int year, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*)::int FROM catalogue_formation WHERE year = @year");
        command.Parameters.AddWithValue("year", year);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<CatalogueChanges> ChangesSinceAsync(long version, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT document::text, version FROM catalogue_formation WHERE version > @version ORDER BY version");
        command.Parameters.AddWithValue("version", version);
        var changed = new List<CatalogueFormation>();
        var latest = version;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changed.Add(CatalogueJson.Deserialize(reader.GetString(0)));
            latest = reader.GetInt64(1);
        }
        return new CatalogueChanges(changed, latest);
    }

    private static async Task<IReadOnlyList<CatalogueFormation>> ReadDocumentsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var formations = new List<CatalogueFormation>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) formations.Add(CatalogueJson.Deserialize(reader.GetString(0)));
        return formations;
    }

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDataSource) _dataSource.Dispose();
    }
}
