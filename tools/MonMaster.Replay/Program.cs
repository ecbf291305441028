using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using MonMaster.Grains;
using MonMaster.Hosting;
using MonMaster.Replay;
using Serilog.Events;

// ./monmaster replay SCENARIO.json [--storage memory|postgres] [--connection CS]: the scenario through the real
// grains, on a silo of its own (fresh ports and identity) in this process; prints the final state as JSON.
var options = CommandLine.Parse(args);
try
{
    var path = options.Positional.FirstOrDefault() ?? throw new CommandLineException("replay needs a scenario file.");
    Scenario scenario;
    try
    {
        scenario = Scenario.Parse(await File.ReadAllTextAsync(path));
    }
    catch (Exception e) when (e is ScenarioException or IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"monmaster replay: {e.Message}");
        return 2;
    }
    var settings = MonMasterHost.Isolated(options.Storage, options.Connection);
    using var host = await MonMasterHost.StartAsync(settings, LogEventLevel.Warning);
    var runner = new ReplayRunner(host.Services.GetRequiredService<IGrainFactory>(), host.Services.GetRequiredService<Deliveries>());
    var output = await runner.RunAsync(scenario);
    // Unescaped: offsets print as "+02:00" and accented ids as they are.
    Console.WriteLine(output.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    await host.StopAsync();
    return 0;
}
catch (CommandLineException e)
{
    Console.Error.WriteLine($"monmaster replay: {e.Message}");
    return 2;
}
