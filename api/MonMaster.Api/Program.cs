using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MonMaster.Api.Hosting;
using MonMaster.Hosting;

var app = ApiHost.Build(args);
await app.StartAsync();
var settings = app.Services.GetRequiredService<MonMasterOptions>();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
Console.Error.WriteLine($"""

    MonMaster {(settings.HostSilo ? "(API node hosting a silo)" : "(API node, client of the cluster)")} on {address}/
      pages        {address}/   (candidat.html, dossier.html, saisine.html, etablissement.html, operateur.html, rectorat.html)
      API          {address}/scalar/v1   (OpenAPI: {address}/openapi/v1.json)
      health       {address}/health/ready
    """);
if (settings.Demo)
    Console.Error.WriteLine($"""
      demo mode: one-click log-in on {address}/ once the demo campaign says it is ready (it prints how to log in);
      or get a token: curl -X POST {address}/api/dev/tokens -H 'content-type: application/json' -d '{"{"}"role":"candidate","subject":"C0001"{"}"}'

    """);
await app.WaitForShutdownAsync();

/// <summary>Visible to tests that start the API in-process.</summary>
public partial class Program;
