using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains;
using Npgsql;
using NpgsqlTypes;

namespace MonMaster.Postgres;

/// <summary>
/// Candidates' and formations' state in PostgreSQL (Schema/08-admission.sql). Commits are grouped: a few writers each
/// take every commit queued meanwhile and write them in one transaction, so one WAL flush acknowledges many grains. A
/// batch whose version check fails is retried commit by commit, so only the stale grain's commit fails.
/// </summary>
public sealed class PostgresAdmissionStore : IAdmissionStore, IAsyncDisposable
{
    private sealed record Queued(GrainWrite Write, TaskCompletionSource Done);
    private sealed class StaleBatchException : Exception;

    /// <summary>At or above this many rows of parts, a batch goes through binary COPY (seeding, ImportApplicants, upgrade).</summary>
    private const int CopyFrom = 2_000;
    private const int MaxBatch = 256;

    private readonly NpgsqlDataSource dataSource;
    private readonly string serviceId;
    private readonly ILogger logger;
    private readonly Channel<Queued> queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] writers;

    public PostgresAdmissionStore(NpgsqlDataSource dataSource, string serviceId, int writers, ILogger<PostgresAdmissionStore> logger)
    {
        this.dataSource = dataSource;
        this.serviceId = serviceId;
        this.logger = logger;
        this.writers = [.. Enumerable.Range(0, Math.Max(1, writers)).Select(_ => Task.Run(WriteLoopAsync))];
    }

    public async Task<StoredGrain?> LoadAsync(string kind, string key)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        // One statement, so one snapshot: the version, the parts and the outbox of the same commit.
        await using var command = new NpgsqlCommand("""
            SELECT 0, NULL::text, version, NULL::bytea FROM admission_grain WHERE serviceid = $1 AND kind = $2 AND key = $3
            UNION ALL SELECT 1, part, NULL, body FROM admission_part WHERE serviceid = $1 AND kind = $2 AND key = $3
            UNION ALL SELECT 2, receiver, seq, message FROM admission_outbox WHERE serviceid = $1 AND kind = $2 AND key = $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        long? version = null;
        var parts = new List<StatePart>();
        var outbox = new List<Envelope>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            switch (reader.GetInt32(0))
            {
                case 0: version = reader.GetInt64(2); break;
                case 1: parts.Add(new StatePart(reader.GetString(1), reader.GetFieldValue<byte[]>(3))); break;
                default:
                    outbox.Add(new Envelope(reader.GetInt64(2), reader.GetString(1),
                        JsonSerializer.Deserialize<AdmissionMessage>(reader.GetFieldValue<byte[]>(3), AdmissionJson.Options)!));
                    break;
            }
        }
        return version is { } v ? new StoredGrain(v, parts, outbox) : null;
    }

    public Task WriteAsync(GrainWrite write)
    {
        var queued = new Queued(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(queued)) throw new ObjectDisposedException(nameof(PostgresAdmissionStore));
        return queued.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Queued>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var rows = 0;
            while (batch.Count < MaxBatch && rows < 20_000 && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                rows += next.Write.Parts.Count;
            }
            if (batch.Count == 0) continue;
            try
            {
                await CommitAsync([.. batch.Select(q => q.Write)]);
                foreach (var queued in batch) queued.Done.TrySetResult();
            }
            catch (StaleBatchException)
            {
                // Some grain of the batch was written by another activation: find which, commit the others.
                foreach (var queued in batch)
                {
                    try
                    {
                        await CommitAsync([queued.Write]);
                        queued.Done.TrySetResult();
                    }
                    catch (StaleBatchException)
                    {
                        queued.Done.TrySetException(new StaleStateException(queued.Write.Kind, queued.Write.Key, queued.Write.Version));
                    }
                    catch (Exception e)
                    {
                        queued.Done.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A batch of {Commits} grain commits failed; their grains reload", batch.Count);
                foreach (var queued in batch) queued.Done.TrySetException(e);
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<GrainWrite> writes)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await WriteAsync(connection, transaction, writes);
        await transaction.CommitAsync();
    }

    /// <summary>Writes <paramref name="writes"/> in the caller's transaction; throws <see cref="StaleBatchException"/> on a version mismatch.</summary>
    internal async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<GrainWrite> writes)
    {
        var parts = writes.SelectMany(w => w.Parts.Select(p => (w.Kind, w.Key, Part: p))).ToList();
        var copy = parts.Count >= CopyFrom;
        if (copy) await StagePartsAsync(connection, parts);

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            INSERT INTO admission_grain (serviceid, kind, key, version)
            SELECT $1, k, g, v + 1 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(k, g, v)
            ON CONFLICT (serviceid, kind, key) DO UPDATE SET version = excluded.version
             WHERE admission_grain.version = excluded.version - 1
            """, serviceId, writes.Select(w => w.Kind).ToArray(), writes.Select(w => w.Key).ToArray(), writes.Select(w => w.Version).ToArray()));
        if (copy)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO admission_part (serviceid, kind, key, part, body) SELECT $1, kind, key, part, body FROM admission_part_stage
                ON CONFLICT (serviceid, kind, key, part) DO UPDATE SET body = excluded.body
                """, serviceId));
        }
        else if (parts.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO admission_part (serviceid, kind, key, part, body)
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bytea[])
                ON CONFLICT (serviceid, kind, key, part) DO UPDATE SET body = excluded.body
                """, serviceId, parts.Select(p => p.Kind).ToArray(), parts.Select(p => p.Key).ToArray(),
                parts.Select(p => p.Part.Name).ToArray(), parts.Select(p => p.Part.Body).ToArray()));
        }
        var sent = writes.SelectMany(w => w.Sent.Select(e => (w.Kind, w.Key, Envelope: e))).ToList();
        if (sent.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO admission_outbox (serviceid, kind, key, seq, receiver, message)
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::bytea[])
                ON CONFLICT DO NOTHING
                """, serviceId, sent.Select(s => s.Kind).ToArray(), sent.Select(s => s.Key).ToArray(), sent.Select(s => s.Envelope.Seq).ToArray(),
                sent.Select(s => s.Envelope.To).ToArray(),
                sent.Select(s => JsonSerializer.SerializeToUtf8Bytes(s.Envelope.Message, AdmissionJson.Options)).ToArray()));
        }
        var delivered = writes.SelectMany(w => w.Delivered.Select(seq => (w.Kind, w.Key, Seq: seq))).ToList();
        if (delivered.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                DELETE FROM admission_outbox o USING unnest($2::text[], $3::text[], $4::bigint[]) AS u(k, g, s)
                 WHERE o.serviceid = $1 AND o.kind = u.k AND o.key = u.g AND o.seq = u.s
                """, serviceId, delivered.Select(d => d.Kind).ToArray(), delivered.Select(d => d.Key).ToArray(), delivered.Select(d => d.Seq).ToArray()));
        }
        var lines = writes.SelectMany(w => w.Lines).ToList();
        if (lines.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO admission_history (serviceid, source, seq, at, action, candidate, formation, detail)
                SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
                ON CONFLICT DO NOTHING
                """, serviceId, lines.Select(l => l.Source).ToArray(), lines.Select(l => l.Seq).ToArray(),
                lines.Select(l => l.Action.At.UtcDateTime).ToArray(), lines.Select(l => l.Action.Action).ToArray(),
                lines.Select(l => l.Action.Candidate).ToArray(), lines.Select(l => l.Action.Formation).ToArray(),
                lines.Select(l => l.Action.Detail).ToArray()));
        }
        await batch.ExecuteNonQueryAsync();
        if (batch.BatchCommands[0].RecordsAffected != writes.Count) throw new StaleBatchException();
    }

    /// <summary>Bulk rows go through binary COPY into a per-session staging table, emptied at commit.</summary>
    private static async Task StagePartsAsync(NpgsqlConnection connection, List<(string Kind, string Key, StatePart Part)> parts)
    {
        await using (var create = new NpgsqlCommand("""
            CREATE TEMP TABLE IF NOT EXISTS admission_part_stage (kind text, key text, part text, body bytea) ON COMMIT DELETE ROWS
            """, connection))
            await create.ExecuteNonQueryAsync();
        await using var importer = await connection.BeginBinaryImportAsync("COPY admission_part_stage (kind, key, part, body) FROM STDIN (FORMAT BINARY)");
        foreach (var (kind, key, part) in parts)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(kind, NpgsqlDbType.Text);
            await importer.WriteAsync(key, NpgsqlDbType.Text);
            await importer.WriteAsync(part.Name, NpgsqlDbType.Text);
            await importer.WriteAsync(part.Body, NpgsqlDbType.Bytea);
        }
        await importer.CompleteAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(writers);
    }
}
