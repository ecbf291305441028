using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Catalogue;
using MonMaster.Grains;
using MonMaster.Silo;
using MonMaster.Silo.Catalogue;
using MonMaster.Silo.Replay;
using Serilog.Events;

// One executable, several commands; ./monmaster wraps them.
var command = args.FirstOrDefault();
var options = CommandLine.Parse(args.Skip(1));
try
{
    return command switch
    {
        "replay" => await ReplayAsync(options),
        "run" => await RunAsync(options),
        "bench" => await Benchmarks.RunAsync(options),
        _ => Usage(),
    };
}
catch (CommandLineException e)
{
    Console.Error.WriteLine($"monmaster: {e.Message}");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: MonMaster.Silo <command> [options]
          run    [--storage memory|postgres] [--connection CS] [--silo-port P] [--gateway-port G] [--demo [--admission]] [--cluster-id ID] [--service-id ID] [--campaign YEAR]
          replay SCENARIO.json [--storage memory|postgres] [--connection CS]
          bench  engine [--connection CS] [--scale F] [--storage memory|postgres]
        """);
    return 2;
}

static async Task<int> ReplayAsync(CommandLine options)
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

static async Task<int> RunAsync(CommandLine options)
{
    var settings = new SiloSettings
    {
        Storage = options.Storage,
        ConnectionString = options.Connection,
        ClusterId = options.Value("cluster-id") ?? "monmaster",
        ServiceId = options.Value("service-id") ?? "monmaster",
        SiloPort = options.Int("silo-port") ?? 11111,
        GatewayPort = options.Int("gateway-port") ?? 30000,
        Campaign = options.Int("campaign") ?? 2025,
    };
    using var host = await MonMasterHost.StartAsync(settings);
    if (options.Flag("demo"))
    {
        ICatalogueStore catalogue = options.Connection is { } connection ? new PostgresCatalogueStore(connection) : new MemoryCatalogueStore();
        var demo = new DemoCampaign(host.Services.GetRequiredService<IGrainFactory>(), host.Services.GetRequiredService<Deliveries>(),
            host.Services.GetRequiredService<ILogger<DemoCampaign>>(), files: null, catalogue)
        {
            Start = options.Flag("admission") ? DemoStart.Admission : DemoStart.Applications,
        };
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await demo.RunAsync(TimeSpan.FromSeconds(options.Double("tick-seconds") ?? 10), stopping);
    }
    await host.WaitForShutdownAsync();
    return 0;
}
