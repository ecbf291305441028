using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

using MonMaster.Hosting;

namespace MonMaster.Bench.Engine;

/// <summary>
/// <c>bench engine</c>: a synthetic national-size campaign (scaled by <c>--scale</c>) through the real grains,
/// on PostgreSQL then in memory. Prints each phase with where its time went, then one summary line per storage.
/// Figures, not assertions; every wait is bounded, so it always ends.
/// </summary>
public static partial class Benchmarks
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        if (options.Positional.FirstOrDefault() != "engine")
            throw new CommandLineException("bench: try 'bench engine [--scale F] [--storage memory|postgres|both] [--answers N] [--seed N]'.");
        var scale = options.Double("scale") ?? 1.0;
        if (scale is <= 0 or > 10) throw new CommandLineException("--scale is a factor of the national size, in (0, 10].");
        var kinds = StorageKinds(options);
        var engine = new EngineOptions(
            Scale: scale,
            Answers: options.Int("answers") ?? Math.Max(1_000, (int)Math.Round(20_000 * scale)),
            Seed: options.Int("seed") ?? 2025,
            Concurrency: options.Int("concurrency") ?? 64,
            Workers: options.Int("workers") ?? 200,
            AnswerLimit: TimeSpan.FromSeconds(options.Int("answer-seconds") ?? 600),
            WaitLimit: TimeSpan.FromMinutes(options.Int("wait-minutes") ?? 30));
        if (engine.Answers < 1 || engine.Concurrency < 1 || engine.Workers < 1)
            throw new CommandLineException("--answers, --concurrency and --workers need positive numbers.");

        var runOnly = options.Flag("run-only");
        if (!runOnly)
        {
            Out("MonMaster bench engine");
            Out($"  machine: {Machine()}");
            Out($"  options: scale {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}, storage {string.Join(" then ", kinds.Select(k => k.ToString().ToLowerInvariant()))}, answers {engine.Answers:N0}, "
                + $"seed {engine.Seed}, seeding/ranking concurrency {engine.Concurrency}, answering candidates {engine.Workers}, release immediate");
        }

        var watch = Stopwatch.StartNew();
        var campaign = SyntheticCampaign.Generate(scale, engine.Seed);
        if (!runOnly)
        {
            Out($"  synthetic campaign generated in {watch.Elapsed.TotalSeconds:F1} s:");
            Out(campaign.Describe());
            Out($"  {StateSizes(campaign)}");
        }
        if (options.Flag("dry-run")) return 0;

        var summaries = new List<string>();
        if (kinds.Count > 1 && !options.Flag("same-process"))
        {
            // One process per storage kind, so that each one's memory and warm-up start from the same clean slate.
            campaign = null;
            foreach (var kind in kinds) summaries.Add(await RunChildAsync(kind));
        }
        else
        {
            foreach (var kind in kinds)
                summaries.Add(await new EngineRun(engine, campaign!, kind, options.Connection).RunAsync());
        }
        GC.KeepAlive(campaign);

        if (!runOnly) Out("");
        foreach (var summary in summaries) Out(summary);
        return 0;
    }

    /// <summary>Runs this same benchmark for one storage kind in a child process; forwards its report and returns its summary line.</summary>
    private static async Task<string> RunChildAsync(StorageKind kind)
    {
        var name = kind == StorageKind.Postgres ? "postgres" : "memory";
        var self = Environment.GetCommandLineArgs();
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        if (self[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(self[0]);
        for (var i = 1; i < self.Length; i++)
        {
            if (self[i] == "--storage") { i++; continue; }
            start.ArgumentList.Add(self[i]);
        }
        foreach (var arg in (string[])["--storage", name, "--run-only"]) start.ArgumentList.Add(arg);

        using var child = Process.Start(start) ?? throw new InvalidOperationException("bench: could not start a child process.");
        string? summary = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith($"engine {name}:", StringComparison.Ordinal)) summary = line;
            else Out(line);
        }
        await child.WaitForExitAsync();
        return summary ?? $"engine {name}: no figures (the run exited with code {child.ExitCode})";
    }

    private static List<StorageKind> StorageKinds(CommandLine options)
    {
        var connection = options.Connection;
        switch (options.Value("storage") ?? "both")
        {
            case "memory":
                return [StorageKind.Memory];
            case "postgres" when connection is null:
                throw new CommandLineException("--storage postgres needs --connection (or MONMASTER_POSTGRES).");
            case "postgres":
                return [StorageKind.Postgres];
            case "both" when connection is null:
                Console.Error.WriteLine("monmaster bench: no --connection (or MONMASTER_POSTGRES): in-memory storage only.");
                return [StorageKind.Memory];
            case "both":
                return [StorageKind.Postgres, StorageKind.Memory];
            case var other:
                throw new CommandLineException($"--storage is \"memory\", \"postgres\" or \"both\", not \"{other}\".");
        }
    }

    private static string Machine()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name")?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadFirst("/proc/meminfo", "MemTotal") is { } line && long.TryParse(line.Split(':')[1].Trim().Split(' ')[0], out var kb)
            ? $"{kb / 1024.0 / 1024:F1} GB" : $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GB available to .NET";
        return $"{Environment.ProcessorCount} cores (Environment.ProcessorCount) — {cpu}; {memory} RAM; {RuntimeInformation.OSDescription}; "
            + $"{RuntimeInformation.FrameworkDescription}; {(GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }

    private static string? ReadFirst(string path, string prefix)
    {
        try { return File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
