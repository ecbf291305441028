using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests.Durability;

/// <summary>
/// A grain whose silo died after it persisted a message and before it delivered it is woken by the next
/// silo's outbox recovery: nobody has to call it for the message to arrive.
/// </summary>
[Collection("postgres")]
public sealed class OutboxRecoveryTests(PostgresServer postgres)
{
    private const int Year = 2025;

    [Fact]
    public async Task A_stored_undelivered_message_is_delivered_by_the_next_silo_without_anyone_calling_its_sender()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var connection = await postgres.CreateDatabaseAsync($"recovery_{id}");
        var serviceId = $"recovery-{id}";
        var calendar = new CampaignCalendar(Year);
        var formation = new FormationInfo("F", Year, "E", "Droit", "P", Track.Classic, 3);

        using (var first = await StartAsync(connection, serviceId))
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var campaign = grains.GetGrain<ICampaignGrain>(Year);
            await campaign.Configure(new CampaignSettings(OfferRelease.Daily, VirtualClock: true, VirtualStart: calendar.ApplicationOpens.AddDays(1)));
            await campaign.AddFormation(formation);

            // What a candidate leaves behind when its silo dies between persisting an application and delivering it.
            var stuck = new CandidateFile { Id = "C-stuck", Year = Year };
            stuck.Applications["F"] = new CandidateApplication { Formation = formation };
            stuck.Outbox.Add("F", new ApplicationSubmitted());
            var layout = new CandidateParts();
            await first.Services.GetRequiredService<IAdmissionStore>().WriteAsync(
                new GrainWrite("candidate", "C-stuck", 0, layout.All(stuck), [.. stuck.Outbox.Pending], [], []));
            Assert.Empty((await grains.GetGrain<IFormationGrain>("F").GetSnapshot()).Applications);
            await first.StopAsync();
        }

        using var second = await StartAsync(connection, serviceId);
        var formationGrain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IFormationGrain>("F");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        FormationSnapshot snapshot;
        do
        {
            await Task.Delay(200);
            snapshot = await formationGrain.GetSnapshot();   // a read of the formation: it never wakes the candidate
        }
        while (snapshot.Applications.Count == 0 && DateTime.UtcNow < deadline);

        Assert.Equal("C-stuck", Assert.Single(snapshot.Applications).CandidateId);
    }

    [Fact]
    public async Task Once_delivered_a_quiet_grain_deletes_its_stored_messages_so_recovery_has_nothing_to_wake()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var connection = await postgres.CreateDatabaseAsync($"trim_{id}");
        var serviceId = $"trim-{id}";
        var calendar = new CampaignCalendar(Year);
        using var host = await StartAsync(connection, serviceId);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        await campaign.Configure(new CampaignSettings(OfferRelease.Daily, VirtualClock: true, VirtualStart: calendar.ApplicationOpens.AddDays(1)));
        await campaign.AddFormation(new FormationInfo("F", Year, "E", "Droit", "P", Track.Classic, 3));
        foreach (var candidate in new[] { "C1", "C2", "C3" })
        {
            await grains.GetGrain<ICandidateGrain>(candidate).Create(Year);
            Assert.True((await grains.GetGrain<ICandidateGrain>(candidate).Apply("F")).Succeeded);
        }
        await host.Services.GetRequiredService<Deliveries>().WhenIdle();
        Assert.True(await StoredMessagesAsync(connection, serviceId) > 0); // written with their messages, delivered since

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await StoredMessagesAsync(connection, serviceId) > 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.Equal(0, await StoredMessagesAsync(connection, serviceId));
        Assert.Equal(3, (await grains.GetGrain<IFormationGrain>("F").GetSnapshot()).Applications.Count);
    }

    private static async Task<long> StoredMessagesAsync(string connection, string serviceId)
    {
        await using var db = new Npgsql.NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM admission_outbox WHERE serviceid = @s", db);
        command.Parameters.AddWithValue("s", serviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<IHost> StartAsync(string connection, string serviceId) =>
        PostgresSilo.StartAsync(connection, serviceId, Year, outboxRecoveryPeriod: TimeSpan.FromSeconds(1));
}
