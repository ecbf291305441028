using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Silo;

/// <summary>
/// The demo campaign of <c>./monmaster run</c>: a few establishments, 50 formations and 2,000 candidates who apply
/// through the real application path, ranked, the virtual clock set just before the opening round. Then the clock
/// moves one hour every tick while simulated candidates answer their offers every second, so the pages move on
/// their own. It only talks to grains, so it works from any silo of a cluster.
/// </summary>
public sealed class DemoCampaign(IGrainFactory grains, Deliveries deliveries, ILogger<DemoCampaign> logger)
{
    public const int Year = 2025;
    public static readonly string[] Establishments = ["Université de Lyon", "Aix-Marseille Université", "Université de Bordeaux", "Sorbonne Université", "Université de Strasbourg"];
    private static readonly string[] Mentions = ["Informatique", "Droit des affaires", "Économie", "Psychologie", "Mathématiques appliquées"];
    private readonly Random random = new(2025);

    /// <summary>Share of the pending offers answered each second.</summary>
    public double AnswerRate { get; init; } = 0.02;

    public async Task RunAsync(TimeSpan tick, CancellationToken stopping)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        var calendar = new CampaignCalendar(Year);
        if ((await campaign.GetView()).Formations == 0) await SeedAsync(campaign, calendar);
        else logger.LogInformation("Demo campaign {Year} found in storage: going on from where it was", Year);

        var nextTick = DateTimeOffset.UtcNow + tick;
        while (!stopping.IsCancellationRequested)
        {
            var view = await campaign.GetView();
            if (view.Now >= calendar.ComplementaryOpens)
            {
                logger.LogInformation("Demo campaign {Year}: main admission phase over, clock stays at {Now}", Year, view.Now);
                return;
            }
            try
            {
                await AnswerSomeOffersAsync(campaign, view.Now);
                if (DateTimeOffset.UtcNow >= nextTick)
                {
                    nextTick = DateTimeOffset.UtcNow + tick;
                    await campaign.AdvanceClock(view.Now.AddHours(1));
                    logger.LogInformation("Demo clock at {Now} ({Phase})", CampaignCalendar.Format(view.Now.AddHours(1)), calendar.PhaseAt(view.Now.AddHours(1)));
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Demo step failed; going on");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private async Task SeedAsync(ICampaignGrain campaign, CampaignCalendar calendar)
    {
        logger.LogInformation("Seeding demo campaign {Year}: 50 formations, 2,000 candidates", Year);
        await campaign.Configure(new CampaignSettings(OfferRelease.Daily, VirtualClock: true, VirtualStart: calendar.ApplicationOpens.AddHours(9)));
        var formations = new List<FormationInfo>();
        for (var i = 0; i < 50; i++)
        {
            var track = i % 10 == 9 ? Track.WorkStudy : Track.Classic;
            formations.Add(new FormationInfo($"F{i + 1:000}", Year, Establishments[i % Establishments.Length],
                Mentions[i / Establishments.Length % Mentions.Length], $"Parcours {i / 25 + 1}", track, random.Next(10, 41)));
        }
        await campaign.AddFormations(formations);

        var candidates = Enumerable.Range(1, 2000).Select(i => $"C{i:0000}").ToList();
        var wishes = candidates.ToDictionary(id => id, _ => formations.OrderBy(_ => random.Next()).Take(random.Next(3, 9)).ToList());
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            await candidate.Create(Year);
            foreach (var formation in wishes[id]) await candidate.Apply(formation.Id);
        });
        await deliveries.WhenIdle();

        await campaign.AdvanceClock(calendar.RankingOpens.AddDays(20));
        foreach (var formation in formations)
        {
            var applicants = (await grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot()).Applications.Select(a => a.CandidateId).ToList();
            var ranked = applicants.Where(_ => random.Next(10) > 0).OrderBy(_ => random.Next()).ToList();
            await grains.GetGrain<IFormationGrain>(formation.Id).Rank(ranked, [.. applicants.Except(ranked)]);
        }
        await campaign.AdvanceClock(calendar.OpeningRound.AddMinutes(-30));
        logger.LogInformation("Demo campaign {Year} ready: clock at {Now}, the opening round is next", Year, CampaignCalendar.Format(calendar.OpeningRound.AddMinutes(-30)));
    }

    /// <summary>Simulated candidates: a few of the pending offers get an answer (read from the formations, the reference).</summary>
    private async Task AnswerSomeOffersAsync(ICampaignGrain campaign, DateTimeOffset now)
    {
        var snapshots = await Task.WhenAll((await campaign.GetFormationIds()).Select(id => grains.GetGrain<IFormationGrain>(id).GetSnapshot()));
        var offers = snapshots.SelectMany(s => s.Applications).Where(a => a.Status == "offer" && a.Deadline >= now).ToList();
        if (offers.Count == 0) return;
        var answering = offers.OrderBy(_ => random.Next()).Take(Math.Max(1, (int)(offers.Count * AnswerRate))).ToList();
        await Parallel.ForEachAsync(answering, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (offer, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(offer.CandidateId);
            var result = Random.Shared.Next(10) switch
            {
                < 4 => await candidate.Accept(offer.FormationId, AcceptMode.Provisional, null),
                < 7 => await candidate.Accept(offer.FormationId, AcceptMode.Definitive, null),
                _ => await candidate.Refuse(offer.FormationId),
            };
            if (!result.Succeeded) logger.LogDebug("Simulated answer of {Candidate} at {Formation} refused: {Error}", offer.CandidateId, offer.FormationId, result.Error);
        });
    }
}
