using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MonMaster.Admission;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Tests.Api;

/// <summary>
/// Two API nodes in front of one cluster: A hosts the silo, B is an Orleans client. Pushes cross nodes through the
/// cluster only. LV-F1 (1 place) ranks P, Q, R, S; LV-F2 (1 place, Université B) ranks Q. So P and Q get offers,
/// R and S wait at LV-F1 in positions 2 and 3 (Q is first on that waitlist). LV-F3 (1 place) ranks A0, W1…W8, V.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public ApiNode A { get; private set; } = null!;
    public ApiNode B { get; private set; } = null!;
    public TinyCampaign Campaign { get; private set; } = null!;
    public static readonly string[] Departing = [.. Enumerable.Range(1, 8).Select(i => $"W{i}")];

    public async Task InitializeAsync()
    {
        A = await ApiNode.StartSiloAsync();
        B = await ApiNode.StartClientAsync(A);
        Campaign = await new TinyCampaign(A).OpenAsync();
        await Campaign.FormationAsync("LV-F1", "Université A", 1);
        await Campaign.FormationAsync("LV-F2", "Université B", 1);
        await Campaign.FormationAsync("LV-F3", "Université A", 1);
        await Campaign.ApplyAsync("P", "LV-F1");
        await Campaign.ApplyAsync("Q", "LV-F1", "LV-F2");
        await Campaign.ApplyAsync("R", "LV-F1");
        await Campaign.ApplyAsync("S", "LV-F1");
        await Campaign.ApplyAsync("T", "LV-F3");
        await Campaign.ApplyAsync("A0", "LV-F3");
        foreach (var w in Departing) await Campaign.ApplyAsync(w, "LV-F3");
        await Campaign.ApplyAsync("V", "LV-F3");
        await Campaign.ToRankingAsync();
        await Campaign.RankAsync("LV-F1", "P", "Q", "R", "S");
        await Campaign.RankAsync("LV-F2", "Q");
        await Campaign.RankAsync("LV-F3", ["A0", .. Departing, "V", "T"]);
        await Campaign.ToAdmissionAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

public sealed class LiveTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A connection that records what it is pushed, with the time it arrived.</summary>
    private sealed class Watcher<T> : IAsyncDisposable
    {
        public HubConnection Connection { get; }
        public ConcurrentQueue<(T Message, long At)> Received { get; } = new();
        private readonly SemaphoreSlim arrived = new(0);

        public Watcher(HubConnection connection, string method)
        {
            Connection = connection;
            connection.On<T>(method, message =>
            {
                Received.Enqueue((message, Stopwatch.GetTimestamp()));
                arrived.Release();
            });
        }

        /// <summary>Waits for a message matching <paramref name="match"/>; returns when it arrived.</summary>
        public async Task<long> WaitForAsync(Func<T, bool> match)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                if (Received.FirstOrDefault(r => match(r.Message)) is { Message: not null } found) return found.At;
                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 || !await arrived.WaitAsync(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency)))
                    throw new TimeoutException($"No matching message within {Patience}; got {Received.Count}.");
            }
        }

        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }

    private static async Task<Watcher<IReadOnlyList<ApplicationEvent>>> CandidateAsync(ApiNode node, string id)
    {
        var watcher = new Watcher<IReadOnlyList<ApplicationEvent>>(await node.HubAsync("candidate", "candidate", id), "Changes");
        await watcher.Connection.StartAsync();
        // The node watches from the end of OnConnected; the hub answers only after it.
        Assert.NotEmpty(await watcher.Connection.InvokeAsync<IReadOnlyList<ApplicationView>>("Applications"));
        return watcher;
    }

    [Fact]
    public async Task A_candidate_on_node_A_sees_their_position_move_within_a_second_when_someone_ahead_accepts_elsewhere_through_node_B()
    {
        await using var r = await CandidateAsync(nodes.A, "R");
        await using var s = await CandidateAsync(nodes.B, "S");
        await using var p = await CandidateAsync(nodes.A, "P");
        await using var t = await CandidateAsync(nodes.A, "T");
        await using var q = await CandidateAsync(nodes.A, "Q");
        await using var establishment = new Watcher<IReadOnlyList<FormationStats>>(await nodes.A.HubAsync("establishment", "establishment", "Université B"), "Formations");
        await establishment.Connection.StartAsync();
        Assert.Equal(2, (await r.Connection.InvokeAsync<IReadOnlyList<ApplicationView>>("Applications")).Single().Position);

        using var qClient = await nodes.B.ClientAsync("candidate", "Q");
        var accepted = await qClient.PostAsJsonAsync("/api/candidates/Q/offers/LV-F2/accept", new { mode = "definitive" });
        var acknowledged = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // Q leaves LV-F1's waitlist: R (node A) moves from 2 to 1, S (node B) from 3 to 2.
        var rAt = await r.WaitForAsync(changes => changes.Any(c => c is { Kind: "position-changed", FormationId: "LV-F1", Position: 1 }));
        Assert.True(Stopwatch.GetElapsedTime(acknowledged, rAt) < TimeSpan.FromSeconds(1), $"R was told after {Stopwatch.GetElapsedTime(acknowledged, rAt)}");
        await s.WaitForAsync(changes => changes.Any(c => c is { Kind: "position-changed", FormationId: "LV-F1", Position: 2 }));
        await q.WaitForAsync(changes => changes.Any(c => c is { Kind: "held-offer-changed", FormationId: "LV-F2", Status: ApplicationStatus.AcceptedDefinitive }));
        await q.WaitForAsync(changes => changes.Any(c => c is { Kind: "application-released", FormationId: "LV-F1" }));

        // The establishment of LV-F2 sees it fill.
        await establishment.WaitForAsync(formations => formations.Any(f => f is { FormationId: "LV-F2", AcceptedDefinitive: 1 } && f.FillRate == 1.0));

        // Nobody hears of anyone else: R and S get only their own LV-F1 waitlist; P (holding an offer) and T (elsewhere) nothing.
        await Task.Delay(500);
        Assert.All(r.Received.SelectMany(m => m.Message), c => Assert.Equal(("LV-F1", ApplicationStatus.Waitlisted, 1), (c.FormationId, c.Status, c.Position ?? 0)));
        Assert.All(s.Received.SelectMany(m => m.Message), c => Assert.Equal(("LV-F1", ApplicationStatus.Waitlisted, 2), (c.FormationId, c.Status, c.Position ?? 0)));
        Assert.Empty(p.Received);
        Assert.Empty(t.Received);
        Assert.DoesNotContain(q.Received.SelectMany(m => m.Message), c => c.Kind == "position-changed");
    }

    [Fact]
    public async Task A_burst_of_departures_ahead_is_coalesced_into_a_few_messages()
    {
        await using var v = await CandidateAsync(nodes.B, "V");
        Assert.Equal(9, (await v.Connection.InvokeAsync<IReadOnlyList<ApplicationView>>("Applications")).Single().Position);

        var renouncing = await Task.WhenAll(TwoNodes.Departing.Select(async w =>
        {
            using var client = await nodes.A.ClientAsync("candidate", w);
            return (await client.PostAsync($"/api/candidates/{w}/waitlists/LV-F3/renounce", null)).StatusCode;
        }));
        Assert.All(renouncing, status => Assert.Equal(HttpStatusCode.OK, status));

        await v.WaitForAsync(changes => changes.Any(c => c is { FormationId: "LV-F3", Position: 1 }));
        await Task.Delay(500);
        var messages = v.Received.Count;
        Assert.InRange(messages, 1, TwoNodes.Departing.Length / 2);
        Assert.Equal(1, v.Received.Last().Message.Single().Position);
    }

    [Fact]
    public async Task A_newcomer_without_a_file_connects_and_has_nothing_yet()
    {
        await using var newcomer = await nodes.A.HubAsync("candidate", "candidate", "NEWCOMER");
        await newcomer.StartAsync();
        Assert.Empty(await newcomer.InvokeAsync<IReadOnlyList<ApplicationView>>("Applications"));
        Assert.Equal(HubConnectionState.Connected, newcomer.State);
    }

    [Fact]
    public async Task Hubs_refuse_connections_without_a_token_or_with_another_role()
    {
        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(nodes.A.Address, "/hubs/candidate")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var candidateAsOperator = await nodes.A.HubAsync("operator", "candidate", "R");
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => candidateAsOperator.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        await using var establishmentAsCandidate = await nodes.B.HubAsync("candidate", "establishment", "Université A");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() => establishmentAsCandidate.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task Operators_receive_campaign_counters_and_clock_changes()
    {
        var connection = await nodes.B.HubAsync("operator", "operator", "ops");
        await using var counters = new Watcher<CampaignCounters>(connection, "Counters");
        var campaign = new Watcher<CampaignView>(connection, "Campaign");
        await connection.StartAsync();
        await counters.WaitForAsync(c => c.Formations == 3 && c.Capacity == 3 && c.Applicants == 16);
        var now = (await campaign.WaitForAsync(c => c.Phase == CampaignPhase.MainAdmission), campaign.Received.Last().Message.Now).Item2;

        // The clock moved through node A reaches the operator on node B.
        using var ops = await nodes.A.ClientAsync("operator", "ops");
        var to = now.AddMinutes(1);
        Assert.Equal(HttpStatusCode.OK, (await ops.PostAsJsonAsync("/api/campaigns/2025/clock", new { advanceTo = to })).StatusCode);
        await campaign.WaitForAsync(c => c.Now == to);
    }
}
