using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using MonMaster.Api.Hosting;
using MonMaster.Hosting;

namespace MonMaster.Bench;

/// <summary>
/// A client process of <c>bench push</c>: a share of the candidates, each with one SignalR connection (WebSockets,
/// no negotiation) to the node's <c>/hubs/candidate</c>. It records when each "Changes" message arrives
/// (<see cref="Stopwatch.GetTimestamp"/>: CLOCK_MONOTONIC, the same clock as the node's process) and what it carries.
/// Talks to the driver by lines: prints <c>ready</c>; on <c>connect</c> connects everyone and prints
/// <c>connected …</c>, then <c>stat …</c> (counts, last arrival, drops, CPU seconds) four times a second; on <c>stop</c> closes, writes its records to the
/// output file, prints <c>done</c> and exits.
/// </summary>
public static class ClientFleet
{
    public const string Command = "push-clients";
    public const string KeyVariable = "MONMASTER_BENCH_KEY";
    private static readonly TimeSpan StatPeriod = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(CommandLine options)
    {
        var urls = (options.Value("urls") ?? throw new CommandLineException("--urls is missing.")).Split(',');
        var from = options.Int("from") ?? 0;
        var count = options.Int("count") ?? throw new CommandLineException("--count is missing.");
        var concurrency = Math.Max(1, options.Int("concurrency") ?? 50);
        var output = options.Value("out") ?? throw new CommandLineException("--out is missing.");
        var key = Environment.GetEnvironmentVariable(KeyVariable) ?? throw new CommandLineException($"{KeyVariable} is not set.");

        var issuer = new TokenIssuer(Access.KeyOf(key));
        var clients = new Client[count];
        for (var i = 0; i < count; i++)
        {
            var index = from + i;
            clients[i] = new Client(index, new Uri($"{urls[index % urls.Length]}/hubs/candidate"), issuer.Issue(Access.Candidate, PushCampaign.CandidateId(index)));
        }
        // Connections are built (not started) before the driver's clock starts.
        foreach (var client in clients) client.Build();
        var commands = ReadCommands();
        Say("ready");

        if (await commands.Reader.ReadAsync() != "connect") return 0; // the driver gave up before the clients connected
        var failures = new ConcurrentDictionary<string, int>();
        var connectStart = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (client, _) =>
        {
            if (await client.ConnectAsync() is { } error) failures.AddOrUpdate(error, 1, (_, n) => n + 1);
        });
        var connectEnd = Stopwatch.GetTimestamp();
        Say($"connected {clients.Count(c => c.Connected)} {count - clients.Count(c => c.Connected)} {connectStart} {connectEnd}");

