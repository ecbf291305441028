using Microsoft.Extensions.DependencyInjection;
using MonMaster.Hosting;
using MonMaster.Tests.Engine;
using MonMaster.Tests.Infrastructure;
using Npgsql;
using GrainsEngine = MonMaster.Tests.Engine.Engine;

namespace MonMaster.Tests.Durability;

// Temporary: run once on the whole-state commit to make tests/Fixtures/upgrade-whole-state (issue 12), then removed.
[Collection("postgres")]
public sealed class MakeUpgradeFixture(PostgresServer postgres)
{
    [Fact]
    public async Task Make()
    {
        var target = Environment.GetEnvironmentVariable("MONMASTER_MAKE_UPGRADE_FIXTURE");
        if (target is null) return;
        var seed = 0;
        var scenario = RandomCampaigns.Generate(seed);
        var parsed = MonMaster.Replay.Scenario.Parse(scenario);
        var opening = new MonMaster.Admission.CampaignCalendar(parsed.Year).OpeningRound;
        var connection = await postgres.CreateDatabaseAsync("fixture_" + Guid.NewGuid().ToString("N")[..8]);
        string? service = null;
        var events = 0;
        var stopAt = -1;
        try
        {
            await GrainsEngine.ReplayAsync(scenario, StorageKind.Postgres, connection,
                afterStep: (_, _) => (name, at) =>
                {
                    if (name == "event") events++;
                    if (name == "event" && at > opening.AddDays(2) && stopAt < 0) { stopAt = events; throw new StopHere(); }
                    return Task.CompletedTask;
                },
                onStart: sp => service = sp.GetRequiredService<MonMasterOptions>().ServiceId);
        }
        catch (StopHere) { }
        Assert.True(stopAt > 0);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        foreach (var (table, file) in new[] { ("orleansstorage", "orleansstorage.csv"), ("admission_history", "admission_history.csv"), ("orleansreminderstable", "orleansreminderstable.csv") })
        {
            var columns = await ColumnsAsync(db, table);
            var select = string.Join(", ", columns.Select(c => c == "serviceid" ? "'upgrade-fixture' AS serviceid" : c));
            using var reader = await db.BeginTextExportAsync($"COPY (SELECT {select} FROM {table} WHERE serviceid = '{service}' ORDER BY 1, 2, 3) TO STDOUT (FORMAT csv, HEADER)");
            await File.WriteAllTextAsync(Path.Combine(target, file), await reader.ReadToEndAsync());
        }
        await File.WriteAllTextAsync(Path.Combine(target, "fixture.json"),
            $$"""{ "seed": {{seed}}, "stoppedAfterEvent": {{stopAt}}, "service": "upgrade-fixture" }""" + "\n");
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection db, string table)
    {
        await using var command = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_name = @t AND is_generated = 'NEVER' ORDER BY ordinal_position", db);
        command.Parameters.AddWithValue("t", table);
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }

    private sealed class StopHere : Exception;
}
