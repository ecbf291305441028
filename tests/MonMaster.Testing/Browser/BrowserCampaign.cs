using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Tests.Api;

namespace MonMaster.Tests.Browser;

/// <summary>
/// The 2025 campaign the browser tests look at, seeded through the grains of an API node: a demo-like background
/// (the demo's five establishments, a few hundred candidates who applied, were ranked, got offers and answered some),
/// plus small formations whose every applicant and rank a test knows. The clock is virtual, offers are released at
/// once (a refusal goes to the next candidate immediately), and it is left in the main admission phase on 2 June.
/// </summary>
public sealed class BrowserCampaign
{
    public const int Year = 2025;
    public static readonly CampaignCalendar Calendar = new(Year);
    public static readonly string[] Establishments = ["Université de Lyon", "Aix-Marseille Université", "Université de Bordeaux", "Sorbonne Université", "Université de Strasbourg"];
    private static readonly string[] Mentions = ["Informatique", "Droit des affaires", "Économie", "Psychologie", "Mathématiques appliquées"];

    /// <summary>The establishment of the formations test (c) watches; nobody else uses it.</summary>
    public const string TestEstablishment = "Université Paris Cité";

    private readonly ApiNode node;

    private BrowserCampaign(ApiNode node) => this.node = node;

    public IGrainFactory Grains => node.Grains;
    public Deliveries Deliveries => node.Services.GetRequiredService<Deliveries>();
    public ICampaignGrain Campaign => Grains.GetGrain<ICampaignGrain>(Year);
    public IReadOnlyList<FormationInfo> Formations { get; private set; } = [];

    /// <summary>An operator connected from the opening round on: the node counts offers and answers per minute (the operator page's chart).</summary>
    public HubConnection? Watcher { get; private set; }

    /// <summary>Formations of the tests, each with its ranking (best first): who gets an offer and who waits is known.</summary>
    public static readonly (FormationInfo Formation, string[] Ranking)[] Known =
    [
        // (a) C1001: an offer at F101, 1st on the waitlist of F102, 2nd on that of F103.
        (Info("F101", "Sorbonne Université", "Informatique", "Parcours Intelligence artificielle", 1), ["C1001"]),
        (Info("F102", "Université de Lyon", "Mathématiques appliquées", "Parcours Statistique", 1), ["C1002", "C1001"]),
        (Info("F103", "Université de Bordeaux", "Économie", "Parcours Économétrie", 1), ["C1003", "C1004", "C1001"]),
        // (b) F111: C1011 has the offer, C1012 waits 1st, C1013 2nd; C1012 has an offer at F112.
        (Info("F111", "Aix-Marseille Université", "Droit des affaires", "Parcours Droit européen", 1), ["C1011", "C1012", "C1013"]),
        (Info("F112", "Université de Strasbourg", "Psychologie", "Parcours Neuropsychologie", 1), ["C1012"]),
        // (c) the establishment page: F121 (2 places, 3 ranked), F122 (3 places, 2 ranked).
        (Info("F121", TestEstablishment, "Informatique", "Parcours Données", 2), ["C1021", "C1022", "C1023"]),
        (Info("F122", TestEstablishment, "Économie", "Parcours Finance", 3), ["C1024", "C1025"]),
    ];

    private static FormationInfo Info(string id, string establishment, string mention, string parcours, int capacity) =>
        new(id, Year, establishment, mention, parcours, Track.Classic, capacity);

    public static async Task<BrowserCampaign> SeedAsync(ApiNode node)
    {
        var seeded = new BrowserCampaign(node);
        await seeded.SeedAsync();
        return seeded;
    }

