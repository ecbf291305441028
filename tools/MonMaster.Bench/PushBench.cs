using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;
using MonMaster.Hosting;
using Serilog.Events;

namespace MonMaster.Bench;

/// <summary>
/// <c>bench push</c>: K SignalR clients on ONE API node (which hosts its silo, in this process), a steady stream of
/// answers that move waitlists, and the latency from each answer's acknowledgement to each affected client's
/// message (see <see cref="PushLatency"/>). The clients run in child processes of this executable: a process may
/// hold only so many sockets (ulimit -n), and the node alone needs one per connection.
/// </summary>
public static class PushBench
{
    /// <summary>
    /// Files the node's process opens besides its connections (runtime, Orleans, Kestrel, answers), with room to spare.
    /// On PostgreSQL a connection pool comes on top: at 19,500 clients it once left no descriptor to load an assembly with.
    /// </summary>
    private static int NodeFilesFor(StorageKind storage) => storage == StorageKind.Postgres ? 1000 : 500;
    /// <summary>Files a client process opens besides its connections.</summary>
    private const int ClientFiles = 200;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    public static async Task<int> RunAsync(CommandLine line)
    {
        var options = PushOptions.From(line);
        if (options.Storage == StorageKind.Postgres && options.Connection is null)
            throw new CommandLineException("--storage postgres needs --connection (or MONMASTER_POSTGRES).");
        var files = Probes.OpenFilesLimit();
        var nodeFiles = NodeFilesFor(options.Storage);
        if (files < options.Clients + nodeFiles)
            throw new CommandLineException(
                $"this process may open {files:N0} files (ulimit -n) and the API node needs one per connection plus about {nodeFiles} of its own, "
                + $"{options.Clients + nodeFiles:N0} for --clients {options.Clients:N0}. Raise the limit (ulimit -n; past the hard limit "
                + $"this needs root with CAP_SYS_RESOURCE) or run with --clients {Math.Max(0, files - nodeFiles)} at most.");
        var perProcess = (int)Math.Min(options.ClientsPerProcess, files - ClientFiles);
        var processes = (options.Clients + perProcess - 1) / perProcess;
        var ports = Probes.EphemeralPorts();

        Out("MonMaster bench push: SignalR clients on one API node (hosting its silo), answers moving waitlists");
        Out($"  machine: {Machine()}");
        Out($"  options: {options.Describe()}");
        Out($"  limits:  {files:N0} open files per process (ulimit -n); ephemeral ports {ports.First}–{ports.Last} ({ports.Last - ports.First + 1:N0}); "
            + $"node listening on {(options.Clients + options.ClientsPerPort - 1) / options.ClientsPerPort} port(s); clients in {processes} process(es)");

        var total = Stopwatch.StartNew();
        var campaign = PushCampaign.Generate(options.Clients, options.Wishes, options.Applicants, options.Capacity, options.Seed);
        Out($"  campaign: {campaign.Describe()}");

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var urls = Enumerable.Range(0, (options.Clients + options.ClientsPerPort - 1) / options.ClientsPerPort)
            .Select(_ => new Uri($"http://127.0.0.1:{MonMasterHost.FreePort()}")).ToList();
        var id = $"bench-push-{Guid.NewGuid():N}";
        List<string> args =
        [
            $"--urls={string.Join(';', urls.Select(u => u.ToString().TrimEnd('/')))}",
            $"--MonMaster:Storage={options.Storage}", "--MonMaster:HostSilo=true", "--MonMaster:Demo=false",
            $"--MonMaster:Auth:SigningKey={key}", $"--MonMaster:ClusterId={id}", $"--MonMaster:ServiceId={id}",
            $"--MonMaster:SiloPort={MonMasterHost.FreePort()}", $"--MonMaster:GatewayPort={MonMasterHost.FreePort()}",
            $"--MonMaster:Campaign={PushCampaign.Year}",
            // Each candidate answers rarely; the limits stay out of the way of a benchmark that sends from one address.
            "--MonMaster:RateLimit:Burst=1000000", "--MonMaster:RateLimit:PerSecond=1000000",
        ];
        if (options.Connection is not null && options.Storage == StorageKind.Postgres) args.Add($"--MonMaster:ConnectionString={options.Connection}");

        var app = ApiHost.Build([.. args], LogEventLevel.Warning);
        await app.StartAsync();
        var temp = Directory.CreateTempSubdirectory("monmaster-bench-push-");
        var fleets = new List<FleetProcess>();
        try
        {
            return await RunAsync(options, campaign, app, urls, key, temp.FullName, fleets, perProcess, total);
        }
        finally
        {
            foreach (var fleet in fleets) fleet.Dispose();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await app.StopAsync(stopping.Token); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException) { Progress("node stop cut short after 30 s"); }
            await app.DisposeAsync();
            try { temp.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<int> RunAsync(PushOptions options, PushCampaign campaign, WebApplication app, List<Uri> urls, string key,
        string temp, List<FleetProcess> fleets, int perProcess, Stopwatch total)
    {
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var deliveries = app.Services.GetRequiredService<Deliveries>();
        var feed = app.Services.GetRequiredService<LiveFeed>();
        var book = new OfferBook(campaign);
        using var subscription = app.Services.GetRequiredService<AdmissionEvents>().Subscribe(book.On);

        // 1. The campaign, through the grains, up to just after the opening round.
        var seeding = Stopwatch.StartNew();
        await campaign.SeedAsync(grains, deliveries, Progress);
        Out($"  seeding: {seeding.Elapsed.TotalSeconds:F1} s; {book.PendingOffers():N0} pending offers after the opening round");

        // 2. The clients: child processes, started and warmed up before the clock starts.
        var processes = (options.Clients + perProcess - 1) / perProcess;
        var concurrency = Math.Max(1, (options.ConnectConcurrency + processes - 1) / processes);
        for (var p = 0; p < processes; p++)
        {
            var from = (int)((long)options.Clients * p / processes);
            var to = (int)((long)options.Clients * (p + 1) / processes);
            fleets.Add(FleetProcess.Start(urls, from, to - from, concurrency, key, Path.Combine(temp, $"clients-{p}.bin")));
        }
        await Task.WhenAll(fleets.Select(f => f.Ready)).WaitAsync(TimeSpan.FromMinutes(5));
        var rssBefore = Probes.Rss();
        var filesBefore = Probes.OpenFiles();

        Progress($"connecting {options.Clients:N0} clients");
        var connectStart = Stopwatch.GetTimestamp();
        foreach (var process in fleets) await process.Send("connect");
        var connected = (await Task.WhenAll(fleets.Select(f => f.Connected)).WaitAsync(TimeSpan.FromMinutes(30))).Sum(c => c.Connected);
        var connectEnd = Stopwatch.GetTimestamp();
        var watchLimit = Stopwatch.GetTimestamp() + 300 * Stopwatch.Frequency;
        while (feed.WatchedCandidates < connected && Stopwatch.GetTimestamp() < watchLimit) await Task.Delay(20);
        var watching = Stopwatch.GetTimestamp();
        var watched = feed.WatchedCandidates;
        // The node watches formations for its new candidates every 50 ms (64 calls at a time): let it finish.
        await Task.Delay(TimeSpan.FromSeconds(2 + options.Clients / 10_000.0));
        var rssConnected = Probes.Rss();
        var filesConnected = Probes.OpenFiles();
        Progress($"{connected:N0} connected; answering");

        // 3. The answers, then until every push has gone out.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = urls[0] };
        var stream = new AnswerStream(options, campaign, book, http, new TokenIssuer(Access.KeyOf(key)));
        await Task.Delay(300); // a fresh status line from every client process
        var cpuBefore = Probes.CpuSeconds();
        var clientsCpuBefore = fleets.Sum(f => f.CpuSeconds);
        var machineBefore = Probes.MachineCpu();
        var loadBefore = Probes.LoadAverage();
        book.Counting = true;
        await stream.RunAsync(status => Progress($"{status}; {fleets.Sum(f => f.Messages):N0} messages received"));
        var idle = deliveries.WhenIdle();
        var settled = await Task.WhenAny(idle, Task.Delay(TimeSpan.FromMinutes(2))) == idle;
        var settledAt = Stopwatch.GetTimestamp();
        var quietLimit = settledAt + 60 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < quietLimit)
        {
            await Task.Delay(250);
            var last = Math.Max(settledAt, fleets.Max(f => f.LastMessageAt));
            if (Stopwatch.GetTimestamp() - last > Quiet.TotalSeconds * Stopwatch.Frequency) break;
        }
        book.Counting = false;
        var cpuNode = Probes.CpuSeconds() - cpuBefore;
        var cpuClients = fleets.Sum(f => f.CpuSeconds) - clientsCpuBefore;
        var machineAfter = Probes.MachineCpu();
        var machineBusy = (machineAfter.Busy - machineBefore.Busy) / Math.Max(1e-3, machineAfter.Total - machineBefore.Total);
        var load = $"{loadBefore} → {Probes.LoadAverage()}";
        var drained = Stopwatch.GetTimestamp();
        var peakNode = Probes.PeakRss();
        var statusChanges = book.StatusChanges;

        // 4. The clients close and hand over what they received.
        Progress("closing the clients");
        var stops = await Task.WhenAll(fleets.Select(f => f.StopAsync(TimeSpan.FromMinutes(5))));
        var fleet = new FleetResult();
        foreach (var f in fleets.Where((_, i) => stops[i]))
            fleet.Add(f.Output);
        if (stops.Any(s => !s)) Out($"  WARNING: {stops.Count(s => !s)} client process(es) did not finish cleanly; their figures are missing");
        // Grains write their trimmed outboxes 5 s after their last delivery: let them, before the silo stops under them.
        var quietNode = TimeSpan.FromSeconds(6) - TimeSpan.FromSeconds(Seconds(drained, Stopwatch.GetTimestamp()));
        if (quietNode > TimeSpan.Zero) await Task.Delay(quietNode);

        using var samples = options.SamplesFile is { } samplesPath ? new StreamWriter(samplesPath) : null;
        Report(options, fleet, stream, PushLatency.Compute(stream.Answers, fleet.Events, campaign.Formations.Length, stream.Started, options.Guard, samples),
            new NodeFigures(connectStart, connectEnd, watching, watched, rssBefore, rssConnected, peakNode, filesBefore, filesConnected,
                cpuNode, cpuClients, machineBusy, load, Seconds(stream.Started, drained), settled, statusChanges, fleets.Count), total);
        return connected > 0 && stream.Succeeded > 0 ? 0 : 1;
    }

    private sealed record NodeFigures(
        long ConnectStart, long ConnectEnd, long Watching, int Watched, long RssBefore, long RssConnected, long PeakRss,
        int FilesBefore, int FilesConnected, double CpuSeconds, double ClientsCpuSeconds, double MachineBusy, string LoadAverage,
        double AnsweringSeconds, bool Settled, long StatusChanges, int Processes);

    private static void Report(PushOptions options, FleetResult fleet, AnswerStream stream, PushLatency latency,
        NodeFigures node, Stopwatch total)
    {
        var handshakes = PushLatency.NewHistogram();
        foreach (var ticks in fleet.ConnectTicks) handshakes.RecordValue(Math.Clamp(PushLatency.Microseconds(ticks), 1, handshakes.HighestTrackableValue));
        var acks = PushLatency.NewHistogram();
        foreach (var a in stream.Answers) acks.RecordValue(Math.Clamp(PushLatency.Microseconds(a.Acked - a.Sent), 1, acks.HighestTrackableValue));

        var answers = stream.Answers;
        var lastAck = answers.Count > 0 ? answers.Max(a => a.Acked) : stream.Finished;
        var answerSeconds = Seconds(stream.Started, lastAck);
        var definitive = answers.Count(a => a.Definitive);
        var phaseMessages = fleet.Messages.Where(m => m >= stream.Started).ToList();
        var lastMessage = phaseMessages.Count > 0 ? phaseMessages.Max() : stream.Finished;
        var messageSeconds = Math.Max(1e-3, Seconds(stream.Started, lastMessage));
        var peakSecond = phaseMessages.Count == 0 ? 0 : phaseMessages.GroupBy(m => (m - stream.Started) / Stopwatch.Frequency).Max(g => g.Count());
        var phaseEvents = fleet.Events.Count(e => e.At >= stream.Started);
        var statusEvents = fleet.Events.Count(e => e.At >= stream.Started && e.Kind != 0);
        var connectSeconds = Seconds(node.ConnectStart, node.ConnectEnd);
        var perConnection = fleet.Connected > 0 ? (node.RssConnected - node.RssBefore) / fleet.Connected : 0;
        var errors = stream.Errors.Count == 0 ? "" : "; errors " + string.Join(", ", stream.Errors.Select(e => $"{e.Key} ×{e.Value}"));
        var failures = fleet.Failures.Count == 0 ? "" : " — " + string.Join(", ", fleet.Failures.Select(f => $"{f.Key} ×{f.Value}"));
        var h = latency.Histogram;
        var samples = h.TotalCount;

        Out("");
        Row("figure", "value");
        Row("------", "-----");
        Row("connections", $"{fleet.Connected:N0} of {options.Clients:N0} ({options.Clients - fleet.Connected:N0} failed, {fleet.Retries:N0} retried, {fleet.Dropped:N0} dropped during the run){failures}");
        Row("connect phase", $"{connectSeconds:F1} s → {fleet.Connected / Math.Max(connectSeconds, 1e-3):N0} connections/s (WebSockets, no negotiation, {options.ConnectConcurrency} at a time, {node.Processes} client process(es))");
        Row("handshake per connection", Percentiles(handshakes));
        Row("node watching all", $"{Seconds(node.ConnectStart, node.Watching):F1} s after the first connection ({node.Watched:N0} candidates watched)");
        Row("node memory (RSS)", $"{Probes.Size(node.RssBefore)} before connecting, {Probes.Size(node.RssConnected)} connected (+{perConnection / 1024.0:F0} KiB per connection); peak {Probes.Size(node.PeakRss)}");
        Row("node open files", $"{node.FilesBefore:N0} before connecting, {node.FilesConnected:N0} connected");
        Row("client processes", $"peak RSS {string.Join(" + ", fleet.PeakRss.Select(Probes.Size))}; CPU {fleet.CpuSeconds:F1} s in all");
        Row("answers", $"{answers.Count:N0} acknowledged in {answerSeconds:F1} s → {answers.Count / Math.Max(answerSeconds, 1e-3):F1} answers/s (target {options.Rate:0.#}/s; "
            + $"{definitive:N0} definitive acceptances, {answers.Count - definitive:N0} refusals; {stream.Retried:N0} retried, an answer due and none possible during {stream.StarvedSeconds:F1} s, {stream.GuardedSeconds:F1} s of it because of the guard){errors}"
            + (stream.TimedOut ? $" — STOPPED after {options.MaxAnswering.TotalSeconds:F0} s" : "")
            + (stream.Exhausted ? " — STOPPED: no offer left to answer (fewer --answers, or more --clients)" : ""));
        Row("answer acknowledgement", $"{Percentiles(acks)} (HTTP POST → 204)");
        Row("messages received", $"{phaseMessages.Count:N0} in {messageSeconds:F1} s → {phaseMessages.Count / messageSeconds:N0} messages/s (peak {peakSecond:N0} in one second); "
            + $"{phaseEvents:N0} events → {phaseEvents / messageSeconds:N0} events/s; {phaseEvents / (double)Math.Max(1, answers.Count):F1} events per answer");
        Row("events by kind", string.Join(", ", EventKinds.Names.Select((n, i) => (n, latency.ByKind[i])).Where(k => k.Item2 > 0).Select(k => $"{k.n} {k.Item2:N0}")));
        Row("status changes", $"{node.StatusChanges:N0} published by the formations, {statusEvents:N0} status events received (coalescing may merge two changes of one application)");
        Row("PUSH LATENCY (from ack)", samples == 0 ? "no sample" : $"{Percentiles(h)}  ({samples:N0} samples)");
        Row("  from the request", $"{Percentiles(latency.FromSend)}  (same samples, from the answer's POST)");
        Row("  attribution", $"{latency.BeforeAck:N0} ({latency.BeforeAck / (double)Math.Max(1, samples):P1}) pushed before their ack (counted 0 ms); "
            + $"{latency.AboveGuard:N0} above the {options.Guard.TotalMilliseconds:F0} ms guard; {latency.Unattributed:N0} unattributed; {latency.BeforeAnswers:N0} before the first answer (not counted)");
        var cores = Environment.ProcessorCount;
        var span = Math.Max(node.AnsweringSeconds, 1e-3);
        Row("CPU while answering", $"node {node.CpuSeconds / span / cores:P0}, client processes {node.ClientsCpuSeconds / span / cores:P0}, whole machine {node.MachineBusy:P0} of {cores} cores "
            + $"over {node.AnsweringSeconds:F1} s (load average {node.LoadAverage}); the rest of the machine's use is other processes'"
            + (node.Settled ? "" : " — cascades NOT settled after 2 min"));
        var others = node.MachineBusy - (node.CpuSeconds + node.ClientsCpuSeconds) / span / cores;
        if (others > 0.15)
            Row("WARNING", $"other processes kept {others:P0} of the machine busy during the answers: the latencies above include their interference");
        Row("wall time", $"{total.Elapsed.TotalSeconds:F0} s in all");
        var p99 = samples == 0 ? double.NaN : h.GetValueAtPercentile(99) / 1000.0;
        Row("target", $"20,000 connections on one node, p99 < 500 ms: this run {fleet.Connected:N0} connections, p99 {p99:F0} ms → "
            + (samples > 0 && p99 < 500 ? "p99 met" : "p99 NOT met") + (fleet.Connected >= 20_000 ? "" : " (fewer connections than the target)"));
        Out("");
        Out(string.Create(CultureInfo.InvariantCulture,
            $"push {options.Storage.ToString().ToLowerInvariant()}: clients={options.Clients} connected={fleet.Connected} connect={connectSeconds:F1}s answers={answers.Count} "
            + $"answers/s={answers.Count / Math.Max(answerSeconds, 1e-3):F1} messages/s={phaseMessages.Count / messageSeconds:F0} events={phaseEvents} "
            + $"p50={Ms(h, 50)}ms p90={Ms(h, 90)}ms p99={Ms(h, 99)}ms max={(samples == 0 ? "-" : (h.GetMaxValue() / 1000.0).ToString("F1", CultureInfo.InvariantCulture))}ms "
            + $"node-peak-rss={node.PeakRss / (1L << 20)}MiB"));

        if (options.HistogramFile is { } path)
        {
            using var writer = new StreamWriter(path);
            h.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: 1000.0);
            Out($"  push latency distribution (ms) written to {path}");
        }
        if (options.SamplesFile is { } samplesFile) Out($"  push latency samples (CSV) written to {samplesFile}");
    }

    private static string Percentiles(LongHistogram h) => h.TotalCount == 0
        ? "no sample"
        : $"p50 {Ms(h, 50)} ms  p90 {Ms(h, 90)} ms  p99 {Ms(h, 99)} ms  p99.9 {Ms(h, 99.9)} ms  max {h.GetMaxValue() / 1000.0:F1} ms";

    private static string Ms(LongHistogram h, double percentile) =>
        h.TotalCount == 0 ? "-" : (h.GetValueAtPercentile(percentile) / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    private static void Row(string figure, string value) => Out($"  {figure,-26} {value}");

    /// <summary>A line of the report, flushed at once (a long run is read while it goes).</summary>
    internal static void Out(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static void Progress(string line) => Console.Error.WriteLine($"    … {line}");

    internal static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores — {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}; "
            + $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30):F1} GiB; {RuntimeInformation.OSDescription}; "
            + $"{RuntimeInformation.FrameworkDescription}; node {(GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }
}
