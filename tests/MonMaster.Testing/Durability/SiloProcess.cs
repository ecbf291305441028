using System.Collections.Concurrent;
using System.Diagnostics;
using MonMaster.Tests.Infrastructure;
using Npgsql;

namespace MonMaster.Tests.Durability;

/// <summary>
/// A MonMaster silo in a process of its own (the built <c>MonMaster.Silo.dll</c>), on PostgreSQL, so a test
/// can <c>kill -9</c> it. Keeps the tail of its log for failure messages; killed on dispose.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private const int LogLines = 400;
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();

    private SiloProcess(string name, Process process, int siloPort, int gatewayPort)
    {
        Name = name;
        this.process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public string Name { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>The silo executable built next to this test assembly, in the same configuration.</summary>
    public static string SiloDll() => Repository.BuiltDll("silo/MonMaster.Silo", "MonMaster.Silo");

    public static SiloProcess Start(string name, string connectionString, string clusterId, string serviceId, int campaign)
    {
        var siloPort = Infrastructure.PostgresServer.GetFreeTcpPort();
        var gatewayPort = Infrastructure.PostgresServer.GetFreeTcpPort();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     SiloDll(), "--MonMaster:Storage=Postgres", $"--MonMaster:ConnectionString={connectionString}",
                     $"--MonMaster:ClusterId={clusterId}", $"--MonMaster:ServiceId={serviceId}",
                     $"--MonMaster:SiloPort={siloPort}", $"--MonMaster:GatewayPort={gatewayPort}",
                     $"--MonMaster:Campaign={campaign}",
                 })
            info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start silo {name}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until the silo's membership row says Active (status 3).</summary>
    public async Task WaitActiveAsync(string connectionString, string clusterId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"Silo {Name} exited with code {process.ExitCode}:\n{Tail()}");
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(
                    "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND port = @p AND status = 3", connection);
                command.Parameters.AddWithValue("c", clusterId);
                command.Parameters.AddWithValue("p", SiloPort);
                if ((long)(await command.ExecuteScalarAsync())! > 0) return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Silo {Name} not active after {timeout}:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9 of the silo (and anything it started).</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // not started or already gone
        }
    }

    public string Tail(int lines = 60) => string.Join('\n', log.TakeLast(lines).Select(line => $"[{Name}] {line}"));

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        log.Enqueue(line);
        while (log.Count > LogLines) log.TryDequeue(out _);
    }
}
