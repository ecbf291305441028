using Microsoft.Extensions.DependencyInjection;
using MonMaster.Grains;
using MonMaster.Hosting;
using MonMaster.Postgres;
using MonMaster.Tests.Infrastructure;
using Npgsql;
using GrainsEngine = MonMaster.Tests.Engine.Engine;

namespace MonMaster.Tests.Durability;

/// <summary>The campaign's history: every action with its time, once each, in memory and in PostgreSQL alike.</summary>
[Collection("postgres")]
public sealed class HistoryTests(PostgresServer postgres)
{
    private const string Scenario = """
        { "campaign": {"year": 2025, "offerRelease": "daily"},
          "formations": [{"id": "F1", "establishment": "E1", "mention": "Droit", "parcours": "A", "track": "classic", "capacity": 1},
                         {"id": "F2", "establishment": "E2", "mention": "Droit", "parcours": "A", "track": "classic", "capacity": 1}],
          "candidates": [{"id": "C1"}, {"id": "C2"}],
          "events": [
            {"at": "2025-02-26T10:00:00+01:00", "type": "apply", "candidate": "C1", "formation": "F1"},
            {"at": "2025-02-26T11:00:00+01:00", "type": "apply", "candidate": "C2", "formation": "F1"},
            {"at": "2025-02-26T12:00:00+01:00", "type": "apply", "candidate": "C2", "formation": "F2"},
            {"at": "2025-03-01T12:00:00+01:00", "type": "apply", "candidate": "C2", "formation": "F2"},
            {"at": "2025-05-20T10:00:00+02:00", "type": "rank", "formation": "F1", "ranked": ["C1", "C2"]},
            {"at": "2025-05-20T10:00:00+02:00", "type": "rank", "formation": "F2", "ranked": ["C2"]},
            {"at": "2025-06-02T09:00:00+02:00", "type": "refuse", "candidate": "C1", "formation": "F1"},
            {"at": "2025-06-02T10:00:00+02:00", "type": "accept", "candidate": "C2", "formation": "F2", "mode": "provisional"}],
          "until": "2025-06-05T12:00:00+02:00" }
        """;

    private static readonly string[] Expected =
    [
        "2025-02-26T10:00:00+01:00 apply C1 F1",
        "2025-02-26T11:00:00+01:00 apply C2 F1",
        "2025-02-26T12:00:00+01:00 apply C2 F2",
        "2025-05-20T10:00:00+02:00 ranking - F1",
        "2025-05-20T10:00:00+02:00 ranking - F2",
        "2025-06-02T06:00:00+02:00 offer C1 F1",
        "2025-06-02T06:00:00+02:00 offer C2 F2",
        "2025-06-02T09:00:00+02:00 refuse C1 F1",
        "2025-06-02T10:00:00+02:00 accept-provisional C2 F2",
        "2025-06-03T06:00:00+02:00 offer C2 F1",       // daily: the place C1 refused goes out next morning
        "2025-06-06T00:00:00+02:00 expire C2 F1",      // never past `until`: this line must not exist
    ];

    [Fact]
    public async Task Every_action_is_recorded_once_with_its_time_in_memory() =>
        Assert.Equal(Expected[..^1], await TimelineAsync(StorageKind.Memory, null));

    [Fact]
    public async Task Every_action_is_recorded_once_with_its_time_in_postgres() =>
        Assert.Equal(Expected[..^1], await TimelineAsync(StorageKind.Postgres, postgres.ConnectionString));

    private static async Task<List<string>> TimelineAsync(StorageKind storage, string? connection)
    {
        IAdmissionHistory? history = null;
        await GrainsEngine.ReplayAsync(Scenario, storage, connection, onStart: services =>
        {
            // On PostgreSQL the history is read back after the silo stopped, as another process would read it.
            history = connection is null
                ? services.GetRequiredService<IAdmissionHistory>()
                : new PostgresHistory(NpgsqlDataSource.Create(connection), services.GetRequiredService<PostgresSettings>().ServiceId);
        });
        var lines = await history!.ReadAsync();
        // The duplicate application is refused: no line. Each line is stored once however often it was delivered.
        Assert.Equal(lines.Count, lines.Select(l => (l.Source, l.Seq)).Distinct().Count());
        return [.. lines.Select(l => $"{MonMaster.Admission.CampaignCalendar.Format(l.Action.At)} {l.Action.Action} {l.Action.Candidate ?? "-"} {l.Action.Formation}")];
    }
}
