namespace MonMaster.Silo;

public static partial class Benchmarks
{
    public static Task<int> RunAsync(CommandLine options) => throw new CommandLineException("bench: not built yet");
}
