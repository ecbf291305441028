using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Hosting;
using MonMaster.Catalogue;
using MonMaster.Catalogue.Generator;
using MonMaster.Hosting;
using Serilog.Events;

namespace MonMaster.Bench;

/// <summary>
/// <c>bench search</c>: the national catalogue (about 8,100 formations) on one API node, and an open-loop stream of
/// searches through HTTP at a fixed rate, in a mix like the portal's (see <see cref="Mix"/>). Latency counts from the
/// moment each request was due, not sent, so a stalled server cannot hide its queue (no coordinated omission).
/// Run once per search backend: the in-memory index and PostgreSQL.
/// </summary>
public static class SearchBench
{
    public const string Usage = "bench search [--rate R] [--seconds S] [--warmup S] [--backend memory|postgres|both --connection CS]";

    public static async Task<int> RunAsync(CommandLine line)
    {
        var rate = line.Double("rate") ?? 500;
        var seconds = line.Double("seconds") ?? 30;
        var warmup = line.Double("warmup") ?? 5;
        var backend = line.Value("backend") ?? "memory";
        var connection = line.Value("connection");
        var backends = backend switch
        {
            "memory" => new[] { SearchBackend.Memory },
            "postgres" => [SearchBackend.Postgres],
            "both" => [SearchBackend.Memory, SearchBackend.Postgres],
            _ => throw new CommandLineException("--backend is memory, postgres or both"),
        };
        if (backends.Contains(SearchBackend.Postgres) && connection is null) throw new CommandLineException("--backend postgres needs --connection");

        Out("MonMaster bench search: the national catalogue on one API node, searches through HTTP at a fixed rate");
        Out($"  machine: {PushBench.Machine()}");
        var generated = Stopwatch.StartNew();
        var catalogue = CatalogueGenerator.Generate(Geography.National(), 2025);
        Out($"  catalogue: {catalogue.Count:N0} formations, {catalogue.Sum(f => f.Capacity):N0} places (generated in {generated.Elapsed.TotalSeconds:F1} s)");
        var status = 0;
        foreach (var b in backends) status |= await RunOneAsync(b, catalogue, rate, seconds, warmup, connection);
        return status;
    }

