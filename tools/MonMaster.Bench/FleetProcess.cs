using System.Diagnostics;

namespace MonMaster.Bench;

/// <summary>The driver's handle on one client process (<see cref="ClientFleet"/>): its commands, its lines, its file.</summary>
public sealed class FleetProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(int Connected, int Failed)> connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task reader;
    private long messages, events, lastMessageAt, dropped;
    private double cpuSeconds;

    public int From { get; }
    public int Count { get; }
    public string Output { get; }

    private FleetProcess(Process process, int from, int count, string output)
    {
        this.process = process;
        From = from;
        Count = count;
        Output = output;
        reader = Task.Run(ReadAsync);
    }

    public long Messages => Interlocked.Read(ref messages);
    public long Events => Interlocked.Read(ref events);
    public long LastMessageAt => Interlocked.Read(ref lastMessageAt);
    public long Dropped => Interlocked.Read(ref dropped);
    /// <summary>The process's CPU time at its last status line.</summary>
    public double CpuSeconds => Volatile.Read(ref cpuSeconds);
    public Task Ready => ready.Task;
    public Task<(int Connected, int Failed)> Connected => connected.Task;

    /// <summary>Starts this same executable as a client process for candidates [from, from + count).</summary>
    public static FleetProcess Start(IReadOnlyList<Uri> urls, int from, int count, int concurrency, string key, string output)
    {
        var self = Environment.GetCommandLineArgs();
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        if (self[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(self[0]);
        foreach (var arg in (string[])[ClientFleet.Command, "--urls", string.Join(',', urls.Select(u => u.ToString().TrimEnd('/'))),
                     "--from", $"{from}", "--count", $"{count}", "--concurrency", $"{concurrency}", "--out", output])
            start.ArgumentList.Add(arg);
        start.Environment[ClientFleet.KeyVariable] = key;
        // Clients: workstation GC, so that a few client processes do not each take a server heap per core.
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a client process.");
        return new FleetProcess(process, from, count, output);
    }

    public Task Send(string command)
    {
        process.StandardInput.WriteLine(command);
        process.StandardInput.Flush();
        return Task.CompletedTask;
    }

    /// <summary>Tells the process to close its connections and write its file; waits until it has exited.</summary>
    public async Task<bool> StopAsync(TimeSpan limit)
    {
        try { await Send("stop"); }
        catch (IOException) { /* already gone */ }
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await done.Task.WaitAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var fields = line.Split(' ');
            switch (fields[0])
            {
                case "ready":
                    ready.TrySetResult();
                    break;
                case "connected":
                    connected.TrySetResult((int.Parse(fields[1]), int.Parse(fields[2])));
                    break;
                case "stat":
                    Interlocked.Exchange(ref messages, long.Parse(fields[1]));
                    Interlocked.Exchange(ref events, long.Parse(fields[2]));
                    Interlocked.Exchange(ref lastMessageAt, long.Parse(fields[3]));
                    Interlocked.Exchange(ref dropped, long.Parse(fields[4]));
                    Volatile.Write(ref cpuSeconds, double.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "done":
                    done.TrySetResult();
                    break;
                default:
                    Console.Error.WriteLine($"  [clients {From}–{From + Count - 1}] {line}");
                    break;
            }
        }
        var gone = new InvalidOperationException($"the client process for candidates {From}–{From + Count - 1} ended early.");
        ready.TrySetException(gone);
        connected.TrySetException(gone);
        done.TrySetResult();
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
        _ = reader;
        process.Dispose();
    }
}
