using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Grains;
using Npgsql;

namespace MonMaster.Silo;

/// <summary>
/// Wakes grains whose stored outbox still holds messages. A grain's activation resumes its deliveries, but a
/// grain whose silo died after it persisted and before it delivered is not activated again until someone
/// calls it: this scan is that someone. At start it reads every row; then, every 30 s, the rows written in
/// the last 5 minutes (a silo's death leaves its stuck rows among the last written).
/// </summary>
public sealed class OutboxRecovery(IGrainFactory grains, SiloSettings settings, ILogger<OutboxRecovery> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Storage != StorageKind.Postgres || settings.ConnectionString is null) return;
        DateTimeOffset? since = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = await WakeAsync(since, stoppingToken);
                if (woken > 0) logger.LogInformation("Outbox recovery woke {Grains} grains with undelivered messages", woken);
                since = DateTimeOffset.UtcNow - Window;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox recovery scan failed; next try in {Seconds} s", Every.TotalSeconds);
            }
            await Task.Delay(Every, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Activates every grain whose stored outbox is not empty; returns how many.</summary>
    public async Task<int> WakeAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT graintypestring, payloadbinary FROM orleansstorage
             WHERE serviceid = @service AND graintypestring IN ('candidate', 'formation')
               AND (@since::timestamptz IS NULL OR modifiedon >= @since)
               AND position('"pending":[{'::bytea IN payloadbinary) > 0
            """, connection);
        command.Parameters.AddWithValue("service", settings.ServiceId);
        command.Parameters.AddWithValue("since", (object?)since ?? DBNull.Value);
        var wakes = new List<Task>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                using var json = JsonDocument.Parse(reader.GetFieldValue<byte[]>(1));
                wakes.Add(reader.GetString(0) == "candidate"
                    ? grains.GetGrain<ICandidateGrain>(json.RootElement.GetProperty("id").GetString()!).Exists()
                    : grains.GetGrain<IFormationGrain>(json.RootElement.GetProperty("info").GetProperty("id").GetString()!).GetInfo());
            }
        }
        await Task.WhenAll(wakes);
        return wakes.Count;
    }
}
