using System.Diagnostics;

namespace MonMaster.Bench;

/// <summary>What the process and the machine allow and use (Linux /proc; zero elsewhere).</summary>
public static class Probes
{
    /// <summary>Peak resident set size of this process (VmHWM), bytes.</summary>
    public static long PeakRss() => StatusBytes("VmHWM:");

    /// <summary>Resident set size of this process now (VmRSS), bytes.</summary>
    public static long Rss() => StatusBytes("VmRSS:");

    /// <summary>The soft limit on open files of this process (the runtime raises it to the hard limit at start).</summary>
    public static long OpenFilesLimit()
    {
        var line = Read("/proc/self/limits")?.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?[("Max open files".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is [var soft, ..] && long.TryParse(soft, out var n) ? n : long.MaxValue;
    }

    public static int OpenFiles()
    {
        try { return Directory.GetFiles("/proc/self/fd").Length; }
        catch (Exception) { return 0; }
    }

    /// <summary>The ephemeral port range (ip_local_port_range) as "first–last".</summary>
    public static (int First, int Last) EphemeralPorts()
    {
        var fields = Read("/proc/sys/net/ipv4/ip_local_port_range")?.Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return fields is [var a, var b, ..] && int.TryParse(a, out var first) && int.TryParse(b, out var last) ? (first, last) : (0, 0);
    }

    /// <summary>The machine's CPU time so far, all cores (/proc/stat, in seconds): busy and total.</summary>
    public static (double Busy, double Total) MachineCpu()
    {
        var line = Read("/proc/stat")?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var ticks = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(t => long.TryParse(t, out var n) ? n : 0).ToArray();
        if (ticks is not { Length: 8 }) return (0, 0);
        const double hertz = 100; // USER_HZ
        var total = ticks.Sum();
        var idle = ticks[3] + ticks[4];
        return ((total - idle) / hertz, total / hertz);
    }

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() => Read("/proc/loadavg")?.Split(' ').FirstOrDefault() ?? "?";

    public static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F0} MiB",
        _ => $"{bytes / 1024.0:F0} KiB",
    };

    private static long StatusBytes(string field)
    {
        var line = Read("/proc/self/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        var fields = line?[field.Length..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields is [var kb, ..] && long.TryParse(kb, out var n) ? n * 1024 : 0;
    }

    private static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception) { return null; }
    }
}

/// <summary>The kinds of <c>ApplicationEvent</c>, as one byte each.</summary>
public static class EventKinds
{
    public static readonly string[] Names =
        ["position-changed", "offer-received", "offer-expired", "application-released", "held-offer-changed", "status-changed", "other"];

    public static byte Of(string kind)
    {
        var i = Array.IndexOf(Names, kind);
        return (byte)(i < 0 ? Names.Length - 1 : i);
    }
}
