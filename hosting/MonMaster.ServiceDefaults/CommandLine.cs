namespace MonMaster.Hosting;

public sealed class CommandLineException(string message) : Exception(message);

/// <summary>"--name value", "--flag" and positional arguments.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> named = [];
    public List<string> Positional { get; } = [];

    public static CommandLine Parse(IEnumerable<string> args)
    {
        var line = new CommandLine();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--")) { line.Positional.Add(list[i]); continue; }
            var name = list[i][2..];
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--");
            line.named[name] = hasValue ? list[++i] : null;
        }
        return line;
    }

    public string? Value(string name) => named.TryGetValue(name, out var value) ? value : null;
    public bool Flag(string name) => named.ContainsKey(name);

    public int? Int(string name) => Value(name) is { } text
        ? int.TryParse(text, out var n) ? n : throw new CommandLineException($"--{name} needs a whole number, not \"{text}\".")
        : null;

    public double? Double(string name) => Value(name) is { } text
        ? double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
            : throw new CommandLineException($"--{name} needs a number, not \"{text}\".")
        : null;

    public string? Connection => Value("connection") ?? Environment.GetEnvironmentVariable("MONMASTER_POSTGRES");

    public StorageKind Storage => Value("storage") switch
    {
        null => Connection is null ? StorageKind.Memory : StorageKind.Postgres,
        "memory" => StorageKind.Memory,
        "postgres" when Connection is not null => StorageKind.Postgres,
        "postgres" => throw new CommandLineException("--storage postgres needs --connection (or MONMASTER_POSTGRES)."),
        var other => throw new CommandLineException($"--storage is \"memory\" or \"postgres\", not \"{other}\"."),
    };
}
