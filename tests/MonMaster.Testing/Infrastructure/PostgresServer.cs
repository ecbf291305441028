using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MonMaster.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster for one test run, managed through scripts/postgres.sh:
/// a fresh data directory under the temp dir, a free port, the Orleans schema applied.
/// Stopped and deleted on dispose. Share it with <c>[Collection("postgres")]</c>.
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    private const string DefaultDatabase = "monmaster_test";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5); // covers a first apt-get install

    private string? _connectionString;

    public PostgresServer()
    {
        RepoRoot = Repository.Root;
        ScriptPath = Path.Combine(RepoRoot, "scripts", "postgres.sh");
        BaseDirectory = Path.Combine(Path.GetTempPath(), "monmaster-pg-" + Guid.NewGuid().ToString("N")[..12]);
        DataDirectory = Path.Combine(BaseDirectory, "data");
        Port = GetFreeTcpPort();
    }

    public string RepoRoot { get; }

    public string ScriptPath { get; }

    /// <summary>Temp directory owning the cluster; deleted on dispose.</summary>
    public string BaseDirectory { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>Connection string of the shared database (schema applied).</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("PostgresServer is not initialized.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(BaseDirectory);
        _connectionString = await RunScriptAsync(
            "pg_start \"$1\" \"$2\" && pg_ensure_db \"$1\" \"$2\" \"$3\" && pg_connection_string \"$2\" \"$3\"",
            DataDirectory, Port.ToString(), DefaultDatabase);
    }

    /// <summary>
    /// Creates (if missing) a database with the schema applied and returns its connection string.
    /// Names are limited to [A-Za-z0-9_] (max 63) so they need no quoting anywhere.
    /// </summary>
    public Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"Invalid database name '{name}': use [A-Za-z_][A-Za-z0-9_]{{0,62}}.", nameof(name));
        }

        return RunScriptAsync(
            "pg_ensure_db \"$1\" \"$2\" \"$3\" && pg_connection_string \"$2\" \"$3\"",
            DataDirectory, Port.ToString(), name);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Directory.Exists(DataDirectory))
            {
                await RunScriptAsync("pg_stop \"$1\"", DataDirectory);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(BaseDirectory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover temp dir must not fail the run
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> in bash after sourcing scripts/postgres.sh; returns trimmed stdout.</summary>
    private async Task<string> RunScriptAsync(string body, params string[] args)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        psi.ArgumentList.Add("-c");
        // $0 = script path, $1.. = args: nothing is interpolated into the command text
        psi.ArgumentList.Add("source \"$0\" || exit 1\n" + body);
        psi.ArgumentList.Add(ScriptPath);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/postgres.sh ({body}) did not finish within {ScriptTimeout}.");
        }

        var output = await stdout;
        var error = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/postgres.sh ({body}) failed with exit code {process.ExitCode}:\n{error}{output}");
        }

        return output.Trim();
    }

    /// <summary>A port that was free a moment ago (the OS picks it; small race accepted).</summary>
    public static int GetFreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