        using var stats = new CancellationTokenSource();
        var statLoop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(StatPeriod);
            try
            {
                while (await timer.WaitForNextTickAsync(stats.Token))
                    Say(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"stat {Client.TotalMessages} {Client.TotalEvents} {Client.LastMessageAt} {Client.Dropped} {Probes.CpuSeconds():F3}"));
            }
            catch (OperationCanceledException) { }
        });

        await commands.Reader.ReadAsync(); // stop
        await stats.CancelAsync();
        await statLoop;
        Client.Stopping = true;
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (client, _) => await client.DisposeAsync());
        Write(output, clients, failures, connectStart, connectEnd);
        Say("done");
        return 0;
    }

    private static System.Threading.Channels.Channel<string> ReadCommands()
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is { } line) await channel.Writer.WriteAsync(line.Trim());
            // The driver went away: stop as if told to.
            await channel.Writer.WriteAsync("stop");
        });
        return channel;
    }

    private static void Say(string line)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>
    /// The file the driver reads: connection figures, then every message's arrival time and every event's
    /// (arrival time, candidate, formation, kind). Little-endian, as <see cref="BinaryWriter"/> writes.
    /// </summary>
    private static void Write(string path, Client[] clients, ConcurrentDictionary<string, int> failures, long connectStart, long connectEnd)
    {
        using var file = new BinaryWriter(File.Create(path));
        file.Write(clients.Length);
        file.Write(clients.Count(c => c.Connected));
        file.Write(clients.Sum(c => c.Retries));
        file.Write((int)Client.Dropped);
        file.Write(connectStart);
        file.Write(connectEnd);
        file.Write(Probes.PeakRss());
        file.Write(Probes.CpuSeconds());
        file.Write(failures.Count);
        foreach (var (error, n) in failures)
        {
            file.Write(error);
            file.Write(n);
        }
        var connected = clients.Where(c => c.Connected).ToArray();
        file.Write(connected.Length);
        foreach (var client in connected) file.Write(client.ConnectTicks);
        file.Write(clients.Sum(c => (long)c.Messages.Count));
        foreach (var client in clients)
            foreach (var at in client.Messages) file.Write(at);
        file.Write(clients.Sum(c => (long)c.Events.Count));
        foreach (var client in clients)
            foreach (var e in client.Events)
            {
                file.Write(e.At);
                file.Write(client.Index);
                file.Write(e.Formation);
                file.Write(e.Kind);
            }
    }

    /// <summary>One candidate's connection and what it received.</summary>
    private sealed class Client(int index, Uri hub, string token) : IAsyncDisposable
    {
        private static long totalMessages, totalEvents, lastMessageAt, dropped;
        public static long TotalMessages => Interlocked.Read(ref totalMessages);
        public static long TotalEvents => Interlocked.Read(ref totalEvents);
        public static long LastMessageAt => Interlocked.Read(ref lastMessageAt);
        public static long Dropped => Interlocked.Read(ref dropped);
        public static volatile bool Stopping;

        private HubConnection? connection;
        public int Index { get; } = index;
        public bool Connected { get; private set; }
        public long ConnectTicks { get; private set; }
        public int Retries { get; private set; }
        // One connection's handlers run one at a time: plain lists.
        public List<long> Messages { get; } = [];
        public List<Received> Events { get; } = [];

        public void Build()
        {
            connection = new HubConnectionBuilder()
                .WithUrl(hub, HttpTransportType.WebSockets, o =>
                {
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            connection.On<Change[]>("Changes", OnChanges);
            connection.Closed += error =>
            {
                if (!Stopping) Interlocked.Increment(ref dropped);
                return Task.CompletedTask;
            };
        }

        /// <summary>Connects (three attempts); returns what went wrong, or null.</summary>
        public async Task<string?> ConnectAsync()
        {
            var connection = this.connection ?? throw new InvalidOperationException("Build first.");
            var start = Stopwatch.GetTimestamp();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await connection.StartAsync();
                    ConnectTicks = Stopwatch.GetTimestamp() - start;
                    Connected = true;
                    return null;
                }
                catch (Exception e)
                {
                    if (attempt >= 3) return $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
                    Retries++;
                    await Task.Delay(200 * attempt);
                }
            }
        }

        private void OnChanges(Change[] changes)
        {
            var at = Stopwatch.GetTimestamp();
            Messages.Add(at);
            foreach (var change in changes)
                Events.Add(new Received(at, PushCampaign.IndexOf(change.FormationId), EventKinds.Of(change.Kind)));
            Interlocked.Increment(ref totalMessages);
            Interlocked.Add(ref totalEvents, changes.Length);
            long last;
            while (at > (last = Interlocked.Read(ref lastMessageAt)) && Interlocked.CompareExchange(ref lastMessageAt, at, last) != last) { }
        }

        public async ValueTask DisposeAsync()
        {
            if (connection is null) return;
            try { await connection.DisposeAsync(); }
            catch (Exception) { /* closing at the end: nothing to report */ }
        }
    }
}

/// <summary>The part of an <c>ApplicationEvent</c> the benchmark reads (the JSON carries more).</summary>
internal sealed record Change(string Kind, string FormationId);

internal readonly record struct Received(long At, int Formation, byte Kind);
