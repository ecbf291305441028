using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Grains;
using Npgsql;

namespace MonMaster.Postgres;

/// <summary>
/// Wakes grains whose outbox still holds messages. A grain's activation resumes its deliveries, but a grain whose
/// silo died after it committed and before it delivered is not activated again until someone calls it: this scan is
/// that someone. Grains delete delivered messages at their next commit or after a pause (see OutboxGrain), so a
/// message still in admission_outbox after a quiet period (30 s) belongs to a stuck grain.
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

    /// <summary>Activates every grain whose outbox has held a message for longer than <paramref name="quiet"/>; returns how many.</summary>
    public async Task<int> WakeAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT DISTINCT kind, key FROM admission_outbox WHERE serviceid = @service AND queued_at < now() - @quiet
            """, connection);
        command.Parameters.AddWithValue("service", settings.ServiceId);
        command.Parameters.AddWithValue("quiet", quiet);
        var wakes = new List<Task>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(1);
                wakes.Add(reader.GetString(0) == "candidate" ? grains.GetGrain<ICandidateGrain>(key).Exists() : grains.GetGrain<IFormationGrain>(key).GetInfo());
            }
        }
        await Task.WhenAll(wakes);
        return wakes.Count;
    }
}
