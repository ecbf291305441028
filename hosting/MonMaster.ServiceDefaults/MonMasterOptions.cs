namespace MonMaster.Hosting;

public enum StorageKind { Memory, Postgres }

public enum SearchBackend { Memory, Postgres }

/// <summary>
/// The one options type of every MonMaster host: the "MonMaster" configuration section (appsettings.json,
/// MonMaster__* environment variables, --MonMaster:* arguments). A silo reads what it needs, an API node the rest.
/// </summary>
public sealed record MonMasterOptions
{
    public const string Section = "MonMaster";

    public StorageKind Storage { get; set; } = StorageKind.Memory;
    public string? ConnectionString { get; set; }
    public string ClusterId { get; set; } = "monmaster";
    public string ServiceId { get; set; } = "monmaster";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The campaign this deployment serves (its pages, its health check, the clock silos follow).</summary>
    public int Campaign { get; set; } = 2025;

    /// <summary>
    /// Keep this silo's clock on the campaign's virtual time when the campaign grain lives on another silo. Off in
    /// one-process runs (replay, tests), where the campaign grain is always here.
    /// </summary>
    public bool FollowCampaignClock { get; set; } = true;

    /// <summary>How long a stored outbox may hold messages before the recovery scan wakes its grain; also the scan's period.</summary>
    public TimeSpan OutboxRecoveryPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>API node: true, this process is also a silo (the single-process default); false, a client of silos found through the clustering table.</summary>
    public bool HostSilo { get; set; } = true;

    /// <summary>API node: demo mode serves <c>POST /api/dev/tokens</c> and the demo's status; nothing of it exists otherwise.</summary>
    public bool Demo { get; set; }

    /// <summary>API node: where searches run: the in-memory index every node keeps (default, chosen by measurement; see docs/benchmarks.md) or PostgreSQL.</summary>
    public SearchBackend Search { get; set; } = SearchBackend.Memory;
    public AuthOptions Auth { get; set; } = new();
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Checks what a host cannot start without, with a sentence an operator understands.</summary>
    public MonMasterOptions Validate()
    {
        if (Storage == StorageKind.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException("MonMaster:Storage is Postgres but MonMaster:ConnectionString is missing.");
        if (Search == SearchBackend.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException("MonMaster:Search is Postgres but MonMaster:ConnectionString is missing.");
        return this;
    }
}

public sealed class AuthOptions
{
    /// <summary>HMAC key shared by every API node of a deployment (at least 32 bytes). Demo mode makes one up when missing.</summary>
    public string? SigningKey { get; set; }
}

public sealed class RateLimitOptions
{
    /// <summary>Write requests a user may burst, then the sustained rate per second.</summary>
    public int Burst { get; set; } = 30;
    public int PerSecond { get; set; } = 10;

    /// <summary>Searches one address may burst, then per second (the search benchmark runs from one address).</summary>
    public int SearchBurst { get; set; } = 2000;
    public int SearchPerSecond { get; set; } = 1000;
}
