using MonMaster.Silo;

namespace MonMaster.Api.Hosting;

/// <summary>The "MonMaster" configuration section (appsettings.json, MonMaster__* environment variables, --MonMaster:* arguments).</summary>
public sealed class ApiSettings
{
    public StorageKind Storage { get; set; } = StorageKind.Memory;
    public string? ConnectionString { get; set; }
    public string ClusterId { get; set; } = "monmaster";
    public string ServiceId { get; set; } = "monmaster";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>True: this process is also a silo (the single-process default). False: a client of silos found through the clustering table.</summary>
    public bool HostSilo { get; set; } = true;

    /// <summary>Demo mode: seeds and animates the demo campaign (when hosting a silo) and serves <c>POST /api/dev/tokens</c>.</summary>
    public bool Demo { get; set; }

    /// <summary>Whether a demo node that hosts a silo seeds and animates the demo campaign; defaults to <see cref="Demo"/>.</summary>
    public bool? DemoCampaign { get; set; }
    public double DemoTickSeconds { get; set; } = 10;

    /// <summary>Where the demo's year starts: in the application phase (default) or just before the opening round.</summary>
    public DemoStart DemoStart { get; set; } = DemoStart.Applications;
    public int Campaign { get; set; } = 2025;

    /// <summary>Where searches run: the in-memory index every node keeps (default, chosen by measurement; see README) or PostgreSQL.</summary>
    public SearchBackend Search { get; set; } = SearchBackend.Memory;
    public AuthSettings Auth { get; set; } = new();
    public RateLimitSettings RateLimit { get; set; } = new();

    public SiloSettings Silo => new()
    {
        Storage = Storage, ConnectionString = ConnectionString, ClusterId = ClusterId, ServiceId = ServiceId,
        SiloPort = SiloPort, GatewayPort = GatewayPort, Campaign = Campaign,
    };
}

public sealed class AuthSettings
{
    /// <summary>HMAC key shared by every API node of a deployment (at least 32 bytes). Demo mode makes one up when missing.</summary>
    public string? SigningKey { get; set; }
}

public sealed class RateLimitSettings
{
    /// <summary>Write requests a user may burst, then the sustained rate per second.</summary>
    public int Burst { get; set; } = 30;
    public int PerSecond { get; set; } = 10;

    /// <summary>Searches one address may burst, then per second (the search benchmark runs from one address).</summary>
    public int SearchBurst { get; set; } = 2000;
    public int SearchPerSecond { get; set; } = 1000;
}

public enum SearchBackend { Memory, Postgres }
