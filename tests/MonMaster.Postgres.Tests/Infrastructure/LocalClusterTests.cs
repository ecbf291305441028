using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MonMaster.Tests.Infrastructure;

/// <summary>
/// A checkout's local PostgreSQL (<c>./monmaster db start</c>, <c>scripts/postgres.sh</c>) is its own. Another cluster
/// (another checkout's, on the same default port) is started here with <see cref="PostgresServer"/>; a script given
/// that port and a data directory of its own must say so in one line and stop, creating nothing there or here.
/// </summary>
public sealed class LocalClusterTests : IAsyncLifetime
{
    private readonly PostgresServer other = new();
    private readonly string scratch = Path.Combine(Path.GetTempPath(), "monmaster-local-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(scratch);
        await other.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await other.DisposeAsync();
        try { Directory.Delete(scratch, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task A_port_another_cluster_holds_stops_db_start_with_one_line_and_nothing_created()
    {
        var databasesBefore = await DatabasesOfOtherAsync();
        var mine = Path.Combine(scratch, "mine");

        var (exit, output, error) = await RunAsync(Path.Combine(Repository.Root, "monmaster"), ["db", "start"], new()
        {
            ["MONMASTER_PG_PORT"] = other.Port.ToString(), ["MONMASTER_PG_DIR"] = mine, ["MONMASTER_PG_DB"] = "monmaster_intruder",
        });

        Assert.NotEqual(0, exit);
        var line = Assert.Single(Lines(error));
        Assert.Contains($"port {other.Port} is held by another PostgreSQL cluster (data directory {other.DataDirectory})", line);
        Assert.Contains(mine, line);
        Assert.Matches(@"MONMASTER_PG_PORT=\d+$", line);
        Assert.DoesNotContain("PostgreSQL on", output);
        Assert.False(Directory.Exists(mine), "a cluster was created for a port that is not ours");
        Assert.Equal(databasesBefore, await DatabasesOfOtherAsync());
    }

    [Fact]
    public async Task A_port_another_program_holds_stops_pg_start_with_one_line()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var mine = Path.Combine(scratch, "beside-a-program");

        var (exit, _, error) = await ScriptAsync("pg_start \"$1\" \"$2\"", mine, port.ToString());

        Assert.NotEqual(0, exit);
        var line = Assert.Single(Lines(error));
        Assert.Contains($"port {port} is held by another program", line);
        Assert.False(Directory.Exists(mine));
    }

    [Fact]
    public async Task The_checkouts_own_cluster_is_started_then_recognised_on_its_port()
    {
        var mine = Path.Combine(scratch, "own");
        var env = new Dictionary<string, string>
        {
            ["MONMASTER_PG_PORT"] = PostgresServer.GetFreeTcpPort().ToString(), ["MONMASTER_PG_DIR"] = mine, ["MONMASTER_PG_DB"] = "monmaster_own",
        };
        var monmaster = Path.Combine(Repository.Root, "monmaster");
        try
        {
            for (var start = 1; start <= 2; start++)
            {
                var (exit, output, error) = await RunAsync(monmaster, ["db", "start"], env);
                Assert.True(exit == 0, $"start {start}: {error}");
                Assert.Contains($"PostgreSQL on 127.0.0.1:{env["MONMASTER_PG_PORT"]}, database monmaster_own", output);
            }
        }
        finally
        {
            await RunAsync(monmaster, ["db", "stop"], env);
        }
    }

    private async Task<List<string>> DatabasesOfOtherAsync()
    {
        await using var connection = new NpgsqlConnection(other.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database ORDER BY datname", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Runs <paramref name="body"/> in bash after sourcing scripts/postgres.sh.</summary>
    private static Task<(int Exit, string Output, string Error)> ScriptAsync(string body, params string[] args) =>
        RunAsync("bash", ["-c", "source \"$0\" || exit 1\n" + body, Path.Combine(Repository.Root, "scripts", "postgres.sh"), .. args], []);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string[] args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repository.Root,
        };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var (key, value) in env) psi.Environment[key] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 2 minutes.");
        }
        return (process.ExitCode, await output, await error);
    }
}
