using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Grains.State;
using MonMaster.Silo;
using MonMaster.Tests.Infrastructure;
using Orleans.Storage;
using Serilog.Events;

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
            var storage = first.Services.GetRequiredKeyedService<IGrainStorage>(Storage.Name);
            await storage.WriteStateAsync("candidate", grains.GetGrain<ICandidateGrain>("C-stuck").GetGrainId(),
                new GrainState<StoredJson>(new StoredJson { Json = JsonSerializer.SerializeToUtf8Bytes(stuck, AdmissionJson.Options) }));
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

    private static Task<IHost> StartAsync(string connection, string serviceId) => MonMasterHost.StartAsync(new SiloSettings
    {
        Storage = StorageKind.Postgres,
        ConnectionString = connection,
        ServiceId = serviceId,
        ClusterId = $"{serviceId}-{Guid.NewGuid():N}",
        SiloPort = MonMasterHost.FreePort(),
        GatewayPort = MonMasterHost.FreePort(),
        Campaign = Year,
    }, LogEventLevel.Warning);
}
