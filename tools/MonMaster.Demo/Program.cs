using MonMaster.Demo;
using MonMaster.Hosting;

// The demo campaign of ./monmaster run, as a client of a running platform: an Orleans client of its cluster (the
// "MonMaster" section, as for the hosts) and the API nodes of the "Demo" section.
var builder = Host.CreateApplicationBuilder(args);
var options = builder.AddMonMasterDefaults();
var demo = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
// Started beside the hosts: it waits for a gateway rather than failing while the silo is still starting.
builder.UseOrleansClient(client => client.UseMonMaster(options).UseConnectionRetryFilter(async (_, stopping) =>
{
    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
    return true;
}));
builder.Services.AddSingleton(demo);
builder.Services.AddSingleton(new HttpPlatform(demo.Nodes, DemoCampaign.Year));
builder.Services.AddHostedService<DemoRunner>();
await builder.Build().RunAsync();
