using Serilog;
using Serilog.Events;

namespace MonMaster.Hosting;

public static class Logging
{
    private static long warnings;

    /// <summary>Events at warning or above logged by this process (the benchmarks report it: a timeout is a warning).</summary>
    public static long Warnings => Interlocked.Read(ref warnings);

    private sealed class WarningCounter : Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Level >= LogEventLevel.Warning) Interlocked.Increment(ref warnings);
        }
    }

    /// <summary>Structured, one line per event, on stderr so that stdout stays the command's own output.</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, LogEventLevel level) => logger
        .MinimumLevel.Is(level)
        .MinimumLevel.Override("Orleans", level < LogEventLevel.Warning ? LogEventLevel.Warning : level)
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .MinimumLevel.Override("Polly", LogEventLevel.Warning)
        // Its start-up "participant check" warning measures from process start, not from a stall.
        .MinimumLevel.Override("Orleans.Runtime.Watchdog", LogEventLevel.Error)
        .Enrich.FromLogContext()
        .WriteTo.Sink(new WarningCounter())
        .WriteTo.Console(
            outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}",
            standardErrorFromLevel: LogEventLevel.Verbose);
}
