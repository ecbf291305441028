using System.Text.Json;
using System.Text.Json.Nodes;
using MonMaster.Tests.Reference;
using MonMaster.Tests.Infrastructure;
using Xunit.Abstractions;
using GrainsEngine = MonMaster.Tests.Engine.Engine;

namespace MonMaster.Tests.Scenarios;

/// <summary>
/// The hand-written scenarios drawn from the brochure, one per rule of the main phase (see README.md next to
/// them): the grains and the sequential model must both print exactly the expectation derived by hand.
/// </summary>
public sealed class BrochureScenarioTests(ITestOutputHelper output)
{
    private const string ExpectedSuffix = ".expected.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string> Scenarios() => new(ScenarioFiles());

    /// <summary>Every NN-name.json of the folder (not the .expected.json), by name.</summary>
    private static IEnumerable<string> ScenarioFiles() =>
        Directory.GetFiles(ScenarioDirectory(), "*.json")
            .Select(path => Path.GetFileName(path))
            .Where(name => !name.EndsWith(ExpectedSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_rule_has_a_scenario_and_every_scenario_an_expectation()
    {
        var scenarios = ScenarioFiles().ToList();
        Assert.True(scenarios.Count >= 10, $"only {scenarios.Count} scenarios in {ScenarioDirectory()}");
        foreach (var scenario in scenarios)
            Assert.True(File.Exists(ExpectedPath(scenario)), $"{scenario} has no {ExpectedSuffix} next to it");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Grains_and_sequential_model_print_the_expected_final_state(string scenario)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(ScenarioDirectory(), scenario));
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(ExpectedPath(scenario)))
            ?? throw new InvalidOperationException($"{ExpectedPath(scenario)} is empty");

        var grains = await GrainsEngine.ReplayAsync(json);
        var model = ReferenceCampaign.Run(json);

        var grainsRight = JsonNode.DeepEquals(grains, expected);
        var modelRight = JsonNode.DeepEquals(model, expected);
        if (grainsRight && modelRight) return;

        var report = $"""
            {scenario}: grains {(grainsRight ? "match" : "DIFFER")}, sequential model {(modelRight ? "matches" : "DIFFERS")}.
            expected:
            {expected.ToJsonString(Indented)}
            grains:
            {grains.ToJsonString(Indented)}
            sequential model:
            {model.ToJsonString(Indented)}
            """;
        output.WriteLine(report);
        throw new Xunit.Sdk.XunitException(report);
    }

    private static string ExpectedPath(string scenario) =>
        Path.Combine(ScenarioDirectory(), Path.GetFileNameWithoutExtension(scenario) + ExpectedSuffix);

    /// <summary>tests/Scenarios of the checkout.</summary>
    private static string ScenarioDirectory() => Path.Combine(Repository.Root, "tests", "Scenarios");
}
