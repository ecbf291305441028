using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Catalogue;
using MonMaster.Catalogue.Generator;
using MonMaster.Grains;

namespace MonMaster.Demo;

/// <summary>
/// The demo campaign of <c>./monmaster run</c>: a few establishments, 50 formations and 2,000 candidates who apply
/// through the real application path, ranked, the virtual clock set just before the opening round. Then the clock
/// moves one hour every tick (six after 16 June, to the end of August) while simulated candidates answer their offers
/// every second, rank their applications for the complementary phase and apply to it, so the pages move on
/// their own. It is a client of the platform, as an establishment's or a candidate's software would be: an Orleans
/// client for the grains, and the public API (<see cref="IDemoPlatform"/>) for the catalogue, the files and its status.
/// It acts only for the candidates it seeded (C0001…C2000), never for one a person created.
/// </summary>
/// <remarks>
/// The rest of the year is there too: one formation per establishment asks for a cover letter (F001…F005), which
/// some applicants never upload, so their files are incomplete at the close; the work-study formations (F010, F020…
/// F050, all at the Université de Strasbourg) answered their applicants in April, and in May some candidates in
/// contract search filed a contract that was validated, refused, or is still waiting for the establishment.
/// </remarks>
public sealed class DemoCampaign(IGrainFactory grains, IDemoPlatform platform, ILogger<DemoCampaign> logger)
{
    public const int Year = 2025;
    public static readonly string[] Establishments = ["Université de Lyon", "Aix-Marseille Université", "Université de Bordeaux", "Sorbonne Université", "Université de Strasbourg"];
    private static readonly string[] Mentions = ["Informatique", "Droit des affaires", "Économie", "Psychologie", "Mathématiques appliquées"];

    /// <summary>The candidates the demo seeded, and the only ones it acts for.</summary>
    public static readonly IReadOnlyList<string> Seeded = [.. Enumerable.Range(1, 2000).Select(i => $"C{i:0000}")];
    private static readonly HashSet<string> SeededSet = [.. Seeded];

    /// <summary>The pieces F001…F005 ask for; the cover letter is mandatory.</summary>
    public static readonly IReadOnlyList<RequiredPiece> AskedPieces = [new("cover-letter", Mandatory: true), new("recommendation", Mandatory: false)];

    private readonly Random random = new(2025);
    // The year's later steps draw from their own sequence, so the applications and rankings stay what they were.
    private readonly Random later = new(2026);

    /// <summary>Share of the pending offers answered each second.</summary>
    public double AnswerRate { get; init; } = 0.02;

    /// <summary>Where the year starts: a week before applications close (the default: newcomers search and apply), or just before the opening round.</summary>
    public DemoStart Start { get; init; } = DemoStart.Applications;

    // The formations the simulated candidates act on: the 50 of the seed and any a newcomer applied to.
    private HashSet<string> active = [];

    public async Task RunAsync(TimeSpan tick, CancellationToken stopping)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(Year);
        var calendar = new CampaignCalendar(Year);
        if ((await campaign.GetView()).Formations == 0) await SeedAsync(campaign, calendar);
        else
        {
            active = [.. (await campaign.GetFormations()).Where(f => f.Id.StartsWith('F')).Select(f => f.Id)];
            logger.LogInformation("Demo campaign {Year} found in storage: going on from where it was", Year);
        }
        var now = (await campaign.GetView()).Now;
        await platform.AnnounceAsync(DemoState.Ready, Ready(now, calendar));
        logger.LogInformation("Demo campaign {Year} ready, clock at {Now}: {Message} Log in as a candidate C0001 … C2000, an establishment ({Establishments}), "
            + "an operator (any name), or a rector's office (an academic region, e.g. Occitanie)", Year, CampaignCalendar.Format(now), Ready(now, calendar), string.Join(" · ", Establishments));

