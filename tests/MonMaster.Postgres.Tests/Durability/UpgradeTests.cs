using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Grains;
using MonMaster.Hosting;
using MonMaster.Replay;
using MonMaster.Tests.Engine;
using MonMaster.Tests.Infrastructure;
using Npgsql;
using Serilog.Events;
using Xunit.Abstractions;
using GrainsEngine = MonMaster.Tests.Engine.Engine;

namespace MonMaster.Tests.Durability;

/// <summary>
/// Upgrade in place: a database the whole-state version wrote mid-campaign (tests/Fixtures/upgrade-whole-state, made by
/// that version's code) is upgraded when today's silo starts, and the campaign goes on to exactly the outcome and the
/// history a campaign run on today's code from the start reaches.
/// </summary>
[Collection("postgres")]
public sealed class UpgradeTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string Service = "upgrade-fixture";
    private static readonly string Fixture = Path.Combine(Repository.Root, "tests", "Fixtures", "upgrade-whole-state");

    [Fact]
    public async Task A_campaign_stored_whole_state_is_upgraded_on_start_and_goes_on_to_the_same_outcome_and_history()
    {
        var fixture = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixture, "fixture.json")))!;
        var seed = (int)fixture["seed"]!;
        var stoppedAfter = (int)fixture["stoppedAfterEvent"]!;
        var scenarioJson = RandomCampaigns.Generate(seed);
        var scenario = Scenario.Parse(scenarioJson);
        var connection = await postgres.CreateDatabaseAsync($"upgrade_{Guid.NewGuid().ToString("N")[..12]}");
        await LoadFixtureAsync(connection);
        var legacyLines = await CountAsync(connection, "SELECT count(*) FROM admission_history");
        Assert.Equal(scenario.Formations.Count + scenario.Candidates.Count,
            await CountAsync(connection, "SELECT count(*) FROM orleansstorage WHERE graintypestring IN ('candidate', 'formation')"));

        // The reference: today's code, on memory, from the first step.
        IAdmissionHistory? memoryHistory = null;
        var expected = await GrainsEngine.ReplayAsync(scenarioJson, onStart: services => memoryHistory = services.GetRequiredService<IAdmissionHistory>());
        var done = scenario.Timeline.Take(stoppedAfter).Select(e => e.Index).ToHashSet();
        expected["rejected"] = new JsonArray([.. expected["rejected"]!.AsArray().Where(r => !done.Contains((int)r!["event"]!)).Select(r => r!.DeepClone())]);

        using var host = await MonMasterHost.StartAsync(MonMasterHost.Isolated(StorageKind.Postgres, connection) with { ServiceId = Service }, LogEventLevel.Warning);
        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM orleansstorage WHERE graintypestring IN ('candidate', 'formation')"));
        Assert.Equal(scenario.Formations.Count + scenario.Candidates.Count, await CountAsync(connection, "SELECT count(*) FROM admission_grain"));
        // The old outboxes still listed messages already delivered: they are sent again, and dropped by their receivers.
        Assert.True(await CountAsync(connection, "SELECT count(*) FROM admission_outbox") > 0);

        var runner = new ReplayRunner(host.Services.GetRequiredService<IGrainFactory>(), host.Services.GetRequiredService<Deliveries>());
        var resumed = await runner.RunAsync(scenario, resumeAfter: stoppedAfter);
        output.WriteLine($"seed {seed}: resumed after step {stoppedAfter} of {scenario.Events.Count}; {legacyLines} history lines in the fixture");
        Assert.True(JsonNode.DeepEquals(expected, resumed), $"expected: {expected.ToJsonString()}\nupgraded: {resumed.ToJsonString()}");

        // One history: the old lines and the new, each once, as the reference wrote them.
        var stored = await host.Services.GetRequiredService<IAdmissionHistory>().ReadAsync();
        var reference = await memoryHistory!.ReadAsync();
        Assert.Equal(stored.Count, stored.Select(l => (l.Source, l.Seq)).Distinct().Count());
        Assert.Equal(Lines(reference), Lines(stored));
        await host.StopAsync();
    }

    private static List<string> Lines(IEnumerable<HistoryLine> lines) =>
        [.. lines.Select(l => $"{l.Action.At.UtcDateTime:O} {l.Source} {l.Action.Action} {l.Action.Candidate} {l.Action.Formation} {l.Action.Detail}").Order(StringComparer.Ordinal)];

    private static async Task LoadFixtureAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        foreach (var table in new[] { "orleansstorage", "admission_history", "orleansreminderstable" })
        {
            var path = Path.Combine(Fixture, table + ".csv");
            var columns = (await File.ReadAllLinesAsync(path))[0];
            await using var writer = await db.BeginTextImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT csv, HEADER)");
            await writer.WriteAsync(await File.ReadAllTextAsync(path));
        }
    }

    private static async Task<long> CountAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
