using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Grains;
using Npgsql;
using Orleans.Storage;

using MonMaster.Hosting;

namespace MonMaster.Bench.Engine;

public static partial class Benchmarks
{
    /// <summary>Counts and times every grain-state read and write, by state name (formation, candidate, campaign).</summary>
    private sealed class StorageMeter
    {
        /// <summary>One write in this many has its JSON size measured (serializing again costs CPU).</summary>
        private const int SizeSampling = 16;
        private readonly ConcurrentDictionary<string, Counters> byState = new();
        private long inFlight;

        public long InFlight => Interlocked.Read(ref inFlight);

        public sealed class Counters
        {
            public long Writes, WriteTicks, Reads, ReadTicks, SampledBytes, Samples, Failures;
        }

        public sealed record Snapshot(IReadOnlyDictionary<string, Counters> ByState);

        public long Begin() { Interlocked.Increment(ref inFlight); return Stopwatch.GetTimestamp(); }

        public void Read(string state, long started)
        {
            Interlocked.Decrement(ref inFlight);
            var c = For(state);
            Interlocked.Increment(ref c.Reads);
            Interlocked.Add(ref c.ReadTicks, Stopwatch.GetTimestamp() - started);
        }

        public void Wrote<T>(string state, long started, T value, bool failed)
        {
            Interlocked.Decrement(ref inFlight);
            var c = For(state);
            var n = Interlocked.Increment(ref c.Writes);
            Interlocked.Add(ref c.WriteTicks, Stopwatch.GetTimestamp() - started);
            if (failed) Interlocked.Increment(ref c.Failures);
            if (n % SizeSampling == 1)
            {
                Interlocked.Add(ref c.SampledBytes, JsonSerializer.SerializeToUtf8Bytes(value, AdmissionJson.Options).Length);
                Interlocked.Increment(ref c.Samples);
            }
        }

        /// <summary>A commit of the admission store: its exact size (the parts it rewrote), no sampling needed.</summary>
        public void Committed(string state, long started, int bytes, bool failed)
        {
            Interlocked.Decrement(ref inFlight);
            var c = For(state);
            Interlocked.Increment(ref c.Writes);
            Interlocked.Add(ref c.WriteTicks, Stopwatch.GetTimestamp() - started);
            if (failed) Interlocked.Increment(ref c.Failures);
            Interlocked.Add(ref c.SampledBytes, bytes);
            Interlocked.Increment(ref c.Samples);
        }

        public Snapshot Take() => new(byState.ToDictionary(p => p.Key, p => new Counters
        {
            Writes = Interlocked.Read(ref p.Value.Writes), WriteTicks = Interlocked.Read(ref p.Value.WriteTicks),
            Reads = Interlocked.Read(ref p.Value.Reads), ReadTicks = Interlocked.Read(ref p.Value.ReadTicks),
            SampledBytes = Interlocked.Read(ref p.Value.SampledBytes), Samples = Interlocked.Read(ref p.Value.Samples),
            Failures = Interlocked.Read(ref p.Value.Failures),
        }));

        public static string Describe(Snapshot before, Snapshot after, double seconds)
        {
            var writes = new List<string>();
            var reads = new List<string>();
            long totalWrites = 0;
            double bytes = 0;
            foreach (var (state, a) in after.ByState.OrderBy(p => p.Key))
            {
                var b = before.ByState.GetValueOrDefault(state) ?? new Counters();
                var w = a.Writes - b.Writes;
                var r = a.Reads - b.Reads;
                if (w > 0)
                {
                    var samples = a.Samples - b.Samples;
                    var size = samples > 0 ? (double)(a.SampledBytes - b.SampledBytes) / samples : double.NaN;
                    var failures = a.Failures - b.Failures;
                    writes.Add($"{state} {w:N0} × {Ms(a.WriteTicks - b.WriteTicks, w):F1} ms{(double.IsNaN(size) ? "" : $" ~{Size(size)}")}{(failures > 0 ? $" ({failures} failed)" : "")}");
                    totalWrites += w;
                    if (!double.IsNaN(size)) bytes += size * w;
                }
                if (r > 0) reads.Add($"{state} {r:N0} × {Ms(a.ReadTicks - b.ReadTicks, r):F1} ms");
            }
            if (writes.Count == 0 && reads.Count == 0) return "";
            var text = new StringBuilder("state writes: ");
            text.Append(writes.Count == 0 ? "none" : string.Join(", ", writes));
            if (totalWrites > 0) text.Append(CultureInfo.InvariantCulture, $" — {totalWrites / Math.Max(seconds, 1e-3):N0} writes/s, ~{Size(bytes / Math.Max(seconds, 1e-3))}/s");
            if (reads.Count > 0) text.Append("; reads: ").Append(string.Join(", ", reads));
            return text.ToString();
        }

