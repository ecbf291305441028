using MonMaster.Api.Hosting;

var app = ApiHost.Build(args);
await app.RunAsync();

/// <summary>Visible to tests that start the API in-process.</summary>
public partial class Program;
