using Microsoft.Extensions.DependencyInjection;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>A small 2025 campaign seeded through the grains of a node that hosts a silo, brought to a chosen moment.</summary>
public sealed class TinyCampaign(ApiNode node)
{
    public const int Year = 2025;
    public static readonly CampaignCalendar Calendar = new(Year);
    private readonly List<FormationInfo> formations = [];

    public IGrainFactory Grains => node.Grains;
    public Deliveries Deliveries => node.Services.GetRequiredService<Deliveries>();
    public ICampaignGrain Campaign => Grains.GetGrain<ICampaignGrain>(Year);

    /// <summary>Configures the campaign (immediate release, virtual clock) in its application window.</summary>
    public async Task<TinyCampaign> OpenAsync()
    {
        await Campaign.Configure(new CampaignSettings(OfferRelease.Immediate, VirtualClock: true, VirtualStart: Calendar.ApplicationOpens.AddDays(1)));
        return this;
    }

    public async Task<TinyCampaign> FormationAsync(
        string id, string establishment, int capacity, string mention = "Informatique", Track track = Track.Classic, IReadOnlyList<RequiredPiece>? pieces = null)
    {
        var info = new FormationInfo(id, Year, establishment, mention, $"Parcours {id}", track, capacity, pieces);
        formations.Add(info);
        await Campaign.AddFormation(info);
        return this;
    }

    public async Task<TinyCampaign> ApplyAsync(string candidateId, params string[] formationIds)
    {
        var candidate = Grains.GetGrain<ICandidateGrain>(candidateId);
        await candidate.Create(Year);
        foreach (var id in formationIds)
        {
            var result = await candidate.Apply(id);
            Assert.True(result.Succeeded, $"{candidateId} → {id}: {result.Error}");
        }
        return this;
    }

    public Task ToRankingAsync() => AdvanceAsync(Calendar.RankingOpens.AddDays(1));

    public async Task RankAsync(string formationId, params string[] ranked)
    {
        var result = await Grains.GetGrain<IFormationGrain>(formationId).Rank(ranked, []);
        Assert.True(result.Succeeded, $"ranking {formationId}: {result.Error}");
    }

    /// <summary>Past the opening round (2 June 06:00), every cascade settled.</summary>
    public Task ToAdmissionAsync() => AdvanceAsync(Calendar.OpeningRound.AddHours(3));

    public async Task AdvanceAsync(DateTimeOffset to)
    {
        await Campaign.AdvanceClock(to);
        await Deliveries.WhenIdle();
    }
}

/// <summary>
/// A test class's fixture: one API node hosting its silo, and a tiny campaign of its own on a virtual clock, which
/// <see cref="SeedAsync"/> sets up (formations, applications, the date the tests start from).
/// </summary>
public abstract class CampaignNode : IAsyncLifetime
{
    public ApiNode Node { get; private set; } = null!;
    public TinyCampaign Campaign { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await ApiNode.StartSiloAsync();
        Campaign = await new TinyCampaign(Node).OpenAsync();
        await SeedAsync();
    }

    protected abstract Task SeedAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
