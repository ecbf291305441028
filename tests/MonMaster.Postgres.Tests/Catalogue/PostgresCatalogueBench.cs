using System.Diagnostics;
using MonMaster.Catalogue;
using MonMaster.Postgres;
using MonMaster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MonMaster.Tests.Catalogue;

/// <summary>
/// Latency of the PostgreSQL search over a national-sized catalogue (the small one 675 times: 8,100 sheets).
/// Measures only, asserts no timing; runs when MONMASTER_CATALOGUE_BENCH=1.
/// </summary>
[Collection("postgres")]
public sealed class PostgresCatalogueBench(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("MONMASTER_CATALOGUE_BENCH_ITERATIONS"), out var n) ? n : 200;

    [Fact]
    public async Task Faceted_queries_over_8100_sheets()
    {
        if (Environment.GetEnvironmentVariable("MONMASTER_CATALOGUE_BENCH") != "1") return;
        // MONMASTER_CATALOGUE_BENCH_DB: a database of your own (schema applied) to keep the rows for EXPLAIN afterwards.
        var connectionString = Environment.GetEnvironmentVariable("MONMASTER_CATALOGUE_BENCH_DB")
            ?? await postgres.CreateDatabaseAsync($"catbench_{Guid.NewGuid():N}"[..30]);
        await using var store = new PostgresCatalogueStore(connectionString);
        await using var search = new PostgresCatalogueSearch(connectionString, SmallCatalogue.Geography, SmallCatalogue.Year);
        var random = new Random(42);
        var sheets = Enumerable.Range(0, 675).SelectMany(copy => SmallCatalogue.Formations.Select(f => f with
        {
            Id = $"{f.Id}-{copy:D3}",
            Establishment = copy % 3 == 0 ? f.Establishment : $"{f.Establishment} {copy % 40}",
            Parcours = f.Parcours is null ? null : $"{f.Parcours} {copy % 60}",
            Place = f.Place with { Latitude = f.Place.Latitude + (random.NextDouble() - 0.5) * 0.2, Longitude = f.Place.Longitude + (random.NextDouble() - 0.5) * 0.3 },
        })).ToList();

        var clock = Stopwatch.StartNew();
        await store.UpsertAsync(sheets);
        output.WriteLine($"upsert of {sheets.Count} sheets: {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        await store.UpsertAsync(sheets);
        output.WriteLine($"same upsert again (nothing changes): {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        var all = await store.LoadAllAsync(SmallCatalogue.Year);
        output.WriteLine($"load all {all.Count}: {clock.ElapsedMilliseconds} ms");

        SearchQuery[] queries =
        [
            new() { Text = "psychologie", Regions = ["84"], Modalities = [Modality.Initial] },
            new() { Text = "economie" },
            new() { Text = "psycologie clinique" },
            new() { Communes = ["69123"], RadiusKm = 20, Sort = SearchSort.Distance },
            new() { Mentions = ["Informatique"], OnlyViaPlatform = true, Sort = SearchSort.AccessRateDesc },
            new() { LastDiploma = "Droit", Departements = ["13", "33"] },
            new(),
        ];
        foreach (var query in queries) await search.SearchAsync(query); // warm-up
        foreach (var query in queries)
        {
            var times = new List<double>();
            SearchResult? result = null;
            for (var i = 0; i < Iterations; i++)
            {
                clock.Restart();
                result = await search.SearchAsync(query);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            output.WriteLine($"p50 {times[Iterations / 2 - 1],6:F1} ms  p99 {times[Iterations * 99 / 100 - 1],6:F1} ms  total {result!.Total,5}  {Describe(query)}");
        }
    }

    private static string Describe(SearchQuery q) => string.Join(", ", new[]
    {
        q.Text is null ? null : $"text '{q.Text}'", q.Regions.Count > 0 ? $"regions {string.Join('+', q.Regions)}" : null,
        q.Departements.Count > 0 ? $"départements {string.Join('+', q.Departements)}" : null,
        q.Communes.Count > 0 ? $"{q.RadiusKm} km of {string.Join('+', q.Communes)}" : null,
        q.Mentions.Count > 0 ? $"mentions {string.Join('+', q.Mentions)}" : null,
        q.Modalities.Count > 0 ? $"modalities {string.Join('+', q.Modalities)}" : null,
        q.LastDiploma is null ? null : $"diploma {q.LastDiploma}", q.OnlyViaPlatform ? "via platform" : null, $"sort {q.Sort}",
    }.OfType<string>());
}
