using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Grains;
using Npgsql;

namespace MonMaster.Postgres;

/// <summary>
/// Wakes grains whose stored outbox still holds messages. A grain's activation resumes its deliveries, but a
/// grain whose silo died after it persisted and before it delivered is not activated again until someone
/// calls it: this scan is that someone. Grains trim their stored outbox once everything is delivered (see
/// OutboxGrain), so a row still flagged (orleansstorage.hasoutbox) after a quiet period (30 s) is a stuck one.
/// </summary>
public sealed class OutboxRecovery(IGrainFactory grains, NpgsqlDataSource dataSource, PostgresSettings settings, ILogger<OutboxRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = await WakeAsync(settings.OutboxRecoveryPeriod, stoppingToken);
                if (woken > 0) logger.LogInformation("Outbox recovery woke {Grains} grains with undelivered messages", woken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox recovery scan failed; next try in {Seconds} s", settings.OutboxRecoveryPeriod.TotalSeconds);
            }
            await Task.Delay(settings.OutboxRecoveryPeriod, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Activates every grain whose stored outbox has held messages for longer than <paramref name="quiet"/>; returns how many.</summary>
    public async Task<int> WakeAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT graintypestring, payloadbinary FROM orleansstorage
             WHERE serviceid = @service AND hasoutbox AND modifiedon < now() - @quiet
               AND graintypestring IN ('candidate', 'formation')
            """, connection);
        command.Parameters.AddWithValue("service", settings.ServiceId);
        command.Parameters.AddWithValue("quiet", quiet);
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
