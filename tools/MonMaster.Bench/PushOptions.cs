using System.Globalization;
using MonMaster.Hosting;

namespace MonMaster.Bench;

/// <summary>The options of <c>bench push</c>.</summary>
public sealed record PushOptions
{
    public int Clients { get; init; } = 1_000;
    public int Answers { get; init; }
    public double Rate { get; init; } = 100;
    public double Definitive { get; init; } = 0.5;
    public int Wishes { get; init; } = 4;
    public int Applicants { get; init; } = 40;
    public int Capacity { get; init; } = 4;
    public StorageKind Storage { get; init; } = StorageKind.Memory;
    public string? Connection { get; init; }
    public int ConnectConcurrency { get; init; } = 200;
    public int ClientsPerProcess { get; init; } = 5_000;
    /// <summary>Connections per listening port of the node, so that one destination never takes most of the ephemeral ports.</summary>
    public int ClientsPerPort { get; init; } = 15_000;
    public TimeSpan OfferAge { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Least time between an answer's acknowledgement and the next answer affecting one of its formations.</summary>
    public TimeSpan Guard { get; init; } = TimeSpan.FromSeconds(1);
    public int Seed { get; init; } = 2025;
    public TimeSpan MaxAnswering { get; init; }
    public string? HistogramFile { get; init; }
    public string? SamplesFile { get; init; }

    public const string Usage =
        "bench push [--clients K] [--answers N] [--rate R] [--definitive P] [--wishes W] [--applicants S] [--capacity C]\n"
        + "           [--storage memory|postgres --connection CS] [--connect-concurrency N] [--clients-per-process N] [--clients-per-port N]\n"
        + "           [--offer-age-ms MS] [--guard-ms MS] [--seed N] [--max-seconds S] [--histogram FILE] [--samples FILE.csv]";

    public static PushOptions From(CommandLine line)
    {
        var clients = line.Int("clients") ?? 1_000;
        var rate = line.Double("rate") ?? 100;
        var answers = line.Int("answers") ?? Math.Max(200, clients / 2);
        var options = new PushOptions
        {
            Clients = clients,
            Answers = answers,
            Rate = rate,
            Definitive = line.Double("definitive") ?? 0.5,
            Wishes = line.Int("wishes") ?? 4,
            Applicants = line.Int("applicants") ?? 40,
            Capacity = line.Int("capacity") ?? 4,
            Storage = line.Storage,
            Connection = line.Connection,
            ConnectConcurrency = line.Int("connect-concurrency") ?? 200,
            ClientsPerProcess = line.Int("clients-per-process") ?? 5_000,
            ClientsPerPort = line.Int("clients-per-port") ?? 15_000,
            OfferAge = TimeSpan.FromMilliseconds(line.Int("offer-age-ms") ?? 500),
            Guard = TimeSpan.FromMilliseconds(line.Int("guard-ms") ?? 1_000),
            Seed = line.Int("seed") ?? 2025,
            MaxAnswering = TimeSpan.FromSeconds(line.Int("max-seconds") ?? (int)Math.Ceiling(answers / rate * 3 + 60)),
            HistogramFile = line.Value("histogram"),
            SamplesFile = line.Value("samples"),
        };
        if (options.Clients < 1) throw new CommandLineException("--clients needs a positive number.");
        if (options.Answers < 1) throw new CommandLineException("--answers needs a positive number.");
        if (options.Rate is <= 0 or > 100_000) throw new CommandLineException("--rate is answers per second, in (0, 100000].");
        if (options.Definitive is < 0 or > 1) throw new CommandLineException("--definitive is the share of definitive acceptances, in [0, 1].");
        if (options.Wishes < 1 || options.Capacity < 1 || options.Applicants <= options.Capacity)
            throw new CommandLineException("--wishes and --capacity need positive numbers, and --applicants more than --capacity.");
        if (options.Guard < TimeSpan.Zero || options.OfferAge < TimeSpan.Zero) throw new CommandLineException("--guard-ms and --offer-age-ms cannot be negative.");
        if (options.ConnectConcurrency < 1 || options.ClientsPerProcess < 1 || options.ClientsPerPort < 1)
            throw new CommandLineException("--connect-concurrency, --clients-per-process and --clients-per-port need positive numbers.");
        return options;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"clients {Clients:N0}, answers {Answers:N0} at {Rate:0.#}/s ({Definitive:P0} definitive acceptances, the rest refusals), "
        + $"{Wishes} applications per candidate, ~{Applicants} applicants and {Capacity} places per formation, storage {Storage.ToString().ToLowerInvariant()}, "
        + $"connect concurrency {ConnectConcurrency}, {ClientsPerProcess:N0} clients per client process, offers answered after {OfferAge.TotalMilliseconds:F0} ms, "
        + $"guard {Guard.TotalMilliseconds:F0} ms between answers on one formation, seed {Seed}");
}
