using System.Diagnostics;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Bench;

/// <summary>
/// The campaign of the push benchmark, sized to the number of connected candidates: small formations with long
/// waitlists, each candidate on a few of them, ranked at random, so that every answer moves several waitlists.
/// Ids carry their index ("PC000042", "PF00007"), so that client processes map them without a table.
/// </summary>
public sealed class PushCampaign
{
    public const int Year = 2025;
    private static readonly DateTimeOffset RankingTime = new(2025, 5, 1, 9, 0, 0, TimeSpan.FromHours(2));

    public required int Candidates { get; init; }
    public required FormationInfo[] Formations { get; init; }
    /// <summary>Formation indices each candidate applied to.</summary>
    public required int[][] ApplicationsOf { get; init; }
    /// <summary>Each formation's applicants (candidate indices), best ranked first.</summary>
    public required int[][] RankingOf { get; init; }

    public static string CandidateId(int index) => $"PC{index:D6}";
    public static string FormationId(int index) => $"PF{index:D5}";
    public static int IndexOf(string id) => int.TryParse(id.AsSpan(2), out var n) ? n : -1;

    public int Places => Formations.Sum(f => f.Capacity);
    public int Applications => ApplicationsOf.Sum(a => a.Length);

    /// <summary>
    /// <paramref name="candidates"/> candidates with <paramref name="wishes"/> applications each, spread uniformly over
    /// formations of about <paramref name="applicants"/> applicants and <paramref name="capacity"/> places.
    /// </summary>
    public static PushCampaign Generate(int candidates, int wishes, int applicants, int capacity, int seed)
    {
        var random = new Random(seed);
        var formationCount = Math.Max(wishes, (int)Math.Round((double)candidates * wishes / applicants));
        var formations = new FormationInfo[formationCount];
        for (var f = 0; f < formationCount; f++)
            formations[f] = new FormationInfo(FormationId(f), Year, $"0{750 + f / 25 % 200:D3}{f / 5000:D3}B", $"Mention {f / 5:D4}",
                $"Parcours {f % 5 + 1}", Track.Classic, capacity);

        var applicationsOf = new int[candidates][];
        var applicantsOf = new List<int>[formationCount];
        for (var f = 0; f < formationCount; f++) applicantsOf[f] = [];
        var chosen = new HashSet<int>();
        for (var c = 0; c < candidates; c++)
        {
            chosen.Clear();
            while (chosen.Count < wishes) chosen.Add(random.Next(formationCount));
            applicationsOf[c] = [.. chosen.Order()];
            foreach (var f in applicationsOf[c]) applicantsOf[f].Add(c);
        }
        // Juries rank at random: every candidate is somewhere in the middle of some waitlist.
        var ranking = applicantsOf.Select(list => list.OrderBy(_ => random.Next()).ToArray()).ToArray();
        return new PushCampaign { Candidates = candidates, Formations = formations, ApplicationsOf = applicationsOf, RankingOf = ranking };
    }

    public string Describe()
    {
        var sizes = RankingOf.Select(r => r.Length).Order().ToArray();
        return $"{Formations.Length:N0} formations of {Formations[0].Capacity} places ({Places:N0} places), {Candidates:N0} candidates × "
            + $"{ApplicationsOf[0].Length} applications = {Applications:N0}; applicants per formation median {sizes[sizes.Length / 2]}, max {sizes[^1]}";
    }

    /// <summary>
    /// Seeds the campaign through the grains (as <c>bench engine</c> does): formations and applications imported in
    /// the ranking window, every formation ranked, then the clock moved just past the opening round (2 June 06:00,
    /// Paris) with immediate release, so that every answer's freed place is offered at once.
    /// </summary>
    public async Task SeedAsync(IGrainFactory grains, Deliveries deliveries, Action<string> report)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        var watch = Stopwatch.StartNew();
        await campaign.Configure(new CampaignSettings(OfferRelease.Immediate, VirtualClock: true, VirtualStart: RankingTime));
        foreach (var chunk in Formations.Chunk(500)) await campaign.AddFormations(chunk);
        await Task.WhenAll(
            ForEach(Formations.Length, 32, f => grains.GetGrain<IFormationGrain>(Formations[f].Id)
                .ImportApplicants([.. RankingOf[f].Select(CandidateId)])),
            ForEach(Candidates, 32, c => grains.GetGrain<ICandidateGrain>(CandidateId(c))
                .Import(Year, [.. ApplicationsOf[c].Select(f => Formations[f])])));
        report($"imported in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        var errors = 0;
        await ForEach(Formations.Length, 64, async f =>
        {
            var result = await grains.GetGrain<IFormationGrain>(Formations[f].Id).Rank([.. RankingOf[f].Select(CandidateId)], []);
            if (!result.Succeeded) Interlocked.Increment(ref errors);
        });
        if (errors > 0) throw new InvalidOperationException($"{errors} formations refused their ranking.");
        report($"ranked in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        await campaign.AdvanceClock(new CampaignCalendar(Year).OpeningRound.AddMinutes(1));
        var idle = deliveries.WhenIdle();
        if (await Task.WhenAny(idle, Task.Delay(TimeSpan.FromMinutes(10))) != idle)
            throw new TimeoutException($"the opening round did not settle in 10 minutes ({deliveries.Pending} messages undelivered).");
        report($"opening round made and delivered in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static Task ForEach(int count, int concurrency, Func<int, Task> action) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await action(i);
                        return;
                    }
                    catch (Exception) when (attempt < 3)
                    {
                        await Task.Delay(100 * attempt);
                    }
                }
            });
}
