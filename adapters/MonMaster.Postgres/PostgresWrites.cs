using Npgsql;

namespace MonMaster.Postgres;

/// <summary>
/// What the server has written so far: WAL (cluster-wide, <c>pg_stat_wal</c>) and rows of this database
/// (<c>pg_stat_database</c>). Two readings around a run give its bytes and rows written; backends publish their row
/// counts within about a second, so read the second one after a pause.
/// </summary>
/// <paramref name="WalFullPages"/>: full-page images, the whole page PostgreSQL logs at its first change after a checkpoint.
public sealed record PostgresWrites(long WalBytes, long WalRecords, long WalFullPages, long RowsInserted, long RowsUpdated, long RowsDeleted)
{
    public static async Task<PostgresWrites> ReadAsync(string connectionString, CancellationToken cancellation = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "monmaster-writes-probe", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("""
            SELECT w.wal_bytes::bigint, w.wal_records, w.wal_fpi, d.tup_inserted, d.tup_updated, d.tup_deleted
              FROM pg_stat_wal w, pg_stat_database d WHERE d.datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    public PostgresWrites Minus(PostgresWrites before) => new(
        WalBytes - before.WalBytes, WalRecords - before.WalRecords, WalFullPages - before.WalFullPages,
        RowsInserted - before.RowsInserted, RowsUpdated - before.RowsUpdated, RowsDeleted - before.RowsDeleted);
}