    private async Task SeedAsync()
    {
        var random = new Random(2025);
        await Campaign.Configure(new CampaignSettings(OfferRelease.Immediate, VirtualClock: true, VirtualStart: Calendar.ApplicationOpens.AddDays(1)));
        var background = Enumerable.Range(0, 20).Select(i => new FormationInfo(
            $"F{i + 1:000}", Year, Establishments[i % Establishments.Length], Mentions[i / Establishments.Length % Mentions.Length],
            $"Parcours {i / 10 + 1}", i % 10 == 9 ? Track.WorkStudy : Track.Classic, random.Next(8, 21))).ToList();
        Formations = [.. background, .. Known.Select(k => k.Formation)];
        await Campaign.AddFormations(Formations);

        // Background candidates C0001…C0400 apply to 3 to 6 formations; the tests' candidates to theirs.
        var wishes = Enumerable.Range(1, 400).ToDictionary(i => $"C{i:0000}",
            _ => background.OrderBy(_ => random.Next()).Take(random.Next(3, 7)).Select(f => f.Id).ToList());
        foreach (var (formation, ranking) in Known)
            foreach (var candidate in ranking)
                (wishes.TryGetValue(candidate, out var list) ? list : wishes[candidate] = []).Add(formation.Id);
        await Parallel.ForEachAsync(wishes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (wish, _) =>
        {
            var candidate = Grains.GetGrain<ICandidateGrain>(wish.Key);
            await candidate.Create(Year);
            foreach (var formationId in wish.Value)
            {
                var result = await candidate.Apply(formationId);
                if (!result.Succeeded) throw new InvalidOperationException($"{wish.Key} → {formationId}: {result.Error}");
            }
        });
        await Deliveries.WhenIdle();

        await AdvanceAsync(Calendar.RankingOpens.AddDays(1));
        foreach (var formation in background)
        {
            var applicants = (await Grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot()).Applications.Select(a => a.CandidateId).Order().ToList();
            var ranked = applicants.Where(_ => random.Next(10) > 0).OrderBy(_ => random.Next()).ToList();
            await RankAsync(formation.Id, ranked, [.. applicants.Except(ranked)]);
        }
        foreach (var (formation, ranking) in Known) await RankAsync(formation.Id, ranking, []);

        // The opening round (2 June, 06:00), then a morning of answers from the background candidates.
        Watcher = await node.HubAsync("operator", "operator", "Observateur des tests");
        await Watcher.StartAsync();
        await Task.Delay(500); // the node watches every formation's counters
        await AdvanceAsync(Calendar.OpeningRound.AddHours(1));
        var offers = new List<(string Candidate, string Formation)>();
        foreach (var formation in background)
            offers.AddRange((await Grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot()).Applications
                .Where(a => a.Status == ApplicationStatus.Offer).Select(a => (a.CandidateId, formation.Id)));
        foreach (var (candidateId, formationId) in offers.OrderBy(o => o.Candidate, StringComparer.Ordinal).ThenBy(o => o.Formation, StringComparer.Ordinal))
        {
            var candidate = Grains.GetGrain<ICandidateGrain>(candidateId);
            _ = random.Next(20) switch
            {
                < 7 => await candidate.Accept(formationId, AcceptMode.Provisional, null),
                < 11 => await candidate.Accept(formationId, AcceptMode.Definitive, null),
                < 13 => await candidate.Refuse(formationId),
                _ => CommandResult.Ok,
            };
        }
        await Deliveries.WhenIdle();
        await AdvanceAsync(Calendar.OpeningRound.AddHours(3));
    }

    private async Task RankAsync(string formationId, IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained)
    {
        var result = await Grains.GetGrain<IFormationGrain>(formationId).Rank(ranked, notRetained);
        if (!result.Succeeded) throw new InvalidOperationException($"ranking {formationId}: {result.Error}");
    }

    public async Task AdvanceAsync(DateTimeOffset to)
    {
        await Campaign.AdvanceClock(to);
        await Deliveries.WhenIdle();
    }

    public async Task<DateTimeOffset> NowAsync() => (await Campaign.GetView()).Now;

    public async Task<ApplicationView> ApplicationAsync(string candidateId, string formationId) =>
        (await Grains.GetGrain<ICandidateGrain>(candidateId).GetApplications()).Single(a => a.FormationId == formationId);

    public async Task<IReadOnlyList<FormationStats>> StatsAsync() =>
        await Task.WhenAll(Formations.Select(f => Grains.GetGrain<IFormationGrain>(f.Id).GetStats()));
}
