using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonMaster.Admission;
using MonMaster.Grains;
using MonMaster.Tests.Infrastructure;
using Orleans.Configuration;
using Orleans.Serialization;
using Xunit.Abstractions;

using MonMaster.Tests.Engine;

namespace MonMaster.Tests.Durability;

/// <summary>
/// Two silo processes on one PostgreSQL database; a client fires a burst of concurrent answers (immediate
/// release, so every refusal or release cascades at once) and one silo is killed with SIGKILL in the middle.
/// Once the survivor has delivered every outbox, no acknowledged answer is lost and every invariant holds.
/// The survivor carries on alone; MONMASTER_KILL_REPLACEMENT=1 also starts a third silo right after the kill.
/// MONMASTER_KILL_SEED=n changes the campaign (the kill's timing varies from run to run anyway).
/// </summary>
[Collection("postgres")]
public sealed class SiloKillTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Year = 2025;
    private const int FormationCount = 15;
    private const int CandidateCount = 120;
    private const int MaxAnswers = 600;
    private const int KillAfterAnswers = 150;
    private static readonly DateTimeOffset ApplicationTime = new(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset RankingTime = new(2025, 5, 15, 10, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset OpeningRound = new(2025, 6, 2, 6, 0, 0, TimeSpan.FromHours(2));
    private static readonly TimeSpan ClockSyncLag = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan AnswersAfterKill = TimeSpan.FromSeconds(8);

    private sealed record Answer(string Candidate, string Formation, string Kind, int Attempts, bool AfterException, string? Error)
    {
        public TimeSpan At { get; init; }

        /// <summary>Taken: answered OK, or a retry after a failed attempt finds it already applied.</summary>
        public bool Acknowledged => Error is null || (AfterException && Error == "no-offer");
    }

    [Fact]
    public async Task A_silo_killed_during_a_burst_of_answers_loses_no_acknowledged_answer_and_keeps_every_invariant()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MONMASTER_KILL_SEED"), out var s) ? s : 2025;
        var replacement = Environment.GetEnvironmentVariable("MONMASTER_KILL_REPLACEMENT") == "1";
        var total = Stopwatch.StartNew();
        var id = Guid.NewGuid().ToString("N")[..12];
        var connection = await postgres.CreateDatabaseAsync($"kill_{id}");
        var clusterId = $"kill-{id}"; // fresh per run: stale rows of a killed silo never slow the next run
        var serviceId = $"kill-service-{id}";
        var silos = new List<SiloProcess>();
        IHost? client = null;
        try
        {
            // The first silo activates the campaign grain (its clock sync asks for it) before the second exists.
            silos.Add(SiloProcess.Start("silo-1", connection, clusterId, serviceId, Year));
            await silos[0].WaitActiveAsync(connection, clusterId, TimeSpan.FromSeconds(30));
            client = await StartClientAsync(connection, clusterId, serviceId);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var campaign = grains.GetGrain<ICampaignGrain>(Year);
            await campaign.Configure(new CampaignSettings(OfferRelease.Immediate, VirtualClock: true, VirtualStart: ApplicationTime));
            silos.Add(SiloProcess.Start("silo-2", connection, clusterId, serviceId, Year));
            await silos[1].WaitActiveAsync(connection, clusterId, TimeSpan.FromSeconds(30));
            await Task.Delay(ClockSyncLag * 2);
            var setupDone = total.Elapsed;

            var (formationIds, candidateIds) = await BuildCampaignAsync(grains, campaign, seed);
            var (formations, candidates) = await WaitQuietAsync(grains, formationIds, candidateIds, TimeSpan.FromSeconds(30));
            Consistency.Check(formations, candidates, offersFlow: true);
            var offersAtOpening = candidates.Sum(c => c.Applications.Count(a => a.State == AnswerState.Offer));
            var campaignDone = total.Elapsed;

            var victim = await PickVictimAsync(grains, silos);
            output.WriteLine($"seed {seed}; setup {setupDone.TotalSeconds:F1} s, campaign built {campaignDone.TotalSeconds:F1} s; " +
                             $"{offersAtOpening} offers after the opening round; killing {victim.Name}");

            // The burst: one worker per candidate, answers sequential per candidate, candidates concurrent.
            var fired = 0;
            var exceptions = 0;
            var killed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var declaredDead = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var firedAtKill = 0;
            var burst = Stopwatch.StartNew();
            var stopFiringTicks = (DateTime.UtcNow + TimeSpan.FromSeconds(20)).Ticks; // brought forward by the kill
            bool Firing() => DateTime.UtcNow.Ticks < Interlocked.Read(ref stopFiringTicks);
            var snapshotFailures = 0;
            var slowest = TimeSpan.Zero;
            var slow = 0;
            var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(75);
            var firstErrors = new ConcurrentQueue<string>();
            var answers = new List<Answer>[candidateIds.Count];

            async Task<CommandResult> Retrying(Func<Task<CommandResult>> call, Action onException)
            {
                while (true)
                {
                    try
                    {
                        return await call();
                    }
                    catch (Exception e) when (DateTime.UtcNow < giveUp)
                    {
                        onException();
                        Interlocked.Increment(ref exceptions);
                        if (firstErrors.Count < 5) firstErrors.Enqueue($"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
                        await Task.Delay(250);
                    }
                }
            }

            async Task Worker(int index)
            {
                var random = new Random(seed * 1000 + index);
                var candidate = grains.GetGrain<ICandidateGrain>(candidateIds[index]);
                var mine = answers[index] = [];
                CandidateSnapshot? fresh = null; // read since this candidate's last answer
                while (Firing() && Volatile.Read(ref fired) < MaxAnswers)
                {
                    CandidateSnapshot snapshot;
                    try
                    {
                        snapshot = fresh = await candidate.GetSnapshot();
                    }
                    catch (Exception) when (DateTime.UtcNow < giveUp)
                    {
                        Interlocked.Increment(ref snapshotFailures);
                        // Only this candidate's own answers change its offers: a read made since the last one is still
                        // good, so answer on it anyway — that is what sends answers to the dead silo's grains.
                        if (fresh is null)
                        {
                            await Task.Delay(200);
                            continue;
                        }
                        snapshot = fresh;
                    }
                    var offers = snapshot.Applications.Where(a => a.State == AnswerState.Offer).Select(a => a.FormationId).ToList();
                    var heldProvisional = snapshot.Applications.Any(a => a.FormationId == snapshot.Held && a.State == AnswerState.AcceptedProvisional);
                    string formation, kind;
                    if (offers.Count > 0)
                    {
                        formation = offers[random.Next(offers.Count)];
                        kind = random.Next(20) switch { < 9 => "refuse", < 19 => "accept-provisional", _ => "accept-definitive" };
                    }
                    else if (heldProvisional && random.Next(6) == 0)
                    {
                        // Mostly give the place back, so that places keep moving down the waitlists.
                        formation = snapshot.Held!;
                        kind = random.Next(7) == 0 ? "accept-definitive" : "refuse";
                    }
                    else
                    {
                        await Task.Delay(random.Next(100, 250));
                        continue;
                    }
                    if (Interlocked.Increment(ref fired) > MaxAnswers) break;
                    fresh = null;
                    var afterException = false;
                    var attempts = 0;
                    var started = Stopwatch.GetTimestamp();
                    var result = await Retrying(() =>
                    {
                        attempts++;
                        return kind switch
                        {
                            "refuse" => candidate.Refuse(formation),
                            "accept-provisional" => candidate.Accept(formation, AcceptMode.Provisional, null),
                            _ => candidate.Accept(formation, AcceptMode.Definitive, null),
                        };
                    }, () => afterException = true);
                    var latency = Stopwatch.GetElapsedTime(started);
                    lock (answers)
                    {
                        if (latency > slowest) slowest = latency;
                        if (latency > TimeSpan.FromSeconds(1)) slow++;
                    }
                    mine.Add(new Answer(candidateIds[index], formation, kind, attempts, afterException, result.Code) { At = burst.Elapsed });
                    await Task.Delay(random.Next(0, 40));
                }
            }

            async Task Killer()
            {
                while (Volatile.Read(ref fired) < KillAfterAnswers && Firing()) await Task.Delay(5);
                firedAtKill = Volatile.Read(ref fired);
                victim.Kill();
                killed.SetResult(burst.Elapsed);
                var end = (DateTime.UtcNow + AnswersAfterKill).Ticks;
                if (end < Interlocked.Read(ref stopFiringTicks)) Interlocked.Exchange(ref stopFiringTicks, end);
                if (replacement) silos.Add(SiloProcess.Start("silo-3", connection, clusterId, serviceId, Year));
                while (await MembershipStatusAsync(connection, clusterId, victim.SiloPort) != 6 && DateTime.UtcNow < giveUp) await Task.Delay(100);
                declaredDead.SetResult(burst.Elapsed);
            }

            var killer = Killer();
            await Task.WhenAll(Enumerable.Range(0, candidateIds.Count).Select(Worker));
            await killer;
            var killedAt = await killed.Task;
            var burstTime = burst.Elapsed;

            // Recovery: the survivor reactivates the dead silo's grains (reading their snapshots activates them,
            // which resumes their outboxes) and delivers everything.
            (formations, candidates) = await WaitQuietAsync(grains, formationIds, candidateIds, TimeSpan.FromSeconds(90));
            var recovered = burst.Elapsed - killedAt;
            var settledAfterBurst = burst.Elapsed - burstTime;
            Assert.True(victim.HasExited, $"{victim.Name} survived its kill");
            var deadAfter = await declaredDead.Task - killedAt;

            var all = answers.SelectMany(a => a).ToList();
            var acknowledged = all.Where(a => a.Acknowledged).ToList();
            var retried = all.Count(a => a.AfterException);
            var takenByFailedAttempt = all.Count(a => a.AfterException && a.Error == "no-offer");
            var refusedByRules = all.Where(a => !a.Acknowledged).GroupBy(a => a.Error).Select(g => $"{g.Key} ×{g.Count()}");
            output.WriteLine($"answers fired {all.Count} ({firedAtKill} before the kill at {killedAt.TotalSeconds:F1} s into the burst), " +
                             $"acknowledged {acknowledged.Count} (accept-provisional {acknowledged.Count(a => a.Kind == "accept-provisional")}, " +
                             $"accept-definitive {acknowledged.Count(a => a.Kind == "accept-definitive")}, refuse {acknowledged.Count(a => a.Kind == "refuse")}), " +
                             $"not taken: [{string.Join(", ", refusedByRules)}]");
            output.WriteLine($"exceptions {exceptions}, answers retried {retried}, of which found already taken {takenByFailedAttempt}; " +
                             $"first errors: {string.Join(" | ", firstErrors)}");
            output.WriteLine($"snapshot reads failed {snapshotFailures}; slowest answer {slowest.TotalSeconds:F1} s, {slow} answers over 1 s; " +
                             $"{victim.Name} declared dead {deadAfter.TotalSeconds:F1} s after the kill");
            output.WriteLine("answers per second of the burst: " + string.Join(" ", all.GroupBy(a => (int)a.At.TotalSeconds).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Count()}")));
            output.WriteLine($"at the end: offers {formations.Sum(f => f.Stats.PendingOffers)}, provisional {formations.Sum(f => f.Stats.AcceptedProvisional)}, " +
                             $"definitive {formations.Sum(f => f.Stats.AcceptedDefinitive)}, waitlisted {formations.Sum(f => f.Stats.Waitlist)}, places {formations.Sum(f => f.Stats.Capacity)}");
            output.WriteLine($"burst {burstTime.TotalSeconds:F1} s; quiet again {recovered.TotalSeconds:F1} s after the kill " +
                             $"({settledAfterBurst.TotalSeconds:F1} s after the last answer); total {total.Elapsed.TotalSeconds:F1} s");

            Assert.True(firedAtKill >= KillAfterAnswers, $"only {firedAtKill} answers fired before the time ran out: the kill was not in the middle of a burst");
            Assert.True(all.Count > firedAtKill, "no answer fired after the kill");

            // No acknowledged answer lost: replay each candidate's acknowledged answers on a tiny model.
            var views = formations.SelectMany(f => f.Applications).ToDictionary(a => (a.CandidateId, a.FormationId));
            var byCandidate = candidates.ToDictionary(c => c.CandidateId);
            var lost = new List<string>();
            foreach (var group in acknowledged.GroupBy(a => a.Candidate))
            {
                var expected = new Dictionary<string, ApplicationStatus>();
                string? held = null;
                foreach (var answer in group)
                {
                    if (answer.Kind == "refuse")
                    {
                        expected[answer.Formation] = ApplicationStatus.Refused;
                        if (held == answer.Formation) held = null;
                        continue;
                    }
                    if (held is { } previous && previous != answer.Formation) expected[previous] = ApplicationStatus.Released;
                    expected[answer.Formation] = answer.Kind == "accept-definitive" ? ApplicationStatus.AcceptedDefinitive : ApplicationStatus.AcceptedProvisional;
                    held = answer.Formation;
                }
                foreach (var (formation, status) in expected)
                {
                    var actual = views[(group.Key, formation)].Status;
                    if (actual != status)
                        lost.Add($"{group.Key} at {formation}: expected {status}, formation says {actual} " +
                                 $"(answers: {string.Join(", ", group.Select(a => $"{a.Kind} {a.Formation}{(a.AfterException ? $" after {a.Attempts} attempts" : "")}"))})");
                }
                if (byCandidate[group.Key].Held != held)
                    lost.Add($"{group.Key}: holds {byCandidate[group.Key].Held ?? "nothing"}, its acknowledged answers say {held ?? "nothing"}");
            }
            Assert.True(lost.Count == 0, $"seed {seed}: acknowledged answers lost:\n{string.Join('\n', lost)}");

            Consistency.Check(formations, candidates, offersFlow: true);

            // What PostgreSQL holds agrees: every message still in a stored outbox was applied by its receiver.
            var unapplied = await StoredUnappliedAsync(connection, serviceId);
            Assert.True(unapplied.Count == 0, $"stored outboxes hold messages their receivers never applied: {string.Join(", ", unapplied)}");
            Assert.True(total.Elapsed < TimeSpan.FromSeconds(120), $"took {total.Elapsed}");
        }
        catch
        {
            foreach (var silo in silos) output.WriteLine(silo.Tail());
            throw;
        }
        finally
        {
            if (client is not null)
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { await client.StopAsync(stopping.Token); } catch (Exception) { /* the cluster may be gone */ }
                client.Dispose();
            }
            foreach (var silo in silos) silo.Dispose();
        }
    }

    /// <summary>From the stored rows alone: envelopes in an outbox whose receiver's inbox has not applied them.</summary>
    private static async Task<List<string>> StoredUnappliedAsync(string connection, string serviceId)
    {
        var rows = new List<System.Text.Json.Nodes.JsonNode>();
        await using (var db = new Npgsql.NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT payloadbinary FROM orleansstorage WHERE serviceid = @s AND payloadbinary IS NOT NULL", db);
            command.Parameters.AddWithValue("s", serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(System.Text.Json.Nodes.JsonNode.Parse((byte[])reader[0])!);
        }
        var grainsById = new Dictionary<string, System.Text.Json.Nodes.JsonNode>();
        foreach (var row in rows)
        {
            if (row["file"] is { } file) grainsById[(string)file["id"]!] = file;
            else if (row["book"] is { } book) grainsById[(string)book["info"]!["id"]!] = book;
        }
        var stuck = new List<string>();
        foreach (var (id, grain) in grainsById)
            foreach (var envelope in grain["outbox"]!["pending"]!.AsArray())
            {
                var to = (string)envelope!["to"]!;
                var seq = (long)envelope["seq"]!;
                var last = grainsById.TryGetValue(to, out var receiver) && receiver["inbox"]!["lastSeq"]![id] is { } n ? (long)n : 0;
                if (seq > last) stuck.Add($"{id}->{to}#{seq} {envelope["message"]!["kind"]}");
            }
        return stuck;
    }

    private static async Task<int> MembershipStatusAsync(string connection, string clusterId, int port)
    {
        await using var db = new Npgsql.NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = @c AND port = @p ORDER BY generation DESC LIMIT 1", db);
        command.Parameters.AddWithValue("c", clusterId);
        command.Parameters.AddWithValue("p", port);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<IHost> StartClientAsync(string connection, string clusterId, string serviceId)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; });
                client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = connection; });
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
                client.Services.AddSerializer(serializer => serializer.AddJsonSerializer(AdmissionJson.IsAdmissionType, AdmissionJson.Options));
            })
            .Build();
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(starting.Token);
        return host;
    }

    /// <summary>Formations with small capacities, candidates applying to several, rankings, then the opening round.</summary>
    private async Task<(List<string> Formations, List<string> Candidates)> BuildCampaignAsync(IClusterClient grains, ICampaignGrain campaign, int seed)
    {
        var random = new Random(seed);
        var formations = Enumerable.Range(1, FormationCount)
            .Select(i => new FormationInfo($"F{i:00}", Year, $"E{i:00}", "Informatique", $"P{i}", Track.Classic, random.Next(1, 4)))
            .ToList();
        foreach (var formation in formations) await campaign.AddFormation(formation);
        var candidates = Enumerable.Range(1, CandidateCount).Select(i => $"K{i:000}").ToList();
        var wishes = candidates.ToDictionary(c => c, _ => formations.OrderBy(_ => random.Next()).Take(random.Next(3, 7)).Select(f => f.Id).ToList());

        var applied = await Task.WhenAll(candidates.Select(async id =>
        {
            var candidate = grains.GetGrain<ICandidateGrain>(id);
            await candidate.Create(Year);
            var results = new List<CommandResult>();
            foreach (var formation in wishes[id]) results.Add(await candidate.Apply(formation));
            return results;
        }));
        var failed = applied.SelectMany(r => r).FirstOrDefault(r => !r.Succeeded);
        Assert.True(failed is null, $"an application was refused: {failed?.Error} (is the second silo's clock in the application phase?)");
        await WaitQuietAsync(grains, [.. formations.Select(f => f.Id)], candidates, TimeSpan.FromSeconds(30));

        await campaign.AdvanceClock(RankingTime);
        await Task.Delay(ClockSyncLag);
        foreach (var formation in formations)
        {
            var applicants = (await grains.GetGrain<IFormationGrain>(formation.Id).GetSnapshot()).Applications
                .Select(a => a.CandidateId).OrderBy(_ => random.Next()).ToList();
            var notRetained = applicants.Where(_ => random.Next(10) == 0).ToList();
            var ranked = applicants.Except(notRetained).ToList();
            var result = await grains.GetGrain<IFormationGrain>(formation.Id).Rank(ranked, notRetained);
            Assert.True(result.Succeeded, $"ranking of {formation.Id} refused: {result.Error}");
        }

        await campaign.AdvanceClock(OpeningRound);
        await Task.Delay(ClockSyncLag);
        Assert.Equal(CampaignPhase.MainAdmission, (await campaign.GetView()).Phase);
        return ([.. formations.Select(f => f.Id)], candidates);
    }

    /// <summary>The silo that does not host the campaign grain (so the clock keeps its owner); the second one if unknown.</summary>
    private async Task<SiloProcess> PickVictimAsync(IClusterClient grains, List<SiloProcess> silos)
    {
        try
        {
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var perSilo = statistics.GroupBy(g => g.SiloAddress.Endpoint.Port).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine("activations per silo: " + string.Join(", ", silos.Select(s => $"{s.Name} {perSilo.GetValueOrDefault(s.SiloPort)}")));
            var campaignHost = statistics.FirstOrDefault(g => g.GrainType.Contains("Campaign", StringComparison.OrdinalIgnoreCase))?.SiloAddress.Endpoint.Port;
            if (campaignHost is { } port && silos.FirstOrDefault(s => s.SiloPort != port) is { } other) return other;
        }
        catch (Exception e)
        {
            output.WriteLine($"could not locate the campaign grain: {e.Message}");
        }
        return silos[1];
    }

    /// <summary>
    /// Polls every snapshot until nothing is undelivered anywhere and two passes in a row see the same state
    /// (a cascade in flight always leaves a message undelivered somewhere, but a pass is not instantaneous).
    /// </summary>
    private static async Task<(FormationSnapshot[] Formations, CandidateSnapshot[] Candidates)> WaitQuietAsync(
        IClusterClient grains, IReadOnlyList<string> formationIds, IReadOnlyList<string> candidateIds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? previous = null;
        var lastProblem = "no pass completed";
        while (true)
        {
            try
            {
                var formations = await Task.WhenAll(formationIds.Select(id => grains.GetGrain<IFormationGrain>(id).GetSnapshot()));
                var candidates = await Task.WhenAll(candidateIds.Select(id => grains.GetGrain<ICandidateGrain>(id).GetSnapshot()));
                var busy = formations.Where(f => f.UndeliveredMessages > 0).Select(f => $"{f.Stats.FormationId}:{f.UndeliveredMessages}")
                    .Concat(candidates.Where(c => c.UndeliveredMessages > 0).Select(c => $"{c.CandidateId}:{c.UndeliveredMessages}"))
                    .ToList();
                if (busy.Count == 0)
                {
                    var signature = JsonSerializer.Serialize(new { formations, candidates });
                    if (signature == previous) return (formations, candidates);
                    previous = signature;
                    lastProblem = "state still moving";
                }
                else
                {
                    previous = null;
                    lastProblem = $"undelivered: {string.Join(", ", busy.Take(20))}";
                }
            }
            catch (Exception e)
            {
                previous = null;
                lastProblem = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
            }
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"the cluster did not settle within {timeout}: {lastProblem}");
            await Task.Delay(200);
        }
    }
}
