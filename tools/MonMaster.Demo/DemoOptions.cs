namespace MonMaster.Demo;

/// <summary>The "Demo" configuration section: which API nodes to talk to, where the year starts, how fast it runs.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>The API nodes' base addresses, comma-separated; the first is used for requests, every one hears the status.</summary>
    public string Api { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Where the year starts: a week before applications close (default), or just before the opening round.</summary>
    public DemoStart Start { get; set; } = DemoStart.Applications;

    /// <summary>Real seconds per step of the virtual clock (one hour of the main phase, six hours afterwards).</summary>
    public double TickSeconds { get; set; } = 10;

    public IReadOnlyList<Uri> Nodes => [.. Api.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => new Uri(a))];
}