    private static async Task<int> RunOneAsync(SearchBackend backend, IReadOnlyList<CatalogueFormation> catalogue, double rate, double seconds, double warmup, string? connection)
    {
        var url = $"http://127.0.0.1:{MonMasterHost.FreePort()}";
        var id = $"bench-search-{Guid.NewGuid():N}";
        List<string> args =
        [
            $"--urls={url}", "--MonMaster:HostSilo=true", "--MonMaster:Demo=false",
            $"--MonMaster:Auth:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48))}",
            $"--MonMaster:ClusterId={id}", $"--MonMaster:ServiceId={id}",
            $"--MonMaster:SiloPort={MonMasterHost.FreePort()}", $"--MonMaster:GatewayPort={MonMasterHost.FreePort()}",
            $"--MonMaster:Search={backend}", "--MonMaster:RateLimit:SearchBurst=1000000", "--MonMaster:RateLimit:SearchPerSecond=1000000",
        ];
        // The catalogue's store is PostgreSQL for the PostgreSQL search (it searches there), memory otherwise.
        if (backend == SearchBackend.Postgres) args.AddRange(["--MonMaster:Storage=Postgres", $"--MonMaster:ConnectionString={connection}"]);
        else args.Add("--MonMaster:Storage=Memory");
        var app = ApiHost.Build([.. args], LogEventLevel.Warning);
        await app.StartAsync();
        try
        {
            var loading = Stopwatch.StartNew();
            await app.Services.GetRequiredService<ICatalogueStore>().UpsertAsync(catalogue, CancellationToken.None);
            var publication = app.Services.GetRequiredService<Publication>();
            while (publication.Count < catalogue.Count)
            {
                await publication.RefreshAsync();
                await Task.Delay(100);
            }
            Out($"\n  backend {backend}: catalogue stored and searchable in {loading.Elapsed.TotalSeconds:F1} s");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            var mix = new Mix(catalogue, Geography.National(), seed: 2025);
            long bytes = 0;
            var statuses = new Dictionary<int, int>();
            for (var i = 0; i < 200; i++)
            {
                using var sample = await http.GetAsync(mix.Next());
                bytes += (await sample.Content.ReadAsByteArrayAsync()).Length;
                statuses[(int)sample.StatusCode] = statuses.GetValueOrDefault((int)sample.StatusCode) + 1;
            }
            Out($"  responses: {bytes / 200 / 1024.0:F1} KiB on average; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
            await LoadAsync(http, mix, rate, warmup, record: null);
            var histogram = new LongHistogram(60_000_000, 3); // microseconds, up to a minute
            var (sent, failed, elapsed, results) = await LoadAsync(http, mix, rate, seconds, histogram);
            double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) / 1000.0;
            Out($"  offered {rate:F0} searches/s for {seconds:F0} s: {sent:N0} sent, {failed:N0} failed, achieved {sent / elapsed:F0}/s; mean {results / Math.Max(1, sent - failed):F0} results per search");
            Out($"  latency (from when each search was due): p50 {Ms(50):F1} ms, p90 {Ms(90):F1} ms, p99 {Ms(99):F1} ms, p99.9 {Ms(99.9):F1} ms, max {histogram.GetMaxValue() / 1000.0:F1} ms");
            var met = failed == 0 && Ms(99) < 50 && sent / elapsed >= rate * 0.98;
            Out($"  target p99 < 50 ms at {rate:F0}/s: {(met ? "met" : "MISSED")}");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Sends searches at <paramref name="rate"/> for <paramref name="seconds"/>, each at its due time, without waiting for the previous ones.</summary>
    private static async Task<(long Sent, long Failed, double Elapsed, long Results)> LoadAsync(HttpClient http, Mix mix, double rate, double seconds, LongHistogram? record)
    {
        long sent = 0, failed = 0, results = 0;
        var total = (long)(rate * seconds);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>((int)Math.Min(total, 100_000));
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var path = mix.Next();
            var dueTicks = Stopwatch.GetTimestamp() - (long)((clock.Elapsed - due).TotalSeconds * Stopwatch.Frequency);
            sent++;
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await http.GetAsync(path);
                    var body = await response.Content.ReadFromJsonAsync<TotalOnly>();
                    var latency = Stopwatch.GetTimestamp() - dueTicks;
                    if (!response.IsSuccessStatusCode)
                    {
                        if (Interlocked.Increment(ref failed) <= 3) Console.Error.WriteLine($"    … {(int)response.StatusCode} for {path}");
                        return;
                    }
                    Interlocked.Add(ref results, body?.Total ?? 0);
                    if (record is not null) lock (record) record.RecordValue(Math.Clamp(latency * 1_000_000 / Stopwatch.Frequency, 0, 60_000_000)); // sent up to 1 ms early: never negative
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref failed) <= 3) Console.Error.WriteLine($"    … {e.GetType().Name} for {path}: {e.Message}");
                }
            }));
        }
        await Task.WhenAll(inFlight);
        return (sent, failed, clock.Elapsed.TotalSeconds, results);
    }

    private sealed record TotalOnly(int Total);

    /// <summary>
    /// What people search, roughly as the portal's filters are used: a third free text (some with typos), then a city
    /// and radius, a région with a mention, the last diploma, work-study, an establishment's list page by page, and the
    /// home page sorted by access rate. Every request asks for facets and the map, as the page does.
    /// </summary>
    private sealed class Mix(IReadOnlyList<CatalogueFormation> catalogue, Geography geography, int seed)
    {
        private readonly Random random = new(seed);
        private static readonly string[] Words =
            ["informatique", "droit", "psychologie", "economie", "gestion", "management", "histoire", "biologie", "chimie", "mathematiques",
             "psycologie", "managment", "economi", "finance", "marketing", "data", "santé", "éducation", "langues", "physique"];
        private static readonly string[] Cities = ["69123", "75056", "31555", "33063", "59350", "44109", "67482", "13055", "34172", "35238", "06088", "38185"];
        private readonly string[] mentions = [.. catalogue.Select(f => f.Mention).Distinct().Order(StringComparer.Ordinal)];
        private readonly string[] establishments = [.. catalogue.Select(f => f.Establishment).Distinct().Order(StringComparer.Ordinal)];
        private readonly string[] licences = [.. catalogue.SelectMany(f => f.RecommendedLicences).Distinct().Order(StringComparer.Ordinal)];
        private readonly string[] regions = [.. geography.Regions.Select(r => r.Code)];
        private readonly string[] cities = [.. Cities.Where(geography.CommunesByCode.ContainsKey)];

        public string Next()
        {
            string Pick(string[] values) => values[random.Next(values.Length)];
            string E(string value) => Uri.EscapeDataString(value);
            var draw = random.Next(100);
            return draw switch
            {
                < 30 => $"/api/catalogue/search?text={E(Pick(Words))}",
                < 50 => $"/api/catalogue/search?commune={Pick(cities)}&radiusKm={(random.Next(3) + 1) * 10}&sort=distance",
                < 65 => $"/api/catalogue/search?region={Pick(regions)}&mention={E(Pick(mentions))}",
                < 75 => $"/api/catalogue/search?lastDiploma={E(Pick(licences))}&region={Pick(regions)}",
                < 85 => $"/api/catalogue/search?modality=apprenticeship&text={E(Pick(Words))}&onlyViaPlatform=true",
                < 95 => $"/api/catalogue/search?establishment={E(Pick(establishments))}&page={random.Next(1, 4)}",
                _ => "/api/catalogue/search?sort=access-rate",
            };
        }
    }

    private static void Out(string line) => PushBench.Out(line);
}
