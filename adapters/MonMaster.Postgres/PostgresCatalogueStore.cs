using MonMaster.Catalogue;
using Npgsql;
using NpgsqlTypes;

namespace MonMaster.Postgres;

/// <summary>
/// The catalogue's sheets in PostgreSQL (Schema/07-catalogue.sql): one row per sheet, the sheet as jsonb
/// (<see cref="CatalogueJson"/>), the searched columns generated from it by the database, and its words for the text
/// search (<c>catalogue_word</c>, <see cref="Words"/>) written with it, in the same transaction.
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
        var rows = new Dictionary<string, (CatalogueFormation Formation, string Json)>(StringComparer.Ordinal);
        foreach (var formation in formations) rows[formation.Id] = (formation, CatalogueJson.Serialize(formation));
        var all = rows.ToArray();

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('monmaster-catalogue'))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(ct);
        var rewritten = false;
        for (var start = 0; start < all.Length; start += BatchSize)
        {
            var batch = all.AsSpan(start, Math.Min(BatchSize, all.Length - start)).ToArray();
            var ids = batch.Select(r => r.Key).ToArray();
            // An unchanged sheet is not rewritten: it keeps its version (jsonb compares by value, not by key order).
            // Its words are written again when it changed, or when it has none (rows written before catalogue_word).
            await using var command = new NpgsqlCommand("""
                WITH written AS (
                    INSERT INTO catalogue_formation (id, document)
                    SELECT id, document FROM unnest(@ids, @documents) AS t(id, document)
                    ON CONFLICT (id) DO UPDATE
                       SET document = excluded.document, version = nextval('catalogue_formation_version'), updated_at = now()
                     WHERE catalogue_formation.document IS DISTINCT FROM excluded.document
                    RETURNING id
                )
                SELECT id FROM written
                UNION
                SELECT id FROM unnest(@ids) AS t(id) WHERE NOT EXISTS (SELECT 1 FROM catalogue_word w WHERE w.formation_id = t.id)
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
            command.Parameters.Add(new NpgsqlParameter("documents", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = batch.Select(r => r.Value.Json).ToArray() });
            var changed = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) changed.Add(reader.GetString(0));
            if (changed.Count == 0) continue;
            rewritten = true;

            var wordFormations = new List<string>();
            var words = new List<string>();
            var weights = new List<float>();
            foreach (var id in changed)
                foreach (var (word, weight) in Words(rows[id].Formation))
                {
                    wordFormations.Add(id);
                    words.Add(word);
                    weights.Add(weight);
                }
            // A row that was inserted under the ON CONFLICT's snapshot is visible here: same transaction.
            await using var wordsCommand = new NpgsqlCommand("""
                DELETE FROM catalogue_word WHERE formation_id = ANY(@changed);
                INSERT INTO catalogue_word (formation_id, word, weight) SELECT * FROM unnest(@formations, @words, @weights);
                INSERT INTO catalogue_vocabulary (word) SELECT DISTINCT w FROM unnest(@words) AS t(w) ON CONFLICT DO NOTHING;
                """, connection, transaction);
            wordsCommand.Parameters.Add(new NpgsqlParameter("changed", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.ToArray() });
            wordsCommand.Parameters.Add(new NpgsqlParameter("formations", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = wordFormations.ToArray() });
            wordsCommand.Parameters.Add(new NpgsqlParameter("words", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = words.ToArray() });
            wordsCommand.Parameters.Add(new NpgsqlParameter("weights", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = weights.ToArray() });
            await wordsCommand.ExecuteNonQueryAsync(ct);
        }
        if (rewritten)
        {
            // Words no sheet has any more.
            await using var prune = new NpgsqlCommand(
                "DELETE FROM catalogue_vocabulary v WHERE NOT EXISTS (SELECT 1 FROM catalogue_word w WHERE w.word = v.word)", connection, transaction);
            await prune.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The words a sheet is found by, as <see cref="CatalogueIndex"/> indexes them: those of the mention (weight 3),
    /// parcours (2), establishment (2) and keywords (1) cut by <see cref="CatalogueText.Words"/>, each once with its best weight.
    /// </summary>
    public static IEnumerable<(string Word, float Weight)> Words(CatalogueFormation formation)
    {
        var best = new Dictionary<string, float>(StringComparer.Ordinal);
        void Add(string? field, float weight)
        {
            foreach (var word in CatalogueText.Words(field))
                if (!best.TryGetValue(word, out var had) || had < weight) best[word] = weight;
        }
        Add(formation.Mention, CatalogueIndex.MentionWeight);
        Add(formation.Parcours, CatalogueIndex.ParcoursWeight);
        Add(formation.Establishment, CatalogueIndex.EstablishmentWeight);
        foreach (var keyword in formation.Keywords) Add(keyword, CatalogueIndex.KeywordWeight);
        return best.Select(p => (p.Key, p.Value));
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
