using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Grains;
using MonMaster.Hosting;
using MonMaster.Replay;
using Serilog.Events;

namespace MonMaster.Tests.Engine;

/// <summary>Runs a scenario through the real grains, in a silo of its own (memory or PostgreSQL storage).</summary>
public static class Engine
{
    public static async Task<JsonObject> ReplayAsync(string scenarioJson, StorageKind storage = StorageKind.Memory,
        string? connectionString = null, Func<IGrainFactory, Scenario, Func<string, DateTimeOffset, Task>>? afterStep = null,
        Action<IServiceProvider>? onStart = null)
    {
        var scenario = Scenario.Parse(scenarioJson);
        using var host = await MonMasterHost.StartAsync(MonMasterHost.Isolated(storage, connectionString), LogEventLevel.Warning);
        onStart?.Invoke(host.Services);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var runner = new ReplayRunner(grains, host.Services.GetRequiredService<Deliveries>())
        {
            AfterStep = afterStep?.Invoke(grains, scenario),
        };
        var output = await runner.RunAsync(scenario);
        await host.StopAsync();
        return output;
    }

    public static JsonObject Application(JsonObject output, string candidate, string formation) =>
        output["candidates"]![candidate]!["applications"]![formation]!.AsObject();

    public static string Status(JsonObject output, string candidate, string formation) =>
        (string)Application(output, candidate, formation)["status"]!;

    public static JsonObject Formation(JsonObject output, string formation) => output["formations"]![formation]!.AsObject();

    public static IEnumerable<(int Event, string Error)> Rejected(JsonObject output) =>
        output["rejected"]!.AsArray().Select(r => ((int)r!["event"]!, (string)r["error"]!));
}
