using System.Text.Json;
using System.Text.Json.Nodes;
using MonMaster.Grains;
using MonMaster.Replay;
using Orleans.Runtime;
using Xunit.Abstractions;
using GrainsEngine = MonMaster.Tests.Engine.Engine;

namespace MonMaster.Tests.Engine;

/// <summary>
/// Storage writes only the parts of a state that changed, so every change the rules make must reach storage: after
/// each step of random campaigns every grain is deactivated and read back, and what it shows equals what it showed
/// before; the campaign then ends exactly where it ends without the reloads.
/// </summary>
public sealed class ReloadTests(ITestOutputHelper output)
{
    public static TheoryData<int> Seeds() => new(1, 6, 11, 16, 21, 26, 31, 36);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_grain_read_back_after_each_step_shows_what_it_showed_and_the_campaign_ends_the_same(int seed)
    {
        var scenario = RandomCampaigns.Generate(seed);
        var expected = await GrainsEngine.ReplayAsync(scenario);
        var reloads = 0;
        Deliveries? deliveries = null;
        var reloaded = await GrainsEngine.ReplayAsync(scenario, afterStep: (grains, parsed) => async (_, _) =>
        {
            var limit = TimeSpan.FromSeconds(20);
            var before = await ViewAsync(grains, parsed).WaitAsync(limit);
            await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero).WaitAsync(limit);
            await ViewAsync(grains, parsed).WaitAsync(limit);     // activates them all again; they redeliver what storage still lists
            await deliveries!.WhenIdle(limit);
            var after = await ViewAsync(grains, parsed).WaitAsync(limit);
            if (before != after)
            {
                var at = Enumerable.Range(0, Math.Min(before.Length, after.Length)).FirstOrDefault(i => before[i] != after[i]);
                Assert.Fail($"seed {seed}, after step {reloads}:\nbefore: {before[Math.Max(0, at - 300)..Math.Min(before.Length, at + 200)]}\nafter:  {after[Math.Max(0, at - 300)..Math.Min(after.Length, at + 200)]}");
            }
            reloads++;
        }, onStart: services => deliveries = (Deliveries)services.GetService(typeof(Deliveries))!);
        output.WriteLine($"seed {seed}: {reloads} reloads");
        Assert.True(reloads > 10);
        Assert.True(JsonNode.DeepEquals(expected, reloaded), $"seed {seed}:\nwithout reloads: {expected.ToJsonString()}\nwith reloads:    {reloaded.ToJsonString()}");
    }

    /// <summary>Everything a grain answers about its state, in a form that does not depend on dictionary order.</summary>
    private static async Task<string> ViewAsync(IGrainFactory grains, Scenario scenario)
    {
        var formations = await Task.WhenAll(scenario.Formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetSnapshot()));
        var candidates = await Task.WhenAll(scenario.Candidates.Select(c => grains.GetGrain<ICandidateGrain>(c).GetSnapshot()));
        return JsonSerializer.Serialize(new
        {
            formations = formations.Select(s => new { s.Stats, applications = s.Applications.OrderBy(a => a.CandidateId).Select(a => JsonSerializer.Serialize(a, AdmissionJson.Options)) }),
            candidates = candidates.Select(s => new { s.CandidateId, s.Held, s.Preference, s.ReferralRegion, applications = s.Applications.OrderBy(a => a.FormationId) }),
        });
    }
}
