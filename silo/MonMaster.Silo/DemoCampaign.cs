using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Silo;

/// <summary>
/// The demo campaign of <c>./monmaster run</c>: a few establishments, 50 formations and 2,000 candidates who
/// apply through the real application path, ranked, then a virtual clock that moves three hours every few
/// seconds through the main admission phase while simulated candidates answer their offers.
/// </summary>
public sealed class DemoCampaign(IGrainFactory grains, Deliveries deliveries, AdmissionEvents events, ILogger<DemoCampaign> logger)
{
    public const int Year = 2025;
    private static readonly string[] Establishments = ["Université de Lyon", "Aix-Marseille Université", "Université de Bordeaux", "Sorbonne Université", "Université de Strasbourg"];
    private static readonly string[] Mentions = ["Informatique", "Droit des affaires", "Économie", "Psychologie", "Mathématiques appliquées"];
    private readonly ConcurrentDictionary<(string Candidate, string Formation), DateTimeOffset> offers = new();
    private readonly Random random = new(2025);

    public async Task RunAsync(TimeSpan tick, CancellationToken stopping)
    {
        using var subscription = events.Subscribe(Watch);
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        var calendar = new CampaignCalendar(Year);
        if ((await campaign.GetView()).Formations == 0) await SeedAsync(campaign, calendar);
        else logger.LogInformation("Demo campaign {Year} found in storage: going on from where it was", Year);

        while (!stopping.IsCancellationRequested)
        {
            var view = await campaign.GetView();
            if (view.Now >= calendar.ComplementaryOpens)
            {
                logger.LogInformation("Demo campaign {Year}: main admission phase over, clock stays at {Now}", Year, view.Now);
                return;
            }
            await AnswerSomeOffersAsync(view.Now);
            await campaign.AdvanceClock(view.Now.AddHours(3));
            await deliveries.WhenIdle();
            var stats = await Task.WhenAll((await campaign.GetFormationIds()).Select(id => grains.GetGrain<IFormationGrain>(id).GetStats()));
            logger.LogInformation("Demo {Now}: {Phase}; {Offers} pending offers, {Provisional} provisional, {Definitive} definitive, {Waiting} waiting",
                CampaignCalendar.Format(view.Now.AddHours(3)), calendar.PhaseAt(view.Now.AddHours(3)), stats.Sum(s => s.PendingOffers),
                stats.Sum(s => s.AcceptedProvisional), stats.Sum(s => s.AcceptedDefinitive), stats.Sum(s => s.Waitlist));
            await Task.Delay(tick, stopping).ContinueWith(_ => { }, CancellationToken.None);
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
        foreach (var formation in formations) await campaign.AddFormation(formation);

        var candidates = Enumerable.Range(1, 2000).Select(i => $"C{i:0000}").ToList();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            await candidate.Create(Year);
            var count = Random.Shared.Next(3, 9);
            foreach (var formation in formations.OrderBy(_ => Random.Shared.Next()).Take(count))
                await candidate.Apply(formation.Id);
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

    /// <summary>Simulated candidates: about a third of the pending offers get an answer before each tick.</summary>
    private async Task AnswerSomeOffersAsync(DateTimeOffset now)
    {
        var answering = offers.Where(o => o.Value >= now && random.Next(3) == 0).Select(o => o.Key).ToList();
        await Parallel.ForEachAsync(answering, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (offer, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(offer.Candidate);
            var choice = Random.Shared.Next(10);
            var result = choice switch
            {
                < 4 => await candidate.Accept(offer.Formation, AcceptMode.Provisional, null),
                < 7 => await candidate.Accept(offer.Formation, AcceptMode.Definitive, null),
                _ => await candidate.Refuse(offer.Formation),
            };
            if (!result.Succeeded) logger.LogDebug("Simulated answer of {Candidate} at {Formation} refused: {Error}", offer.Candidate, offer.Formation, result.Error);
        });
    }

    private void Watch(AdmissionEvent e)
    {
        if (e is not ApplicationChanged change) return;
        if (change is { Status: "offer", Deadline: { } deadline }) offers[(change.CandidateId, change.FormationId)] = deadline;
        else offers.TryRemove((change.CandidateId, change.FormationId), out _);
    }
}
