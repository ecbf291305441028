using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Hosting;
using MonMaster.Tests.Engine;
using MonMaster.Tests.Infrastructure;
using Npgsql;
using Serilog.Events;
using Xunit.Abstractions;
using GrainsEngine = MonMaster.Tests.Engine.Engine;

namespace MonMaster.Tests.Durability;

/// <summary>
/// PostgreSQL storage changes nothing in the outcome, and a campaign's whole state survives a restart of
/// its silo: statuses, positions, deadlines, counters, outboxes and the clock.
/// </summary>
[Collection("postgres")]
public sealed class PostgresReplayTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Year = 2025;

    // Some of the first seeds: both release modes, campaigns that stop on 17 June (3, 14) and campaigns that go on
    // into the complementary phase (0 to 17 July, 6 to 24 June).
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(14)]
    public async Task A_random_campaign_replays_to_the_same_output_on_postgres_as_in_memory(int seed)
    {
        var scenario = RandomCampaigns.Generate(seed);
        var memory = await GrainsEngine.ReplayAsync(scenario);
        var stored = await GrainsEngine.ReplayAsync(scenario, StorageKind.Postgres, postgres.ConnectionString);
        var parsed = MonMaster.Replay.Scenario.Parse(scenario);
        output.WriteLine($"seed {seed}: {parsed.Release}, {parsed.Formations.Count} formations, {parsed.Candidates.Count} candidates, {parsed.Events.Count} events");
        Assert.True(JsonNode.DeepEquals(memory, stored),
            $"seed {seed}: memory and PostgreSQL storage disagree.\nmemory:   {memory.ToJsonString()}\npostgres: {stored.ToJsonString()}");
    }

    [Fact]
    public async Task A_campaign_survives_a_restart_of_its_silo_and_goes_on()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var connection = await postgres.CreateDatabaseAsync($"restart_{id}");
        var serviceId = $"restart-{id}";
        var calendar = new CampaignCalendar(Year);
        var formations = new[] { ("A", 1), ("B", 1), ("C", 2), ("D", 2) }
            .Select(f => new FormationInfo(f.Item1, Year, $"E-{f.Item1}", "Droit", "P", Track.Classic, f.Item2)).ToList();
        var wishes = new Dictionary<string, string[]>
        {
            ["C1"] = ["A", "B"], ["C2"] = ["B", "C"], ["C3"] = ["A", "C", "D"], ["C4"] = ["A", "D"],
            ["C5"] = ["B", "C", "D"], ["C6"] = ["C", "D"], ["C7"] = ["A", "B", "C", "D"], ["C8"] = ["D"],
        };
        var rankings = new Dictionary<string, (string[] Ranked, string[] NotRetained)>
        {
            ["A"] = (["C1", "C3", "C7", "C4"], []),
            ["B"] = (["C1", "C2", "C7"], ["C5"]),
            ["C"] = (["C3", "C6", "C2", "C7"], ["C5"]),
            ["D"] = (["C8", "C4", "C3", "C5", "C6"], ["C7"]),
        };

        Snapshot before;
        using (var first = await StartAsync(connection, serviceId))
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var idle = first.Services.GetRequiredService<Deliveries>();
            var campaign = grains.GetGrain<ICampaignGrain>(Year);
            await campaign.Configure(new CampaignSettings(OfferRelease.Immediate, VirtualClock: true, VirtualStart: calendar.ApplicationOpens.AddDays(1)));
            foreach (var formation in formations) await campaign.AddFormation(formation);
            foreach (var (candidate, choices) in wishes)
            {
                await grains.GetGrain<ICandidateGrain>(candidate).Create(Year);
                foreach (var formation in choices) Ok(await grains.GetGrain<ICandidateGrain>(candidate).Apply(formation));
            }
            await idle.WhenIdle();
            await campaign.AdvanceClock(calendar.RankingOpens.AddDays(1));
            foreach (var (formation, (ranked, notRetained)) in rankings)
                Ok(await grains.GetGrain<IFormationGrain>(formation).Rank(ranked, notRetained));
            await campaign.AdvanceClock(calendar.OpeningRound);
            await idle.WhenIdle();
            Ok(await grains.GetGrain<ICandidateGrain>("C8").Accept("D", AcceptMode.Definitive, null));
            Ok(await grains.GetGrain<ICandidateGrain>("C6").Refuse("C")); // C's freed place goes to C2 at once
            await campaign.AdvanceClock(calendar.OpeningRound.AddHours(3));
            await idle.WhenIdle();

            before = await SnapshotAsync(grains, formations, wishes.Keys);
            Assert.Equal(ApplicationStatus.Offer, before.Status("C2", "C"));
            Assert.Equal(ApplicationStatus.Offer, before.Status("C1", "B"));
            Assert.Equal(1, before.Position("C2", "B"));
            await first.StopAsync();
        }

        // Our JSON, not Orleans' default format, is what lies in the tables: a formation's applications one row each.
        var rows = await StoredRowsAsync(connection, serviceId);
        Assert.Contains(rows, row => row.Part == "a/C7" && row.Key == "A" && row.Json.Contains("\"rank\":3"));
        Assert.Contains(rows, row => row.Part == "ranking" && row.Key == "D" && row.Json.Contains("\"notRetained\":[\"C7\"]"));
        Assert.Contains(rows, row => row.Part == "head" && row.Json.Contains("\"virtualNow\""));
        Assert.DoesNotContain(rows, row => row.Json.Contains("$type") || row.Part == "head" && row.Json.Contains("\"applicants\""));
        foreach (var row in rows) JsonDocument.Parse(row.Json).Dispose();
        output.WriteLine($"{rows.Count} rows stored; formation A's: {string.Join(", ", rows.Where(r => r.Key == "A").Select(r => $"{r.Part} {r.Json.Length} chars"))}");

        using var second = await StartAsync(connection, serviceId);
        {
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            var idle = second.Services.GetRequiredService<Deliveries>();
            var campaign = grains.GetGrain<ICampaignGrain>(Year); // activating it puts this silo on the campaign's clock
            var view = await campaign.GetView();
            Assert.Equal(calendar.OpeningRound.AddHours(3), view.Now);
            Assert.Equal(CampaignPhase.MainAdmission, view.Phase);
            Assert.Equal(formations.Count, view.Formations);

            // Reading every grain activates it; an activation redelivers what its stored outbox still holds
            // (receivers drop it by sequence number), so let that settle before comparing.
            await SnapshotAsync(grains, formations, wishes.Keys, settled: false);
            await idle.WhenIdle();
            var after = await SnapshotAsync(grains, formations, wishes.Keys);
            Assert.Equal(before.Json, after.Json);

            // The campaign goes on: C1 accepts A, which releases B's place, which goes to C2 at once.
            Ok(await grains.GetGrain<ICandidateGrain>("C1").Accept("A", AcceptMode.Provisional, null));
            await idle.WhenIdle();
            var next = await SnapshotAsync(grains, formations, wishes.Keys);
            Assert.Equal(ApplicationStatus.AcceptedProvisional, next.Status("C1", "A"));
            Assert.Equal(ApplicationStatus.Released, next.Status("C1", "B"));
            Assert.Equal(ApplicationStatus.Offer, next.Status("C2", "B"));
            Assert.Equal(1, next.Position("C7", "B"));
            var b = next.Formations.Single(f => f.Stats.FormationId == "B").Stats;
            Assert.Equal((1, 2, 0), (b.PendingOffers, b.RankOfLastCalled, b.AcceptedProvisional));
            Assert.Contains(next.Candidates.Single(c => c.CandidateId == "C2").Applications, a => a.FormationId == "B" && a.State == AnswerState.Offer);
            Consistency.Check(next.Formations, next.Candidates, offersFlow: true);

            // And the next morning round still runs from the restored schedule.
            await campaign.AdvanceClock(calendar.OpeningRound.AddDays(1));
            await idle.WhenIdle();
            Assert.Equal(calendar.OpeningRound.AddDays(1), (await campaign.GetView()).LastWorkAt);
            var later = await SnapshotAsync(grains, formations, wishes.Keys);
            Consistency.Check(later.Formations, later.Candidates, offersFlow: true);
            await second.StopAsync();
        }
    }

    private static void Ok(CommandResult result) => Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");

    /// <summary>A fixed ServiceId (where the rows live), a fresh ClusterId and fresh ports each time.</summary>
    private static Task<IHost> StartAsync(string connection, string serviceId) => PostgresSilo.StartAsync(connection, serviceId, Year);

    private sealed record Snapshot(FormationSnapshot[] Formations, CandidateSnapshot[] Candidates, IReadOnlyList<ApplicationView>[] Applications, string Json)
    {
        private ApplicationView View(string candidate, string formation) =>
            Formations.SelectMany(f => f.Applications).Single(a => a.CandidateId == candidate && a.FormationId == formation);

        public ApplicationStatus Status(string candidate, string formation) => View(candidate, formation).Status;
        public int? Position(string candidate, string formation) => View(candidate, formation).Position;
    }

    private static async Task<Snapshot> SnapshotAsync(IGrainFactory grains, IEnumerable<FormationInfo> formations, IEnumerable<string> candidates, bool settled = true)
    {
        var f = await Task.WhenAll(formations.Select(x => grains.GetGrain<IFormationGrain>(x.Id).GetSnapshot()));
        var c = await Task.WhenAll(candidates.Select(x => grains.GetGrain<ICandidateGrain>(x).GetSnapshot()));
        var a = await Task.WhenAll(candidates.Select(x => grains.GetGrain<ICandidateGrain>(x).GetApplications()));
        if (settled)
        {
            Assert.All(f, s => Assert.Equal(0, s.UndeliveredMessages));
            Assert.All(c, s => Assert.Equal(0, s.UndeliveredMessages));
        }
        // Sorted so that the comparison does not depend on dictionary order after a reload.
        var json = JsonSerializer.Serialize(new
        {
            formations = f.Select(s => new { s.Stats, applications = s.Applications.OrderBy(v => v.CandidateId) }),
            candidates = c.Select(s => new { s.CandidateId, s.Held, applications = s.Applications.OrderBy(v => v.FormationId) }),
            views = a.Select(list => list.OrderBy(v => v.FormationId)),
        });
        return new Snapshot(f, c, a, json);
    }

    private static async Task<List<(string Key, string Part, string Json)>> StoredRowsAsync(string connection, string serviceId)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT key, part, body FROM admission_part WHERE serviceid = @s
            UNION ALL SELECT graintypestring, 'head', payloadbinary FROM orleansstorage WHERE serviceid = @s AND payloadbinary IS NOT NULL
            """, db);
        command.Parameters.AddWithValue("s", serviceId);
        var rows = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), System.Text.Encoding.UTF8.GetString((byte[])reader[2])));
        return rows;
    }
}
