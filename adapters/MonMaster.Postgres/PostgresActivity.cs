using System.Collections.Concurrent;
using Npgsql;

namespace MonMaster.Postgres;

/// <summary>
/// A sampling profile of the PostgreSQL server: ten times a second, what each active client backend of this
/// database is doing (running on CPU, or waiting on WAL sync, a lock, the client…), from pg_stat_activity.
/// </summary>
public sealed class PostgresActivity : IAsyncDisposable
{
    private const string Query = """
        SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)
        FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
        GROUP BY 1
        """;
    private readonly ConcurrentDictionary<string, long> counts = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long samples;
    private string? failure;

    public PostgresActivity(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "monmaster-activity-probe", MaxPoolSize = 1, MinPoolSize = 0 };
        loop = RunAsync(builder.ConnectionString);
    }

    public void Reset()
    {
        counts.Clear();
        Interlocked.Exchange(ref samples, 0);
    }

    public string Describe()
    {
        if (failure is not null) return $"postgres activity: not sampled ({failure})";
        var n = Interlocked.Read(ref samples);
        if (n == 0) return "";
        var total = counts.Values.Sum();
        if (total == 0) return $"postgres activity ({n} samples): no active backend";
        var top = counts.OrderByDescending(c => c.Value).Take(5).Select(c => $"{c.Key} {100.0 * c.Value / total:F0}%");
        return $"postgres activity ({n} samples, {(double)total / n:F1} active backends on average): {string.Join(", ", top)}";
    }

    private async Task RunAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(stop.Token);
            await using var command = new NpgsqlCommand(Query, connection);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                await using (var reader = await command.ExecuteReaderAsync(stop.Token))
                    while (await reader.ReadAsync(stop.Token))
                        counts.AddOrUpdate(reader.GetString(0), reader.GetInt64(1), (_, c) => c + reader.GetInt64(1));
                Interlocked.Increment(ref samples);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            failure = e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