        var nextTick = DateTimeOffset.UtcNow + tick;
        while (!stopping.IsCancellationRequested)
        {
            var view = await campaign.GetView();
            if (view.Now > calendar.CampaignEnd)
            {
                logger.LogInformation("Demo campaign {Year}: the year is over, clock stays at {Now}", Year, view.Now);
                return;
            }
            try
            {
                if (calendar.AcceptsApplications(view.Now))
                {
                    // Applications are open: the clock waits for the operator (« Clore les candidatures »), so a newcomer
                    // has all the time they need to search and apply.
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, CancellationToken.None);
                    continue;
                }
                if (!prepared)
                {
                    await PrepareAdmissionAsync(campaign, calendar);
                    continue; // the clock has moved to just before the opening round: read it again
                }
                await AnswerSomeOffersAsync(campaign, view.Now, calendar);
                await ActForThePhaseAsync(campaign, view.Now, calendar);
                if (DateTimeOffset.UtcNow >= nextTick)
                {
                    nextTick = DateTimeOffset.UtcNow + tick;
                    // One hour per tick through the main phase, where the pages move most; six afterwards.
                    var next = view.Now.AddHours(view.Now < calendar.ComplementaryOpens ? 1 : 6);
                    await campaign.AdvanceClock(next);
                    logger.LogInformation("Demo clock at {Now} ({Phase})", CampaignCalendar.Format(next), calendar.PhaseAt(next));
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Demo step failed; going on");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    // Each step of the later year is done once per run (a restarted demo repeats it harmlessly: the engine refuses repeats).
    private bool prepared, openedComplementary, ranked, rankedComplementary;

    /// <summary>
    /// The complementary phase, simulated: formations with places left open some (17 June); candidates without a
    /// definitive acceptance apply to one and rank what they have — nine in ten, the others lose it all on 24 June; the
    /// establishments rank their new applicants (24 June).
    /// </summary>
    private async Task ActForThePhaseAsync(ICampaignGrain campaign, DateTimeOffset now, CampaignCalendar calendar)
    {
        if (!openedComplementary && now >= calendar.ComplementaryOpens && now <= calendar.ComplementaryApplicationsClose)
        {
            openedComplementary = true;
            var opened = new List<string>();
            foreach (var id in active.Order(StringComparer.Ordinal))
            {
                var stats = await grains.GetGrain<IFormationGrain>(id).GetStats();
                var free = stats.Capacity - stats.AcceptedProvisional - stats.AcceptedDefinitive;
                if (free > 0 && (await grains.GetGrain<IFormationGrain>(id).OpenComplementary(Math.Min(free, 5))).Succeeded) opened.Add(id);
            }
            await SettleAsync();
            logger.LogInformation("Demo: {Count} formations opened complementary places", opened.Count);
            await ApplyAndRankAsync(opened);
        }
        if (!rankedComplementary && calendar.AcceptsComplementaryRankings(now))
        {
            rankedComplementary = true;
            foreach (var id in active.Order(StringComparer.Ordinal))
            {
                var fresh = (await grains.GetGrain<IFormationGrain>(id).GetSnapshot()).Applications.Where(a => a.Status == ApplicationStatus.Submitted).Select(a => a.CandidateId).ToList();
                if (fresh.Count > 0) await grains.GetGrain<IFormationGrain>(id).Rank([.. fresh.OrderBy(_ => later.Next())], []);
            }
            logger.LogInformation("Demo: the complementary applications are ranked; they are answered from 8 July");
        }
    }

    private async Task ApplyAndRankAsync(IReadOnlyList<string> opened)
    {
        if (ranked || opened.Count == 0) return;
        ranked = true;
        var preferences = 0;
        await Parallel.ForEachAsync(Seeded, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            var views = await candidate.GetApplications();
            if (views.Any(v => v.Status == ApplicationStatus.AcceptedDefinitive)) return;
            int draw, target;
            lock (later) { draw = later.Next(10); target = later.Next(opened.Count); }
            if (draw < 3) await candidate.Apply(opened[target]);
            if (draw == 9) return; // forgets to rank: loses the waitlists on 24 June
            views = await candidate.GetApplications();
            var remaining = PreferenceOrder.Rankable(views.Select(v => (v.FormationId, v.Status))).ToList();
            if (remaining.Count == 0) return;
            lock (later) remaining = [.. remaining.OrderBy(_ => later.Next())];
            if ((await candidate.RankPreferences(remaining)).Succeeded) Interlocked.Increment(ref preferences);
        });
        logger.LogInformation("Demo: {Count} candidates ranked their applications for the complementary phase", preferences);
    }

    private async Task SeedAsync(ICampaignGrain campaign, CampaignCalendar calendar)
    {
        logger.LogInformation("Seeding demo campaign {Year}: the national catalogue, 2,000 candidates applying to 50 of its formations", Year);
        await platform.AnnounceAsync(DemoState.Seeding, "La campagne de démonstration se prépare : le catalogue national puis 2 000 candidats qui candidatent.");
        await campaign.Configure(new CampaignSettings(OfferRelease.Daily, VirtualClock: true, VirtualStart: calendar.ApplicationOpens.AddHours(9)));
        var formations = new List<FormationInfo>();
        for (var i = 0; i < 50; i++)
        {
            var track = i % 10 == 9 ? Track.WorkStudy : Track.Classic;
            formations.Add(new FormationInfo($"F{i + 1:000}", Year, Establishments[i % Establishments.Length],
                Mentions[i / Establishments.Length % Mentions.Length], $"Parcours {i / 25 + 1}", track, random.Next(10, 41),
                i < Establishments.Length ? AskedPieces : null));
        }
        await PublishCatalogueAsync(campaign, formations);

        var candidates = Seeded;
        var wishes = candidates.ToDictionary(id => id, _ => formations.OrderBy(_ => random.Next()).Take(random.Next(3, 9)).ToList());
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            await candidate.Create(Year);
            foreach (var formation in wishes[id]) await candidate.Apply(formation.Id);
        });
        await SettleAsync();
        await UploadCoverLettersAsync(formations, wishes);
        if (Start == DemoStart.Admission)
        {
            await campaign.AdvanceClock(calendar.ApplicationCloses.AddSeconds(1));
            await PrepareAdmissionAsync(campaign, calendar);
            return;
        }
        var waiting = calendar.ApplicationCloses.AddSeconds(1).AddDays(-7).AddHours(9); // 18 March, 09:00
        await campaign.AdvanceClock(waiting);
        logger.LogInformation("Demo campaign {Year} seeded: clock at {Now}, applications open until {Close}; the operator closes them (« Clore les candidatures »), then the year runs on its own",
            Year, CampaignCalendar.Format(waiting), CampaignCalendar.Format(calendar.ApplicationCloses));
    }

    /// <summary>
    /// The national catalogue (about 8,100 formations, the demo's 50 among them with full sheets) goes to the catalogue's
    /// store, and every formation recruiting through the platform to the engine, so that anyone can apply to any of them.
    /// </summary>
    private async Task PublishCatalogueAsync(ICampaignGrain campaign, IReadOnlyList<FormationInfo> demo)
    {
        var started = DateTimeOffset.UtcNow;
        var national = CatalogueGenerator.Generate(Geography.National(), Year, demo);
        // Through the operators' catalogue load, as the ministry's import would: stored, searchable, open to applications.
        await platform.LoadCatalogueAsync(national);
        var engine = national.Where(f => f.ViaPlatform).ToList();
        logger.LogInformation("Demo catalogue: {Count} formations ({Places} places) published in {Seconds:0.0} s, {Engine} of them recruiting through the platform",
            national.Count, national.Sum(f => f.Capacity), (DateTimeOffset.UtcNow - started).TotalSeconds, engine.Count);
        active = [.. demo.Select(f => f.Id)];
    }

    /// <summary>
    /// After the close of applications: the establishments rank every formation that has applicants (the demo's and any
    /// a newcomer applied to), the work-study ones answer and see contracts, and the clock goes to just before 2 June.
    /// </summary>
    private async Task PrepareAdmissionAsync(ICampaignGrain campaign, CampaignCalendar calendar)
    {
        prepared = true;
        var ids = await campaign.GetFormationIds();
        var withApplicants = new List<FormationInfo>();
        foreach (var chunk in ids.Chunk(256))
        {
            var stats = await Task.WhenAll(chunk.Select(id => grains.GetGrain<IFormationGrain>(id).GetStats()));
            var infos = await Task.WhenAll(stats.Where(s => s.Applicants > 0 || s.Waitlist > 0).Select(s => grains.GetGrain<IFormationGrain>(s.FormationId).GetInfo()));
            withApplicants.AddRange(infos.OfType<FormationInfo>());
        }
        active = [.. withApplicants.Select(f => f.Id)];
        var view = await campaign.GetView();
        if (view.Now < calendar.OpeningRound.AddMinutes(-30))
        {
            if (view.Now < calendar.RankingOpens.AddDays(20)) await campaign.AdvanceClock(calendar.RankingOpens.AddDays(20));
            foreach (var formation in withApplicants.OrderBy(f => f.Id, StringComparer.Ordinal))
            {
                var snapshot = (await grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot()).Applications;
                if (snapshot.Any(a => a.Status is not (ApplicationStatus.Submitted or ApplicationStatus.Incomplete))) continue; // ranked already (a restarted demo)
                var applicants = snapshot.Select(a => a.CandidateId).ToList();
                var ranked = applicants.Where(_ => random.Next(10) > 0).OrderBy(_ => random.Next()).ToList();
                // An incomplete file was never transmitted: the establishment neither ranks it nor answers it.
                var incomplete = snapshot.Where(a => a.Status == ApplicationStatus.Incomplete).Select(a => a.CandidateId).ToHashSet();
                ranked.RemoveAll(incomplete.Contains);
                if (formation.Track == Track.WorkStudy) await AnswerWorkStudyAsync(formation, applicants.Except(incomplete));
                await grains.GetGrain<IFormationGrain>(formation.Id).Rank(ranked, [.. applicants.Except(ranked).Except(incomplete)]);
            }
            await campaign.AdvanceClock(calendar.WorkStudyAnswersPublished.AddDays(8).AddHours(10));
            await FileContractsAsync(withApplicants.Where(f => f.Track == Track.WorkStudy));
            await SettleAsync();
            await campaign.AdvanceClock(calendar.OpeningRound.AddMinutes(-30));
        }
        logger.LogInformation("Demo campaign {Year}: {Count} formations with applicants ranked; clock at {Now}, the opening round is next",
            Year, withApplicants.Count, CampaignCalendar.Format(calendar.OpeningRound.AddMinutes(-30)));
    }

    /// <summary>Before the close: most applicants of F001…F005 upload the mandatory cover letter; one in eight never does.</summary>
    private async Task UploadCoverLettersAsync(IReadOnlyList<FormationInfo> formations, Dictionary<string, List<FormationInfo>> wishes)
    {
        var asking = formations.Where(f => f.MandatoryPieces.Any()).Select(f => f.Id).ToHashSet();
        var uploading = wishes.Where(w => w.Value.Any(f => asking.Contains(f.Id))).Select(w => w.Key).Order(StringComparer.Ordinal)
            .Where(_ => later.Next(8) > 0).ToList();
        await Parallel.ForEachAsync(uploading, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            // The upload route stores the file and tells the engine the file holds it, as for a person's upload.
            await platform.UploadPieceAsync(id, "cover-letter");
        });
        await SettleAsync();
        logger.LogInformation("Demo: {Uploaded} candidates uploaded their cover letter; the others' applications to F001…F005 will be incomplete", uploading.Count);
    }

    /// <summary>April: a work-study formation puts four applicants in five in contract search and does not retain the others.</summary>
    private async Task AnswerWorkStudyAsync(FormationInfo formation, IEnumerable<string> applicants)
    {
        var grain = grains.GetGrain<IFormationGrain>(formation.Id);
        foreach (var id in applicants.Order(StringComparer.Ordinal))
        {
            var result = await grain.AnswerWorkStudy(id, contractSearch: later.Next(5) > 0);
            if (!result.Succeeded) logger.LogWarning("Demo answer of {Formation} to {Candidate} refused: {Error}", formation.Id, id, result.Error);
        }
    }

    /// <summary>
    /// May: three candidates in contract search in five file a contract; the establishment has validated half of them,
    /// refused one in ten, and still has the others to decide (the establishment page's « Valider » / « Refuser »).
    /// </summary>
    private async Task FileContractsAsync(IEnumerable<FormationInfo> workStudy)
    {
        int filed = 0, validated = 0, refused = 0;
        foreach (var formation in workStudy)
        {
            var grain = grains.GetGrain<IFormationGrain>(formation.Id);
            var searching = (await grain.GetSnapshot()).Applications.Where(a => a.Status == ApplicationStatus.ContractSearch).Select(a => a.CandidateId).Order(StringComparer.Ordinal).ToList();
            foreach (var id in searching.Where(_ => later.Next(5) < 3))
            {
                // Through the candidate's upload route: the engine takes the contract first, then its file is kept.
                if (!await platform.UploadContractAsync(id, formation.Id)) continue;
                filed++;
                var decision = later.Next(10);
                if (decision < 5 && (await grain.DecideContract(id, validate: true)).Succeeded) validated++;
                else if (decision == 5 && (await grain.DecideContract(id, validate: false)).Succeeded) refused++;
            }
        }
        logger.LogInformation("Demo: {Filed} work-study contracts filed, {Validated} validated, {Refused} refused, the rest waiting", filed, validated, refused);
    }

    /// <summary>Simulated candidates: a few of the pending offers get an answer (read from the formations, the reference).</summary>
    private async Task AnswerSomeOffersAsync(ICampaignGrain campaign, DateTimeOffset now, CampaignCalendar calendar)
    {
        var snapshots = await Task.WhenAll(active.Select(id => grains.GetGrain<IFormationGrain>(id).GetSnapshot()));
        var offers = Answerable(snapshots.SelectMany(s => s.Applications), now);
        if (offers.Count == 0) return;
        var answering = offers.OrderBy(_ => random.Next()).Take(Math.Max(1, (int)(offers.Count * AnswerRate))).ToList();
        // From 18 July (withdrawals) an offer is accepted definitively or refused: no provisional acceptance.
        var provisional = calendar.AcceptsProvisional(now);
        await Parallel.ForEachAsync(answering, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (offer, _) =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(offer.CandidateId);
            var result = Random.Shared.Next(10) switch
            {
                < 4 when provisional => await candidate.Accept(offer.FormationId, AcceptMode.Provisional, null),
                < 7 => await candidate.Accept(offer.FormationId, AcceptMode.Definitive, null),
                _ => await candidate.Refuse(offer.FormationId),
            };
            if (!result.Succeeded) logger.LogDebug("Simulated answer of {Candidate} at {Formation} refused: {Error}", offer.CandidateId, offer.FormationId, result.Error);
        });
    }

    /// <summary>The offers the simulation may answer: pending, before their deadline, and held by a candidate it seeded.</summary>
    public static List<ApplicationView> Answerable(IEnumerable<ApplicationView> applications, DateTimeOffset now) =>
        [.. applications.Where(a => a.Status == ApplicationStatus.Offer && a.Deadline >= now && SeededSet.Contains(a.CandidateId))];

    /// <summary>
    /// Waits until every message the demo's actions caused has been delivered: as a client it cannot see a silo's
    /// queues, so it reads the senders' undelivered counts (its candidates and its formations) until they are all zero.
    /// </summary>
    private async Task SettleAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        while (true)
        {
            var candidates = await Task.WhenAll(Seeded.Select(id => grains.GetGrain<ICandidateGrain>(id).GetSnapshot()));
            var formations = await Task.WhenAll(active.Select(id => grains.GetGrain<IFormationGrain>(id).GetSnapshot()));
            var undelivered = candidates.Sum(c => c.UndeliveredMessages) + formations.Sum(f => f.UndeliveredMessages);
            if (undelivered == 0) return;
            if (DateTimeOffset.UtcNow > deadline)
            {
                logger.LogWarning("Demo: {Count} messages still undelivered after 5 minutes; going on", undelivered);
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    // The pages say the dates in French; the log line keeps the ISO instant.
    private static string Ready(DateTimeOffset now, CampaignCalendar calendar) => calendar.AcceptsApplications(now)
        ? "La campagne de démonstration est prête : les candidatures sont ouvertes, cherchez un master et candidatez."
        : "La campagne de démonstration est prête : l'année se déroule d'elle-même.";
}

public enum DemoStart { Applications, Admission }

public enum DemoState { Seeding, Ready }

/// <summary>The platform as the demo reaches it besides the grains: its public API, as the people it simulates would.</summary>
public interface IDemoPlatform
{
    /// <summary>Loads the national catalogue through the operators' route (stored, searchable, open to applications).</summary>
    Task LoadCatalogueAsync(IReadOnlyList<CatalogueFormation> formations);

    /// <summary>Uploads a piece as the candidate would (the route stores it and tells the engine).</summary>
    Task UploadPieceAsync(string candidateId, string kind);

    /// <summary>Uploads a work-study contract as the candidate would; false when the engine refuses it.</summary>
    Task<bool> UploadContractAsync(string candidateId, string formationId);

    /// <summary>Tells the API nodes where the demo stands, for the home page.</summary>
    Task AnnounceAsync(DemoState state, string message);
}
