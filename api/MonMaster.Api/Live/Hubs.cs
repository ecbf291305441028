using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using MonMaster.Api.Hosting;
using MonMaster.Grains;

namespace MonMaster.Api.Live;

// Hub methods take no ids: who is asking is the token's subject, so nobody can ask about someone else.

/// <summary>A candidate's live view of their own applications.</summary>
[Authorize(Policy = Access.Candidate)]
public sealed class CandidateHub(LiveFeed feed) : Hub<ICandidateClient>
{
    private string CandidateId => Access.SubjectOf(Context.User!);

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveFeed.CandidateGroup(CandidateId));
        await feed.ConnectCandidateAsync(CandidateId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.DisconnectCandidate(CandidateId);
        return Task.CompletedTask;
    }

    /// <summary>My applications as this node knows them now (status, position, deadline, contract).</summary>
    /// <remarks>Without the establishment's work-study answer, which the candidate sees only from 2 May (in the status).</remarks>
    public IReadOnlyList<ApplicationView> Applications() => [.. feed.KnownApplications(CandidateId).Select(v => v with { WorkStudyAnswer = null })];
}

/// <summary>An establishment's live view of its formations' counters.</summary>
[Authorize(Policy = Access.Establishment)]
public sealed class EstablishmentHub(LiveFeed feed) : Hub<IEstablishmentClient>
{
    private string Establishment => Access.EstablishmentOf(Context.User!)!;

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveFeed.EstablishmentGroup(Establishment));
        await feed.ConnectEstablishmentAsync(Establishment);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.DisconnectEstablishment(Establishment);
        return Task.CompletedTask;
    }
}

/// <summary>Operators: the campaign's phase, clock and counters.</summary>
[Authorize(Policy = Access.Operator)]
public sealed class OperatorHub(LiveFeed feed) : Hub<IOperatorClient>
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveFeed.OperatorGroup);
        var counters = await feed.ConnectOperatorAsync();
        await Clients.Caller.Counters(counters);
        await Clients.Caller.Campaign(await feed.WatchCampaignAsync());
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.DisconnectOperator();
        return Task.CompletedTask;
    }

    public CampaignCounters Counters() => feed.CurrentCounters();
}
