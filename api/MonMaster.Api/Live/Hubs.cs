using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using MonMaster.Api.Hosting;
using MonMaster.Grains;

namespace MonMaster.Api.Live;

// Hub methods take no ids: who is asking is the token's subject, so nobody can ask about someone else.

/// <summary>A candidate's live view of their own applications.</summary>
[Authorize(Policy = Access.Candidate)]
public sealed class CandidateHub(LiveFeed feed, IGrainFactory grains) : Hub<ICandidateClient>
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
    public async Task<IReadOnlyList<ApplicationView>> Applications()
    {
        var candidate = grains.GetGrain<ICandidateGrain>(CandidateId);
        if (!await candidate.Exists()) return [];
        var file = await candidate.GetSnapshot();
        var views = await feed.ApplicationsAsync(CandidateId, [.. file.Applications.Select(a => a.FormationId)]);
        return [.. views.Select(v => v with { WorkStudyAnswer = null })];
    }
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

/// <summary>
/// Anyone reading a formation's sheet, signed in or not: its live badge. The one public hub, and it only tells what the
/// sheet shows anyway; a connection watches one formation at a time.
/// </summary>
[AllowAnonymous]
public sealed class SheetHub(LiveFeed feed, MonMaster.Api.Catalogue.Publication catalogue) : Hub<ISheetClient>
{
    private const string WatchedKey = "formation";

    /// <summary>Watches this formation's badge (instead of the previous one); null when the platform does not recruit for it.</summary>
    public async Task<FormationBadge?> Watch(string formationId)
    {
        if (string.IsNullOrWhiteSpace(formationId) || formationId.Length > 64) throw new HubException("Identifiant de formation invalide.");
        Leave();
        // Only the catalogue's formations recruiting through the platform: an anonymous caller activates no grain of its choosing.
        if (catalogue.Find(formationId) is not { ViaPlatform: true }) return null;
        var badge = await feed.ConnectSheetAsync(formationId);
        Context.Items[WatchedKey] = formationId;
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveFeed.SheetGroup(formationId));
        return badge;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        Leave();
        return Task.CompletedTask;
    }

    private void Leave()
    {
        if (Context.Items.Remove(WatchedKey, out var watched) && watched is string id)
        {
            feed.DisconnectSheet(id);
            _ = Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveFeed.SheetGroup(id));
        }
    }
}
