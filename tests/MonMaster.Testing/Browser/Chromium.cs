using System.Diagnostics;
using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests.Browser;

/// <summary>
/// Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser): /usr/bin/chromium,
/// or MONMASTER_CHROMIUM, else installed by scripts/chromium.sh (apt, as root).
/// </summary>
public static class Chromium
{
    public const string Default = "/usr/bin/chromium";

    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=fr-FR"];

    private static readonly Lazy<string> Path = new(Locate);

    /// <summary>This process's environment, with the browser's own strings (file picker…) in French.</summary>
    public static Dictionary<string, string> Environment()
    {
        var variables = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        variables["LANGUAGE"] = "fr";
        return variables;
    }

    public static string Executable => Path.Value;

    private static string Locate()
    {
        if (System.Environment.GetEnvironmentVariable("MONMASTER_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured)) return configured;
        if (File.Exists(Default)) return Default;
        var script = System.IO.Path.Combine(Repository.Root, "scripts", "chromium.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("scripts/chromium.sh could not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/chromium.sh did not install Chromium within 8 minutes");
        }
        var path = output.Result.Trim().Split('\n').LastOrDefault()?.Trim();
        if (process.ExitCode != 0 || string.IsNullOrEmpty(path) || !File.Exists(path))
            throw new InvalidOperationException($"Chromium is missing and scripts/chromium.sh could not install it (exit {process.ExitCode}):\n{errors.Result}");
        return path;
    }
}
