using MonMaster.Admission;
using MonMaster.Grains;
using Npgsql;

namespace MonMaster.Postgres;

/// <summary>The campaign's history in PostgreSQL (Schema/05-history.sql): one row per action, inserted by the commit that made it.</summary>
public sealed class PostgresHistory(NpgsqlDataSource dataSource, string serviceId) : IAdmissionHistory
{
    public async Task<IReadOnlyList<HistoryLine>> ReadAsync(string? formation = null, string? candidate = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT source, seq, at, action, candidate, formation, detail FROM admission_history
             WHERE serviceid = @service AND (@formation::text IS NULL OR formation = @formation)
               AND (@candidate::text IS NULL OR candidate = @candidate)
             ORDER BY at, source, seq
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("formation", (object?)formation ?? DBNull.Value);
        command.Parameters.AddWithValue("candidate", (object?)candidate ?? DBNull.Value);
        var lines = new List<HistoryLine>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(new HistoryLine(reader.GetString(0), reader.GetInt64(1), new Recorded(
                new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6))));
        return lines;
    }
}
