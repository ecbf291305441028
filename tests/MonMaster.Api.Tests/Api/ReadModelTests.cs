using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Admission;
using MonMaster.Api.Endpoints;
using MonMaster.Grains;
using MonMaster.Replay;
using MonMaster.Tests.Engine;

namespace MonMaster.Tests.Api;

/// <summary>
/// A candidate's applications are read from the node's read model (the candidate's file plus what the formations pushed
/// here), not by calling each formation. After every round and sweep of random campaigns, and at the end, the REST read
/// (every candidate) and the live hub (half of them connected from the start) must say what the formations say: status,
/// position, deadline, contract. The feed is eventually consistent by a few milliseconds, so each check waits for it.
/// </summary>
public sealed class ReadModelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The first 20 campaigns in which someone applies (in some, nobody does: nothing to compare).</summary>
    public static TheoryData<int> Seeds =>
        [.. Enumerable.Range(1, 100).Where(seed => Scenario.Parse(RandomCampaigns.Generate(seed)).Events.OfType<ApplyEvent>().Any()).Take(20)];

    private sealed record Line(string FormationId, ApplicationStatus Status, int? Position, DateTimeOffset? Deadline, ContractState? Contract);

    [Theory, MemberData(nameof(Seeds))]
    public async Task Rest_and_live_reads_agree_with_the_formations_through_a_random_campaign(int seed)
    {
        await using var node = await ApiNode.StartSiloAsync();
        var scenario = Scenario.Parse(RandomCampaigns.Generate(seed));
        var rest = new Dictionary<string, HttpClient>();
        var hubs = new Dictionary<string, HubConnection>();
        var checks = 0;
        var compared = 0;
        async Task CompareAsync()
        {
            foreach (var id in scenario.Candidates)
            {
                var candidate = node.Grains.GetGrain<ICandidateGrain>(id);
                if (!await candidate.Exists()) continue;
                var truth = Lines(await candidate.GetApplications());
                await AgreesAsync(truth, async () => Lines((await ReadAsync(rest[id], id)).Applications), $"REST of {id}, seed {seed}");
                if (hubs.TryGetValue(id, out var hub))
                    await AgreesAsync(truth, async () => Lines(await hub.InvokeAsync<IReadOnlyList<ApplicationView>>("Applications")), $"hub of {id}, seed {seed}");
                compared += truth.Count;
            }
            checks++;
        }

        var runner = new ReplayRunner(node.Grains, node.Services.GetRequiredService<Deliveries>())
        {
            AfterStep = async (step, _) =>
            {
                if (rest.Count == 0)
                    foreach (var (id, i) in scenario.Candidates.Select((id, i) => (id, i)))
                    {
                        rest[id] = await node.ClientAsync("candidate", id);
                        if (i % 2 == 1) continue;
                        var hub = await node.HubAsync("candidate", "candidate", id);
                        await hub.StartAsync();
                        hubs[id] = hub;
                    }
                if (step is "round" or "sweep") await CompareAsync();
            },
        };
        try
        {
            await runner.RunAsync(scenario);
            await CompareAsync();
        }
        finally
        {
            foreach (var hub in hubs.Values) await hub.DisposeAsync();
            foreach (var client in rest.Values) client.Dispose();
        }
        Assert.True(checks > 0);
        Assert.True(compared > 0, "nothing was compared");
    }

    /// <summary>A read that never catches up fails with both sides.</summary>
    private static async Task AgreesAsync(IReadOnlyList<Line> truth, Func<Task<IReadOnlyList<Line>>> read, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<Line> seen;
        while (!(seen = await read()).SequenceEqual(truth) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(seen.SequenceEqual(truth), $"{what}: read {string.Join("; ", seen)} but the formations say {string.Join("; ", truth)}");
    }

    private static async Task<CandidateApplications> ReadAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/candidates/{id}/applications");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<CandidateApplications>(body, ApiResponses.Wire)!;
    }

    private static IReadOnlyList<Line> Lines(IEnumerable<ApplicationView> views) =>
        [.. views.Select(v => new Line(v.FormationId, v.Status, v.Position, v.Deadline, v.Contract)).OrderBy(l => l.FormationId, StringComparer.Ordinal)];

    private static IReadOnlyList<Line> Lines(IEnumerable<MonMaster.Api.Endpoints.CandidateApplication> views) =>
        [.. views.Select(v => new Line(v.FormationId, v.Status, v.Position, v.Deadline, v.Contract)).OrderBy(l => l.FormationId, StringComparer.Ordinal)];
}
