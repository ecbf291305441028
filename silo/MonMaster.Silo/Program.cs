using MonMaster.Hosting;

// A silo of the MonMaster cluster: its configuration is the "MonMaster" section (appsettings.json, MonMaster__*
// environment variables, --MonMaster:* arguments), as for an API node.
var builder = Host.CreateApplicationBuilder(args);
var options = builder.AddMonMasterDefaults();
builder.UseOrleans(silo => silo.UseMonMaster(options));
await builder.Build().RunAsync();
