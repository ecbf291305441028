using MonMaster.Bench;
using MonMaster.Bench.Engine;
using MonMaster.Hosting;

try
{
    return args.FirstOrDefault() switch
    {
        "engine" => await Benchmarks.RunAsync(CommandLine.Parse(args)),
        "push" => await PushBench.RunAsync(CommandLine.Parse(args.Skip(1))),
        "search" => await SearchBench.RunAsync(CommandLine.Parse(args.Skip(1))),
        ClientFleet.Command => await ClientFleet.RunAsync(CommandLine.Parse(args.Skip(1))),
        _ => Usage(),
    };
}
catch (CommandLineException e)
{
    Console.Error.WriteLine($"monmaster bench: {e.Message}");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine($"usage: MonMaster.Bench engine [--scale F] [--storage memory|postgres|both] [--answers N] [--connection CS]\n       MonMaster.Bench {PushOptions.Usage}\n       MonMaster.Bench {SearchBench.Usage}");
    return 2;
}
