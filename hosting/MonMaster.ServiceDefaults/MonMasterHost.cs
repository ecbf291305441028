using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;

namespace MonMaster.Hosting;

/// <summary>Builds and starts a silo host in this process.</summary>
public static class MonMasterHost
{
    public static async Task<IHost> StartAsync(MonMasterOptions settings, LogEventLevel logLevel = LogEventLevel.Information,
        Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var host = Host.CreateDefaultBuilder()
            .UseSerilog((_, logger) => Logging.Configure(logger, logLevel))
            .UseOrleans(silo => silo.UseMonMaster(settings))
            .ConfigureServices(s => services?.Invoke(s))
            .Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Settings for a one-process run with its own ports and identity, so that runs never meet.</summary>
    public static MonMasterOptions Isolated(StorageKind storage, string? connectionString)
    {
        var id = $"run-{Guid.NewGuid():N}";
        return new MonMasterOptions
        {
            Storage = storage, ConnectionString = connectionString, ClusterId = id, ServiceId = id,
            SiloPort = FreePort(), GatewayPort = FreePort(), FollowCampaignClock = false,
        };
    }
}
