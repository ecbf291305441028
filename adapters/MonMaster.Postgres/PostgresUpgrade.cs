using System.Text.Json;
using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains;
using Npgsql;
using Orleans.Runtime;

namespace MonMaster.Postgres;

/// <summary>
/// Upgrade in place: candidates and formations written by the whole-state version (one JSON per grain in
/// orleansstorage) are cut into parts, outbox rows and history lines, in one transaction, before the silo takes
/// calls. Messages the old outbox still listed are sent again (receivers drop what they already applied); history
/// lines it still listed are inserted once. Silos starting together take turns on an advisory lock.
/// </summary>
public sealed class PostgresUpgrade(NpgsqlDataSource dataSource, PostgresAdmissionStore store, PostgresSettings settings, ILogger<PostgresUpgrade> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresUpgrade), ServiceLifecycleStage.ApplicationServices, UpgradeAsync);

    public async Task<int> UpgradeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('monmaster-upgrade-' || @s))", connection))
        {
            locking.Parameters.AddWithValue("s", settings.ServiceId);
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }
        var writes = new List<GrainWrite>();
        await using (var select = new NpgsqlCommand("""
            SELECT graintypestring, payloadbinary FROM orleansstorage
             WHERE serviceid = @s AND graintypestring IN ('candidate', 'formation') AND payloadbinary IS NOT NULL
            """, connection))
        {
            select.Parameters.AddWithValue("s", settings.ServiceId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var json = reader.GetFieldValue<byte[]>(1);
                writes.Add(reader.GetString(0) == "candidate"
                    ? Cut(JsonSerializer.Deserialize<CandidateFile>(json, AdmissionJson.Options)!, new CandidateParts(), f => f.Id)
                    : Cut(JsonSerializer.Deserialize<FormationBook>(json, AdmissionJson.Options)!, new FormationParts(), b => b.Info.Id));
            }
        }
        if (writes.Count == 0) return 0;
        foreach (var chunk in writes.Chunk(500)) await store.WriteAsync(connection, transaction, chunk);
        await using (var delete = new NpgsqlCommand(
            "DELETE FROM orleansstorage WHERE serviceid = @s AND graintypestring IN ('candidate', 'formation')", connection))
        {
            delete.Parameters.AddWithValue("s", settings.ServiceId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Upgraded {Grains} candidates and formations from whole-state rows to parts", writes.Count);
        return writes.Count;
    }

    private static GrainWrite Cut<TState>(TState state, StateParts<TState> layout, Func<TState, string> key) where TState : class
    {
        var parts = layout.All(state);
        var pending = layout.OutboxOf(state).Pending;
        var source = $"{layout.Kind}/{key(state)}";
        return new GrainWrite(layout.Kind, key(state), 0, parts,
            [.. pending.Where(e => e.To != Recorded.Address)], [],
            [.. pending.Where(e => e.To == Recorded.Address).Select(e => new HistoryLine(source, e.Seq, (Recorded)e.Message))]);
    }
}