        private static double Ms(long ticks, long count) => ticks * 1000.0 / Stopwatch.Frequency / count;

        private Counters For(string state) => byState.GetOrAdd(state, _ => new Counters());
    }

    private static string Size(double bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (1 << 30):F2} GB",
        >= 1 << 20 => $"{bytes / (1 << 20):F1} MB",
        >= 1 << 10 => $"{bytes / (1 << 10):F1} KB",
        _ => $"{bytes:F0} B",
    };

    /// <summary>The grain storage as the grains see it, with every call timed (a profile of where the time goes).</summary>
    private sealed class TimedGrainStorage(IGrainStorage inner, StorageMeter meter) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public IGrainStorage Inner => inner;

        public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var started = meter.Begin();
            try { await inner.ReadStateAsync(stateName, grainId, grainState); }
            finally { meter.Read(stateName, started); }
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var started = meter.Begin();
            var failed = true;
            try { await inner.WriteStateAsync(stateName, grainId, grainState); failed = false; }
            finally { meter.Wrote(stateName, started, grainState.State, failed); }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

        /// <summary>Wraps the keyed grain storage <paramref name="name"/>; false when it is not registered as expected.</summary>
        public static bool Decorate(IServiceCollection services, string name, StorageMeter meter)
        {
            var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
            if (descriptor is null) return false;
            services.Remove(descriptor);
            services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new TimedGrainStorage(descriptor switch
            {
                { KeyedImplementationFactory: { } factory } => (IGrainStorage)factory(sp, key),
                { KeyedImplementationInstance: IGrainStorage instance } => instance,
                _ => (IGrainStorage)ActivatorUtilities.CreateInstance(sp, descriptor.KeyedImplementationType!),
            }, meter));
            return true;
        }
    }

    /// <summary>The candidates' and formations' store as the grains see it, every commit timed and sized.</summary>
    private sealed class TimedAdmissionStore(IAdmissionStore inner, StorageMeter meter) : IAdmissionStore
    {
        public async Task<StoredGrain?> LoadAsync(string kind, string key)
        {
            var started = meter.Begin();
            try { return await inner.LoadAsync(kind, key); }
            finally { meter.Read(kind, started); }
        }

        public async Task WriteAsync(GrainWrite write)
        {
            var started = meter.Begin();
            var failed = true;
            try { await inner.WriteAsync(write); failed = false; }
            finally { meter.Committed(write.Kind, started, write.Bytes, failed); }
        }

        public static bool Decorate(IServiceCollection services, StorageMeter meter)
        {
            var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IAdmissionStore) && !d.IsKeyedService);
            if (descriptor?.ImplementationFactory is not { } factory) return false;
            services.Remove(descriptor);
            services.AddSingleton<IAdmissionStore>(sp => new TimedAdmissionStore((IAdmissionStore)factory(sp), meter));
            return true;
        }
    }

    /// <summary>
    /// Where the time of a phase went: wall time, this process's CPU, PostgreSQL's CPU, GC, thread-pool peaks,
    /// undelivered messages and the storage calls.
    /// </summary>
    private sealed class Probe : IAsyncDisposable
    {
        private readonly StorageMeter meter;
        private readonly Deliveries deliveries;
        private readonly int? postmaster;
        private readonly MonMaster.Postgres.PostgresActivity? waits;
        private readonly CancellationTokenSource stop = new();
        private readonly Task sampler;
        private long peakQueue, peakThreads, peakUndelivered, peakInFlight;

        public Probe(StorageMeter meter, Deliveries deliveries, string? connectionString)
        {
            this.meter = meter;
            this.deliveries = deliveries;
            postmaster = connectionString is null ? null : PostgresProcess.FindPostmaster(connectionString);
            waits = connectionString is null ? null : new MonMaster.Postgres.PostgresActivity(connectionString);
            sampler = SampleAsync();
        }

        public sealed record Mark(long At, TimeSpan Cpu, double PostgresCpu, long Allocated, TimeSpan GcPause, int Gen2, StorageMeter.Snapshot Storage);

        public Mark Take()
        {
            using var process = Process.GetCurrentProcess();
            return new(Stopwatch.GetTimestamp(), process.TotalProcessorTime, postmaster is { } pm ? PostgresProcess.CpuSeconds(pm) : double.NaN,
                GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(2), meter.Take());
        }

        /// <summary>Starts a phase: resets the peaks and returns its starting mark.</summary>
        public Mark Start()
        {
            Interlocked.Exchange(ref peakQueue, 0);
            Interlocked.Exchange(ref peakThreads, 0);
            Interlocked.Exchange(ref peakUndelivered, 0);
            Interlocked.Exchange(ref peakInFlight, 0);
            waits?.Reset();
            return Take();
        }

        public string Describe(Mark from, Mark to)
        {
            var seconds = Seconds(from.At, to.At);
            var cpu = (to.Cpu - from.Cpu).TotalSeconds / Math.Max(seconds, 1e-3);
            var pg = double.IsNaN(to.PostgresCpu) ? "" : $", postgres {(to.PostgresCpu - from.PostgresCpu) / Math.Max(seconds, 1e-3):F2}";
            var line = $"cpu {cpu:F2} cores (silo){pg} of {Environment.ProcessorCount} | gc paused {(to.GcPause - from.GcPause).TotalSeconds:F2} s, allocated {Size(to.Allocated - from.Allocated)}, gen2 ×{to.Gen2 - from.Gen2}"
                + $" | peaks: thread-pool queue {Interlocked.Read(ref peakQueue):N0}, threads {Interlocked.Read(ref peakThreads)}, undelivered {Interlocked.Read(ref peakUndelivered):N0}, storage calls in flight {Interlocked.Read(ref peakInFlight)}";
            var storage = StorageMeter.Describe(from.Storage, to.Storage, seconds);
            if (storage.Length > 0) line += $"\n      {storage}";
            if (waits?.Describe() is { Length: > 0 } activity) line += $"\n      {activity}";
            return line;
        }

        private async Task SampleAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    Peak(ref peakQueue, ThreadPool.PendingWorkItemCount);
                    Peak(ref peakThreads, ThreadPool.ThreadCount);
                    Peak(ref peakUndelivered, deliveries.Pending);
                    Peak(ref peakInFlight, meter.InFlight);
                    await Task.Delay(100, stop.Token);
                }
            }
            catch (OperationCanceledException) { }
        }

        private static void Peak(ref long peak, long value)
        {
            long current;
            while (value > (current = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, current) != current) { }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await sampler;
            if (waits is not null) await waits.DisposeAsync();
            stop.Dispose();
        }
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    /// <summary>The local PostgreSQL server's processes, found through /proc (Linux only; elsewhere nothing is reported).</summary>
    private static class PostgresProcess
    {
        private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

        /// <summary>The postmaster listening on the connection string's port, if it runs on this machine and we may read its data directory.</summary>
        public static int? FindPostmaster(string connectionString)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString);
                if (builder.Host is not ("127.0.0.1" or "localhost" or "::1")) return null;
                var processes = Processes().ToList();
                foreach (var (pid, comm, ppid) in processes)
                {
                    if (comm != "postgres" || processes.Any(p => p.Pid == ppid && p.Comm == "postgres")) continue;
                    var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                    var d = Array.IndexOf(args, "-D");
                    if (d < 0 || d + 1 >= args.Length) continue;
                    var dir = args[d + 1];
                    if (!Path.IsPathRooted(dir)) dir = Path.Combine(File.ResolveLinkTarget($"/proc/{pid}/cwd", false)?.FullName ?? "/", dir);
                    var lines = File.ReadAllLines(Path.Combine(dir, "postmaster.pid"));
                    if (lines.Length > 3 && lines[3].Trim() == builder.Port.ToString(CultureInfo.InvariantCulture)) return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException) { }
            return null;
        }

        /// <summary>
        /// User + system CPU seconds of the server: the postmaster, its children that exited (it reaps them, so they
        /// count in its cutime/cstime) and its live children (backends, WAL writer, checkpointer).
        /// </summary>
        public static double CpuSeconds(int postmaster)
        {
            double ticks = 0;
            foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
            {
                if (ReadStat(int.Parse(pid!, CultureInfo.InvariantCulture)) is not { } stat) continue;
                if (stat.Pid == postmaster) ticks += stat.CpuTicks + stat.ChildrenTicks;
                else if (stat.Ppid == postmaster) ticks += stat.CpuTicks;
            }
            return ticks / ClockTicksPerSecond;
        }

        private static IEnumerable<(int Pid, string Comm, int Ppid)> Processes()
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(dir);
                if (!name.All(char.IsAsciiDigit) || ReadStat(int.Parse(name, CultureInfo.InvariantCulture)) is not { } stat) continue;
                yield return (stat.Pid, stat.Comm, stat.Ppid);
            }
        }

        private static (int Pid, string Comm, int Ppid, long CpuTicks, long ChildrenTicks)? ReadStat(int pid)
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/stat");
                var open = text.IndexOf('(');
                var close = text.LastIndexOf(')');
                var fields = text[(close + 2)..].Split(' ');
                // After "(comm) ": state, ppid, ...; utime, stime, cutime, cstime are fields 14–17 of the whole line.
                return (pid, text[(open + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
                    long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                return null;
            }
        }
    }
}
