using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Grains.State;
using Orleans.Configuration;
using Orleans.Storage;
using Serilog.Events;

using MonMaster.Hosting;

namespace MonMaster.Bench.Engine;

public static partial class Benchmarks
{
    private sealed record EngineOptions(double Scale, int Answers, int Seed, int Concurrency, int Workers, TimeSpan AnswerLimit, TimeSpan WaitLimit);

    /// <summary>One storage kind's run: a fresh silo, the campaign seeded and ranked, the opening round, then answers.</summary>
    private sealed class EngineRun(EngineOptions options, SyntheticCampaign campaign, StorageKind kind, string? connection)
    {
        private static readonly DateTimeOffset RankingTime = new(2025, 5, 1, 9, 0, 0, TimeSpan.FromHours(2));
        private readonly StorageMeter meter = new();
        private readonly OfferTracker tracker = new();
        private string Name => kind == StorageKind.Postgres ? "postgres" : "memory";

        public async Task<string> RunAsync()
        {
            Out($"\n== engine, {Name} storage ==");
            var decorated = false;
            var host = await MonMasterHost.StartAsync(MonMasterHost.Isolated(kind, connection), LogEventLevel.Warning, services =>
            {
                decorated = TimedGrainStorage.Decorate(services, Storage.Name, meter) & TimedAdmissionStore.Decorate(services, meter);
                // Every grain stays active for the whole run, so that memory per active grain means what it says.
                services.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(12));
            });
            try
            {
                return await RunAsync(host, decorated);
            }
            finally
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try { await host.StopAsync(stopping.Token); }
                catch (Exception e) when (e is OperationCanceledException or TimeoutException) { Out("  (silo stop cut short after 30 s)"); }
                host.Dispose();
            }
        }

        private async Task<string> RunAsync(IHost host, bool decorated)
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var deliveries = host.Services.GetRequiredService<Deliveries>();
            using var subscription = host.Services.GetRequiredService<AdmissionEvents>().Subscribe(tracker.On);
            await using var probe = new Probe(meter, deliveries, kind == StorageKind.Postgres ? connection : null);
            if (!decorated) Out("  (grain storage not found for timing: storage figures below are missing)");
            var campaignGrain = grains.GetGrain<ICampaignGrain>(SyntheticCampaign.Year);
            var grainCount = campaign.Candidates.Length + campaign.Formations.Length;
            var warningsBefore = Logging.Warnings;
            var (heapBefore, workingSetBefore) = Memory();

            // Seeding: the campaign on a virtual clock in the ranking window, formations, candidates and applications.
            var seedMark = probe.Start();
            await campaignGrain.Configure(new CampaignSettings(OfferRelease.Immediate, VirtualClock: true, VirtualStart: RankingTime));
            var steps = new List<string>();
            var step = Stopwatch.GetTimestamp();
            await ForEach(campaign.Formations.Chunk(500).ToArray(), 1, "formations added", chunk => campaignGrain.AddFormations(chunk));
            steps.Add(Step("formations added (AddFormations)", ref step));
            await Task.WhenAll(
                ForEach(Indices(campaign.Formations.Length), options.Concurrency / 2, "formations imported", f =>
                    grains.GetGrain<IFormationGrain>(campaign.Formations[f].Id).ImportApplicants([.. campaign.ApplicantsOf[f].Select(c => campaign.Candidates[c])])),
                ForEach(Indices(campaign.Candidates.Length), options.Concurrency / 2, "candidates imported", c =>
                    grains.GetGrain<ICandidateGrain>(campaign.Candidates[c]).Import(SyntheticCampaign.Year, [.. campaign.ApplicationsOf[c].Select(f => campaign.Formations[f])])));
            steps.Add(Step("candidates and applicants imported (Import, ImportApplicants)", ref step));
            var seedEnd = probe.Take();
            var seedSeconds = Seconds(seedMark.At, seedEnd.At);
            Out($"  seeding          {seedSeconds,8:F1} s   via the grains' Import/ImportApplicants{TakeFailures()}");
            foreach (var s in steps) Out($"      {s}");
            Out($"      {probe.Describe(seedMark, seedEnd)}");

            // Ranking: each formation ranks its applicants (merit + noise), the bottom ones not retained.
            var rankMark = probe.Start();
            var rankErrors = new ConcurrentDictionary<string, int>();
            await ForEach(Indices(campaign.Formations.Length), options.Concurrency, "formations ranked", async f =>
            {
                var (ranked, notRetained) = campaign.RankingOf(f);
                var result = await grains.GetGrain<IFormationGrain>(campaign.Formations[f].Id).Rank(ranked, notRetained);
                if (result.Code is { } error) rankErrors.AddOrUpdate(error, 1, (_, n) => n + 1);
            });
            var rankEnd = probe.Take();
            var rankSeconds = Seconds(rankMark.At, rankEnd.At);
            Out($"  ranking          {rankSeconds,8:F1} s   {campaign.Formations.Length:N0} rankings{Errors(rankErrors)}{TakeFailures()}");
            Out($"      {probe.Describe(rankMark, rankEnd)}");

            var (heapActive, workingSetActive) = Memory();
            var activations = await Activations(grains);
            Out($"  memory, all grains active: heap +{Size(heapActive - heapBefore)}, working set +{Size(workingSetActive - workingSetBefore)}"
                + $" for {grainCount:N0} grains → {(heapActive - heapBefore) / 1024.0 / grainCount:F1} KB heap, {(workingSetActive - workingSetBefore) / 1024.0 / grainCount:F1} KB working set per grain; activations {activations}");

            // The opening round: every first offer made and persisted by the formations, then by the candidates.
            var openMark = probe.Start();
            var offersBefore = tracker.OffersMade;
            var opening = new CampaignCalendar(SyntheticCampaign.Year).OpeningRound;
            await AdvanceClock(campaignGrain, opening);
            var roundDone = Stopwatch.GetTimestamp();
            var settled = await Settle(deliveries);
            var openEnd = probe.Take();
            var openSeconds = Seconds(openMark.At, openEnd.At);
            var offers = tracker.OffersMade - offersBefore;
            var counters = await Counters(grains);
            // Independently of the grains: a classic formation offers min(capacity, ranked) places on 2 June; work-study waits.
            var expectedOffers = Enumerable.Range(0, campaign.Formations.Length).Where(f => campaign.Formations[f].Track == Track.Classic)
                .Sum(f => Math.Min(campaign.Formations[f].Capacity, campaign.RankingOf(f).Ranked.Count));
            Out($"      offers counted by the formations {offers:N0}, by Σ min(capacity, ranked) over classic formations {expectedOffers:N0}: {(offers == expectedOffers ? "equal" : "DIFFERENT")}");
            Out($"  opening round    {openSeconds,8:F1} s   {offers:N0} offers ({counters}){(settled ? "" : $" — NOT SETTLED: {deliveries.Pending:N0} messages undelivered after {options.WaitLimit.TotalMinutes:F0} min")}");
            Out($"      formations' round (AdvanceClock) {Seconds(openMark.At, roundDone):F1} s, then offers delivered to and persisted by candidates {Seconds(roundDone, openEnd.At):F1} s");
            Out($"      {probe.Describe(openMark, openEnd)}");
            var (heapOpen, workingSetOpen) = Memory();
            Out($"  memory after the opening round: {(heapOpen - heapBefore) / 1024.0 / grainCount:F1} KB heap, {(workingSetOpen - workingSetBefore) / 1024.0 / grainCount:F1} KB working set per grain");

            // Answers: simulated candidates answer pending offers; each answer's cascade runs at once (immediate release).
            var answers = await Answer(grains, deliveries, probe);
            var bySize = await AnswersBySize(grains, deliveries);

            var summary = string.Create(CultureInfo.InvariantCulture,
                $"engine {Name}: formations={campaign.Formations.Length} places={campaign.Places} candidates={campaign.Candidates.Length} applications={campaign.Applications}"
                + $" seed={seedSeconds:F1}s rank={rankSeconds:F1}s opening-round={openSeconds:F1}s{(settled ? "" : "(unsettled)")} offers={offers} expected-offers={expectedOffers}"
                + $" answers={answers.Count} answers/s={answers.AckRate:F0} (ack) answers/s={answers.SettledRate:F0} (settled{(answers.Settled ? "" : ", NOT settled")})"
                + $"{bySize}"
                + $" warnings={Logging.Warnings - warningsBefore}"
                + $" memory/grain={(heapActive - heapBefore) / 1024.0 / grainCount:F1}KB (heap) {(workingSetActive - workingSetBefore) / 1024.0 / grainCount:F1}KB (working set)");
            return summary;
        }

        private sealed record AnswerFigures(int Count, double AckRate, double SettledRate, bool Settled);

        private async Task<AnswerFigures> Answer(IGrainFactory grains, Deliveries deliveries, Probe probe)
        {
            var target = options.Answers;
            var random = new Random(options.Seed);
            var pool = new ConcurrentQueue<(string Candidate, string Formation)>(tracker.LiveOffers().OrderBy(o => o.Candidate, StringComparer.Ordinal).ThenBy(o => o.Formation, StringComparer.Ordinal).OrderBy(_ => random.Next()));
            tracker.Fresh = pool;
            var errors = new ConcurrentDictionary<string, int>();
            var kinds = new long[3];
            long claimed = 0, acknowledged = 0, inFlight = 0, lastAck = 0, retried = 0, stale = 0;
            var dry = false;
            var latencies = new ConcurrentBag<double[]>();
            var offersBefore = tracker.OffersMade;
            var writesBefore = kind != StorageKind.Postgres || connection is null ? null : await MonMaster.Postgres.PostgresWrites.ReadAsync(connection);
            var mark = probe.Start();
            var started = mark.At;
            var limit = Stopwatch.GetTimestamp() + (long)(options.AnswerLimit.TotalSeconds * Stopwatch.Frequency);
            // Offers the formation made but the candidate has not received yet wait a little before being tried again.
            var later = new ConcurrentQueue<((string Candidate, string Formation) Offer, long Due)>();
            var attempts = new ConcurrentDictionary<(string Candidate, string Formation), int>();
            using var answering = new CancellationTokenSource();
            var pump = Task.Run(async () =>
            {
                while (!answering.IsCancellationRequested)
                {
                    var now = Stopwatch.GetTimestamp();
                    for (var n = later.Count; n > 0 && later.TryDequeue(out var item); n--)
                        if (item.Due <= now) pool.Enqueue(item.Offer); else later.Enqueue(item);
                    await Task.Delay(10);
                }
            });

            async Task Worker(int index)
            {
                var choice = new Random(HashCode.Combine(options.Seed, index));
                var mine = new List<double>();
                while (Stopwatch.GetTimestamp() < limit && Interlocked.Read(ref claimed) < target)
                {
                    if (!pool.TryDequeue(out var offer))
                    {
                        if (Interlocked.Read(ref inFlight) == 0 && deliveries.Pending == 0 && pool.IsEmpty && later.IsEmpty) { dry = true; break; }
                        await Task.Delay(5);
                        continue;
                    }
                    if (!tracker.IsLive(offer)) { Interlocked.Increment(ref stale); continue; }
                    if (Interlocked.Increment(ref claimed) > target) { Interlocked.Decrement(ref claimed); break; }
                    Interlocked.Increment(ref inFlight);
                    var roll = choice.NextDouble();
                    var answer = roll < 0.4 ? 0 : roll < 0.7 ? 1 : 2;
                    var t0 = Stopwatch.GetTimestamp();
                    string? error;
                    try
                    {
                        var candidate = grains.GetGrain<ICandidateGrain>(offer.Candidate);
                        var result = answer switch
                        {
                            0 => await candidate.Accept(offer.Formation, AcceptMode.Provisional, null),
                            1 => await candidate.Accept(offer.Formation, AcceptMode.Definitive, null),
                            _ => await candidate.Refuse(offer.Formation),
                        };
                        error = result.Code;
                    }
                    catch (Exception e)
                    {
                        error = e.GetType().Name;
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                    var t1 = Stopwatch.GetTimestamp();
                    if (error is null)
                    {
                        Interlocked.Increment(ref acknowledged);
                        Interlocked.Increment(ref kinds[answer]);
                        InterlockedMax(ref lastAck, t1);
                        mine.Add(Seconds(t0, t1) * 1000);
                        continue;
                    }
                    Interlocked.Decrement(ref claimed);
                    if (error == "no-offer" && tracker.IsLive(offer))
                    {
                        // The formation made the offer but the candidate has not received it yet: try again later (50 ms, doubling up to 2 s).
                        Interlocked.Increment(ref retried);
                        var attempt = attempts.AddOrUpdate(offer, 1, (_, n) => n + 1);
                        later.Enqueue((offer, Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20 * (1L << Math.Min(attempt - 1, 5))));
                        continue;
                    }
                    errors.AddOrUpdate(error == "no-offer" ? "no-offer (released meanwhile)" : error, 1, (_, n) => n + 1);
                }
                latencies.Add([.. mine]);
            }

            await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => Worker(i))));
            var answered = Stopwatch.GetTimestamp();
            tracker.Fresh = null;
            await answering.CancelAsync();
            await pump;
            var settled = await Settle(deliveries);
            var end = probe.Take();
            var count = (int)Interlocked.Read(ref acknowledged);
            var ackSeconds = Seconds(started, count > 0 ? Interlocked.Read(ref lastAck) : answered);
            var settledSeconds = Seconds(started, end.At);
            var sorted = latencies.SelectMany(l => l).Order().ToArray();
            var stop = count >= target ? "target reached" : dry ? "no pending offer left" : $"time limit ({options.AnswerLimit.TotalSeconds:F0} s) reached";
            Out($"  answers          {count:N0} by {options.Workers} concurrent candidates ({stop}): {kinds[0]:N0} accepted provisionally, {kinds[1]:N0} definitively, {kinds[2]:N0} refused{Errors(errors)}");
            Out($"      acknowledged  {ackSeconds,8:F1} s → {count / Math.Max(ackSeconds, 1e-3),8:F0} answers/s   (answer latency p50 {Percentile(sorted, 0.5):F1} ms, p95 {Percentile(sorted, 0.95):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms)");
            Out($"      cascades settled {settledSeconds,5:F1} s → {count / Math.Max(settledSeconds, 1e-3),8:F0} answers/s including cascades{(settled ? "" : $" — NOT SETTLED: {deliveries.Pending:N0} undelivered after {options.WaitLimit.TotalMinutes:F0} min")}");
            Out($"      cascades made {tracker.OffersMade - offersBefore:N0} new offers; {retried:N0} answers retried later (offer not yet delivered to the candidate, or already released by it), {stale:N0} picked offers already gone; pending offers left {tracker.Live:N0}");
            Out($"      per answer: {PerAnswer(mark.Storage, end.Storage, count)}");
            if (writesBefore is not null && count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // backends publish their row counts within a second
                var written = (await MonMaster.Postgres.PostgresWrites.ReadAsync(connection!)).Minus(writesBefore);
                Out($"      written per answer (pg_stat_wal, pg_stat_database): {Size((double)written.WalBytes / count)} of WAL in {(double)written.WalRecords / count:F0} records, {(double)written.WalFullPages / count:F1} full-page images; "
                    + $"rows {(double)written.RowsInserted / count:F1} inserted, {(double)written.RowsUpdated / count:F1} updated, {(double)written.RowsDeleted / count:F1} deleted");
            }
            Out($"      {probe.Describe(mark, end)}");
            return new AnswerFigures(count, count / Math.Max(ackSeconds, 1e-3), count / Math.Max(settledSeconds, 1e-3), settled);
        }

        /// <summary>
        /// WAL per answer by the size of the answered formation (~50, ~500, ~5,000 applicants): batches of answers, each
        /// batch in formations of one size only, with its cascades settled before PostgreSQL's counters are read.
        /// </summary>
        private async Task<string> AnswersBySize(IGrainFactory grains, Deliveries deliveries)
        {
            if (kind != StorageKind.Postgres || connection is null) return "";
            var sizes = campaign.Formations.Select((f, i) => (f.Id, Size: campaign.ApplicantsOf[i].Length)).ToDictionary(x => x.Id, x => x.Size);
            var text = new StringBuilder();
            foreach (var (label, low, high) in new[] { ("~50", 25, 100), ("~500", 350, 700), ("~5000", 3_000, int.MaxValue) })
            {
                var offers = tracker.LiveOffers().Where(o => sizes.TryGetValue(o.Formation, out var n) && n >= low && n <= high)
                    .OrderBy(o => o.Candidate, StringComparer.Ordinal).Take(300).ToList();
                if (offers.Count == 0) { Out($"  WAL by formation size {label}: no pending offer in formations of {low}–{high} applicants"); continue; }
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                var before = await MonMaster.Postgres.PostgresWrites.ReadAsync(connection);
                var done = 0;
                await Parallel.ForEachAsync(offers, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (offer, _) =>
                {
                    var candidate = grains.GetGrain<ICandidateGrain>(offer.Candidate);
                    var result = Interlocked.Increment(ref done) % 2 == 0 ? await candidate.Refuse(offer.Formation) : await candidate.Accept(offer.Formation, AcceptMode.Provisional, null);
                    if (!result.Succeeded) Interlocked.Decrement(ref done);
                });
                await Settle(deliveries);
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // backends publish their row counts within a second
                var written = (await MonMaster.Postgres.PostgresWrites.ReadAsync(connection)).Minus(before);
                var count = Math.Max(1, Volatile.Read(ref done));
                Out($"  WAL by formation size {label} ({low}–{(high == int.MaxValue ? "" : high)} applicants): {count} answers (half refused, half accepted provisionally), "
                    + $"{Size((double)written.WalBytes / count)} of WAL in {(double)written.WalRecords / count:F0} records ({(double)written.WalFullPages / count:F1} full-page images) per answer; rows {(double)written.RowsInserted / count:F1} inserted, {(double)written.RowsUpdated / count:F1} updated, {(double)written.RowsDeleted / count:F1} deleted");
                text.Append(CultureInfo.InvariantCulture, $" wal/answer{label}={written.WalBytes / 1024.0 / count:F1}KB fpi/answer{label}={(double)written.WalFullPages / count:F1}");
            }
            return text.ToString();
        }

        private static string PerAnswer(StorageMeter.Snapshot before, StorageMeter.Snapshot after, int answers)
        {
            if (answers == 0) return "no answer";
            return string.Join(", ", after.ByState.OrderBy(p => p.Key).Select(p =>
            {
                var b = before.ByState.GetValueOrDefault(p.Key) ?? new StorageMeter.Counters();
                var writes = p.Value.Writes - b.Writes;
                var samples = p.Value.Samples - b.Samples;
                var bytes = samples > 0 ? (double)(p.Value.SampledBytes - b.SampledBytes) / samples * writes / answers : 0;
                return writes == 0 ? null : $"{(double)writes / answers:F1} {p.Key} writes (~{Size(bytes)})";
            }).OfType<string>());
        }

        /// <summary>
        /// Moves the campaign's clock. A national round can outlive the silo's response timeout (60 s): the call is
        /// then sent again, as an operator would; it queues behind the running one and either finds the work done
        /// or, if the first one failed, runs the round again (a round is idempotent).
        /// </summary>
        private async Task AdvanceClock(ICampaignGrain campaignGrain, DateTimeOffset to)
        {
            var limit = Stopwatch.GetTimestamp() + (long)(options.WaitLimit.TotalSeconds * Stopwatch.Frequency);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await campaignGrain.AdvanceClock(to);
                    return;
                }
                catch (Exception e)
                {
                    var again = Stopwatch.GetTimestamp() < limit;
                    Out($"      (AdvanceClock attempt {attempt} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}; {(again ? "calling it again" : "giving up")})");
                    if (!again) return;
                    if (e is not TimeoutException) await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }

        private async Task<bool> Settle(Deliveries deliveries)
        {
            var idle = deliveries.WhenIdle();
            return await Task.WhenAny(idle, Task.Delay(options.WaitLimit)) == idle;
        }

        /// <summary>
        /// Runs <paramref name="action"/> on every item, at most <paramref name="concurrency"/> at a time, telling
        /// progress on stderr. A failed item is tried up to three times; what still fails is counted, not thrown.
        /// </summary>
        private ConcurrentDictionary<string, int> Failures { get; } = new();

        private async Task ForEach<T>(IReadOnlyCollection<T> items, int concurrency, string what, Func<T, Task> action)
        {
            long done = 0;
            using var progress = new Timer(_ => Console.Error.WriteLine($"    … {Interlocked.Read(ref done):N0}/{items.Count:N0} {what}"), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency) }, async (item, _) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await action(item);
                        break;
                    }
                    catch (Exception e)
                    {
                        Failures.AddOrUpdate($"{what}: {e.GetType().Name}{(attempt < 3 ? " (retried)" : " (gave up)")}", 1, (_, n) => n + 1);
                        if (attempt >= 3) break;
                    }
                }
                Interlocked.Increment(ref done);
            });
        }

        /// <summary>Failures counted since the last call, for the phase's report.</summary>
        private string TakeFailures()
        {
            var text = Errors(Failures);
            Failures.Clear();
            return text;
        }

        private async Task<string> Counters(IGrainFactory grains)
        {
            try
            {
                var stats = await Task.WhenAll(campaign.Formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetStats()));
                return $"{stats.Sum(s => s.PendingOffers):N0} pending in the formations' counters, {stats.Count(s => s.PendingOffers == s.Capacity):N0} formations full, {stats.Sum(s => s.Waitlist):N0} waitlisted";
            }
            catch (Exception e)
            {
                return $"formation counters unavailable: {e.GetType().Name}";
            }
        }

        private static int[] Indices(int count) => [.. Enumerable.Range(0, count)];

        private static async Task<string> Activations(IGrainFactory grains)
        {
            try
            {
                var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
                return string.Join(", ", statistics.GroupBy(s => s.GrainType)
                    .Select(g => (Type: g.Key, Count: g.Sum(s => s.ActivationCount)))
                    .OrderByDescending(g => g.Count).Select(g => $"{g.Type} {g.Count:N0}"));
            }
            catch (Exception e)
            {
                return $"unknown ({e.GetType().Name})";
            }
        }

        private static (long Heap, long WorkingSet) Memory()
        {
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            return (heap, process.WorkingSet64);
        }

        private static string Step(string what, ref long since)
        {
            var now = Stopwatch.GetTimestamp();
            var text = $"{Seconds(since, now),6:F1} s  {what}";
            since = now;
            return text;
        }

        private static string Errors(IReadOnlyDictionary<string, int> errors) =>
            errors.Count == 0 ? "" : "; errors: " + string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ×{e.Value:N0}"));

        private static void InterlockedMax(ref long target, long value)
        {
            long current;
            while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
        }
    }

    private static void Out(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>JSON size and serialization time of a formation's stored state after the opening round (pure, no grain).</summary>
    private static string StateSizes(SyntheticCampaign campaign)
    {
        var calendar = new CampaignCalendar(SyntheticCampaign.Year);
        var bySize = Enumerable.Range(0, campaign.Formations.Length).OrderBy(f => campaign.ApplicantsOf[f].Length).ToArray();
        string Measure(int f)
        {
            var book = new FormationBook { Info = campaign.Formations[f], ImmediateRelease = true };
            foreach (var c in campaign.ApplicantsOf[f]) book.Register(campaign.Candidates[c]);
            var (ranked, notRetained) = campaign.RankingOf(f);
            book.Rank(ranked, notRetained, calendar.RankingOpens.AddDays(1));
            book.RunRound(calendar.OpeningRound);
            var state = book;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(state, AdmissionJson.Options).Length;
            var watch = Stopwatch.StartNew();
            const int repeats = 5;
            for (var i = 0; i < repeats; i++) JsonSerializer.SerializeToUtf8Bytes(state, AdmissionJson.Options);
            return $"{campaign.ApplicantsOf[f].Length:N0} applicants → {Size(bytes)} ({watch.Elapsed.TotalMilliseconds / repeats:F2} ms to serialize)";
        }
        var file = new CandidateFile { Id = campaign.Candidates[0], Year = SyntheticCampaign.Year };
        var median = campaign.ApplicationsOf.Select(a => a.Length).Order().ElementAt(campaign.Candidates.Length / 2);
        var typical = Enumerable.Range(0, campaign.Candidates.Length).First(c => campaign.ApplicationsOf[c].Length == median);
        foreach (var f in campaign.ApplicationsOf[typical])
            file.Applications[campaign.Formations[f].Id] = new CandidateApplication { Formation = campaign.Formations[f] };
        return $"formation state after the opening round: median {Measure(bySize[bySize.Length / 2])}; largest {Measure(bySize[^1])}"
            + $"; candidate state ({median} applications): {Size(JsonSerializer.SerializeToUtf8Bytes(file, AdmissionJson.Options).Length)}";
    }
}
