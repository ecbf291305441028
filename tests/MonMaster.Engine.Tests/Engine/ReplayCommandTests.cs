using System.Diagnostics;
using System.Text.Json.Nodes;
using MonMaster.Replay;
using MonMaster.Tests.Infrastructure;

namespace MonMaster.Tests.Engine;

/// <summary>The replay command as a user runs it: JSON out on success, exit 2 and a clear message on bad input.</summary>
public sealed class ReplayCommandTests
{
    [Fact]
    public async Task A_scenario_file_replays_to_json_on_stdout()
    {
        var (exit, stdout, stderr) = await RunAsync(File.ReadAllText(Path.Combine(Repository.Root, "tests/Scenarios/04-opening-round.json")));
        Assert.True(exit == 0, stderr);
        var output = JsonNode.Parse(stdout)!.AsObject();
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests/Scenarios/04-opening-round.expected.json")));
        Assert.True(JsonNode.DeepEquals(expected, output), stdout);
        Assert.Contains("+02:00", stdout); // offsets unescaped, as documented
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"events": [{"at": "2025-03-01T10:00:00", "type": "apply", "candidate": "C", "formation": "F"}]}""", "events[0].at must be an ISO 8601 time with its offset")]
    [InlineData("""{"events": [{"at": "2025-03-01T10:00:00+01:00", "type": "teleport"}]}""", "\"teleport\" is not an event type")]
    [InlineData("""{"campaign": {"offerRelease": "weekly"}}""", "campaign.offerRelease must be \"daily\" or \"immediate\"")]
    [InlineData("""{"formations": [{"id": "F", "establishment": "E", "mention": "M", "track": "evening", "capacity": 1}]}""", "formations[0].track must be")]
    [InlineData("""{"candidates": [{"id": "C"}, {"id": "C"}]}""", "The candidate \"C\" is declared twice")]
    [InlineData("""{"events": [{"at": "2025-06-02T10:00:00+02:00", "type": "refuse", "candidate": "C", "formation": "F"}], "until": "2025-06-01T00:00:00+02:00"}""", "after \"until\"")]
    [InlineData("""{"campaign": {"year": 10000}}""", "campaign.year must be a year between 2000 and 2999")]
    public void A_malformed_scenario_is_refused_with_a_message_that_says_where(string json, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Parse(json));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task The_command_exits_2_with_the_message_on_a_malformed_scenario()
    {
        var (exit, stdout, stderr) = await RunAsync("""{"events": [{"at": "soon", "type": "apply"}]}""");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Contains("events[0].at must be an ISO 8601 time", stderr);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string scenario)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, scenario);
        try
        {
            var replay = MonMaster.Tests.Infrastructure.Repository.BuiltDll("tools/MonMaster.Replay", "MonMaster.Replay");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { replay, file }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
