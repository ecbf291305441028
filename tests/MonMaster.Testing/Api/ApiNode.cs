using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Api.Hosting;
using MonMaster.Hosting;
using Serilog.Events;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonMaster.Tests.Api;

/// <summary>
/// A real API node on Kestrel (loopback, free port), started in this process: either hosting a silo (memory storage,
/// its own cluster) or a client of another node's silo. Demo mode is on, for <c>/api/dev/tokens</c>.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    private ApiNode(WebApplication app, Uri address, int gatewayPort, string clusterId)
    {
        App = app;
        Address = address;
        GatewayPort = gatewayPort;
        ClusterId = clusterId;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public int GatewayPort { get; }
    public string ClusterId { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => App.Services;
    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public const string SigningKey = "monmaster-tests-signing-key-0123456789abcdef";

    /// <summary>A node hosting a silo of its own cluster. <paramref name="settings"/>: extra "--MonMaster:Key=Value" arguments.</summary>
    public static Task<ApiNode> StartSiloAsync(params string[] settings)
    {
        var clusterId = $"api-{Guid.NewGuid():N}";
        var gateway = MonMasterHost.FreePort();
        return StartAsync(clusterId, gateway, [$"--MonMaster:HostSilo=true", $"--MonMaster:SiloPort={MonMasterHost.FreePort()}", .. settings]);
    }

    /// <summary>A second node in front of the same cluster, as an Orleans client.</summary>
    public static Task<ApiNode> StartClientAsync(ApiNode siloNode, params string[] settings) =>
        StartAsync(siloNode.ClusterId, siloNode.GatewayPort, ["--MonMaster:HostSilo=false", .. settings]);

    private static async Task<ApiNode> StartAsync(string clusterId, int gatewayPort, string[] settings)
    {
        // A port free a moment ago can be taken as the source port of someone's outgoing connection before Kestrel
        // binds it (the ephemeral range is shared with every client on the machine): then try another one.
        for (var attempt = 1; ; attempt++)
        {
            var port = MonMasterHost.FreePort();
            var address = new Uri($"http://127.0.0.1:{port}");
            string[] args =
            [
                $"--urls={address}", "--MonMaster:Storage=Memory", "--MonMaster:Demo=true",
                $"--MonMaster:ClusterId={clusterId}", $"--MonMaster:ServiceId={clusterId}", $"--MonMaster:GatewayPort={gatewayPort}",
                $"--MonMaster:Auth:SigningKey={SigningKey}", .. settings,
            ];
            var app = ApiHost.Build(args, LogEventLevel.Warning);
            try
            {
                await app.StartAsync();
                return new ApiNode(app, address, gatewayPort, clusterId);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    public async Task<string> TokenAsync(string role, string subject)
    {
        var response = await Http.PostAsJsonAsync("/api/dev/tokens", new { role, subject });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.Token;
    }

    /// <summary>An HTTP client carrying a token for <paramref name="role"/> and <paramref name="subject"/>.</summary>
    public async Task<HttpClient> ClientAsync(string role, string subject)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role, subject));
        return client;
    }

    /// <summary>A real SignalR connection (WebSockets) to one of the node's hubs.</summary>
    public async Task<HubConnection> HubAsync(string hub, string role, string subject)
    {
        var token = await TokenAsync(role, subject);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(Address, $"/hubs/{hub}"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)))
            .Build();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await App.StopAsync(stopping.Token); } catch (OperationCanceledException) { }
        await App.DisposeAsync();
    }

    private sealed record TokenBody(string Token);
}
