using MonMaster.Admission;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Hosting;
using MonMaster.Api.Live;
using MonMaster.Grains;

namespace MonMaster.Api.Endpoints;

public sealed record CreateCandidateRequest(int? Year);
public sealed record ApplyRequest(string? FormationId);
public sealed record AcceptRequest(string? Mode, IReadOnlyList<string>? KeepWaitlists);
public sealed record PreferenceRequest(IReadOnlyList<string?>? Formations);

/// <summary>
/// An action open now on an application, until <paramref name="Until"/> (included), computed by the campaign's calendar on
/// its clock. <paramref name="Action"/>: <c>accept-provisional</c>, <c>accept-definitive</c>, <c>refuse</c>, <c>renounce</c>,
/// <c>upload-contract</c>, <c>answer-review</c> (for request <paramref name="Review"/>), <c>rank-preferences</c>,
/// <c>answer-work-study</c>, <c>decide-contract</c>. On <c>accept-provisional</c>: <paramref name="MayKeep"/>, the
/// waitlists the candidate chooses to keep (each kept unless unticked), and <paramref name="AlwaysKept"/>, applications
/// not ranked yet, to send in <c>keepWaitlists</c> whatever the choice. On <c>rank-preferences</c>: <paramref name="Formations"/>,
/// the applications to put in order (the place held provisionally goes last by itself).
/// </summary>
public sealed record ActionWindow(
    ApplicationAction Action, DateTimeOffset Until, int? Review = null, IReadOnlyList<string>? MayKeep = null, IReadOnlyList<string>? AlwaysKept = null,
    IReadOnlyList<string>? Formations = null)
{
    public static ActionWindow Of(OpenAction open) => new(open.Action, open.Until, open.Review);
}

/// <summary>
/// One application as the candidate sees it, with the formation it is for (and, in work-study, the employer contract's
/// state); <paramref name="Actions"/>: what the candidate may do about it now, and until when.
/// </summary>
public sealed record CandidateApplication(
    string FormationId, string? Establishment, string? Mention, string? Parcours, string? Track,
    ApplicationStatus Status, int? Position, DateTimeOffset? Deadline, ContractState? Contract = null, IReadOnlyList<ReviewRequest>? Reviews = null,
    IReadOnlyList<RequiredPiece>? Pieces = null, IReadOnlyList<ActionWindow>? Actions = null);

/// <summary>
/// <paramref name="Preference"/>: the complementary phase's order as saved (best first, held offer last); null until saved.
/// <paramref name="Now"/>: the campaign's clock the actions were computed at; <paramref name="Actions"/>: what the candidate
/// may do about the whole file (<c>rank-preferences</c>); <paramref name="RefreshAt"/>: when the calendar alone next opens
/// or closes an action (read again then).
/// </summary>
public sealed record CandidateApplications(
    string CandidateId, string? Held, IReadOnlyList<CandidateApplication> Applications, IReadOnlyList<string>? Preference = null,
    DateTimeOffset? Now = null, IReadOnlyList<ActionWindow>? Actions = null, DateTimeOffset? RefreshAt = null);

public static class CandidateEndpoints
{
    public static RouteGroupBuilder MapCandidates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/candidates/{id}").WithTags("Candidats").RequireAuthorization(Access.Candidate).RequireOwnFile();

        group.MapPut("/", async (string id, CreateCandidateRequest? body, IGrainFactory grains, LiveSettings live) =>
        {
            await grains.GetGrain<ICandidateGrain>(id).Create(body?.Year ?? live.Campaign);
            return Results.NoContent();
        }).WithSummary("Crée mon dossier candidat (sans effet s'il existe)").RequireRateLimiting(Limits.Writes);

        group.MapPost("/applications", async (string id, ApplyRequest? body, IGrainFactory grains, Publication catalogue) =>
        {
            if (string.IsNullOrWhiteSpace(body?.FormationId)) return Problems.Invalid("Indiquez la formation (formationId).");
            if (catalogue.Find(body.FormationId) is { ViaPlatform: false } direct)
                return Problems.Of(ApiErrors.ApplyAtEstablishment, $"« {direct.Mention} » à {direct.Establishment} recrute directement : candidatez auprès de l'établissement ({direct.Website ?? "voir la fiche"}).");
            var result = await grains.GetGrain<ICandidateGrain>(id).Apply(body.FormationId);
            return result.Succeeded ? Results.Created($"/api/candidates/{id}/applications", null) : Problems.From(result);
        }).WithSummary("Candidate à une formation").RequireRateLimiting(Limits.Writes);

        group.MapGet("/applications", async (string id, IGrainFactory grains, LiveFeed feed, LiveSettings live) =>
            await ViewAsync(id, grains, feed, live) is { } view ? Results.Ok(view) : Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate)))
            .WithSummary("Mes candidatures : statut, position, délai de réponse, actions ouvertes et jusqu'à quand, proposition acceptée, contrat d'alternance, ordre de préférence");

        group.MapPut("/preferences", async (string id, PreferenceRequest? body, IGrainFactory grains, LiveFeed feed, LiveSettings live, HttpRequest request) =>
        {
            if (body?.Formations is not { } formations || formations.Any(string.IsNullOrWhiteSpace))
                return Problems.Invalid("Indiquez vos candidatures encore en cours dans l'ordre de vos préférences, la préférée d'abord (formations : liste d'identifiants de formation).");
            return await AnsweredAsync(id, await grains.GetGrain<ICandidateGrain>(id).RankPreferences([.. formations!]), grains, feed, live, request);
        }).WithSummary("Mon ordre de préférence pour la phase complémentaire (17–23 juin) : chaque candidature encore en cours une fois, la préférée d'abord ; la proposition acceptée reste en dernier ; renvoie mes candidatures à jour")
          .RequireRateLimiting(Limits.Writes);

        group.MapPost("/offers/{formationId}/accept", async (string id, string formationId, AcceptRequest? body, IGrainFactory grains, LiveFeed feed, LiveSettings live, HttpRequest request) =>
        {
            if (Codes.ParseMode(body?.Mode) is not { } mode)
                return Problems.Invalid("Le mode d'acceptation est « provisional » (provisoire) ou « definitive » (définitive).");
            return await AnsweredAsync(id, await grains.GetGrain<ICandidateGrain>(id).Accept(formationId, mode, body!.KeepWaitlists), grains, feed, live, request);
        }).WithSummary("Accepte une proposition, provisoirement (en gardant des listes d'attente) ou définitivement ; renvoie mes candidatures à jour").RequireRateLimiting(Limits.Writes);

        group.MapPost("/offers/{formationId}/refuse", async (string id, string formationId, IGrainFactory grains, LiveFeed feed, LiveSettings live, HttpRequest request) =>
            await AnsweredAsync(id, await grains.GetGrain<ICandidateGrain>(id).Refuse(formationId), grains, feed, live, request))
            .WithSummary("Refuse une proposition (ou renonce à la place acceptée provisoirement) ; renvoie mes candidatures à jour").RequireRateLimiting(Limits.Writes);

        group.MapPost("/waitlists/{formationId}/renounce", async (string id, string formationId, IGrainFactory grains, LiveFeed feed, LiveSettings live, HttpRequest request) =>
            await AnsweredAsync(id, await grains.GetGrain<ICandidateGrain>(id).Renounce(formationId), grains, feed, live, request))
            .WithSummary("Renonce à une liste d'attente ; renvoie mes candidatures à jour").RequireRateLimiting(Limits.Writes);

        return group;
    }

    /// <summary>
    /// The candidate's applications as the formations record them, with what is open now on the campaign's clock; null
    /// when there is no such file. A read takes the file from the candidate and statuses and positions from this node's
    /// read model (<see cref="LiveFeed.ApplicationsAsync"/>), so it calls no formation it already watches; the answer to
    /// the candidate's own action (<paramref name="exact"/>) asks each formation, so it shows what that action did.
    /// </summary>
    public static async Task<CandidateApplications?> ViewAsync(string id, IGrainFactory grains, LiveFeed feed, LiveSettings live, bool exact = false)
    {
        var candidate = grains.GetGrain<ICandidateGrain>(id);
        if (!await candidate.Exists()) return null;
        var file = candidate.GetSnapshot();
        var views = exact ? candidate.GetApplications() : ReadModelAsync(id, file, feed);
        var campaign = grains.GetGrain<ICampaignGrain>(live.Campaign).GetView();
        var formations = (await feed.FormationsAsync()).ToDictionary(f => f.Id);
        var now = (await campaign).Now;
        var calendar = new CampaignCalendar(live.Campaign);
        var statuses = (await views).Select(v => (v.FormationId, Status: v.Status)).ToList();
        // Mapped field by field: a view also carries what only the establishment sees (its answer before 2 May).
        var applications = (await views).Select(v =>
        {
            var f = formations.GetValueOrDefault(v.FormationId);
            var actions = calendar.CandidateActions(v.Status, v.Contract ?? ContractState.None, v.Deadline, now, v.Reviews)
                .Select(a => a.Action == ApplicationAction.AcceptProvisional
                    ? ActionWindow.Of(a) with
                    {
                        MayKeep = ProvisionalAcceptance.Choices(v.FormationId, statuses),
                        AlwaysKept = ProvisionalAcceptance.AlwaysKept(v.FormationId, statuses),
                    }
                    : ActionWindow.Of(a))
                .ToList();
            return new CandidateApplication(v.FormationId, f?.Establishment, f?.Mention, f?.Parcours,
                f is null ? null : Codes.Of(f.Track), v.Status, v.Position, v.Deadline, v.Contract, v.Reviews, f?.Pieces, actions);
        }).ToList();
        var held = applications.FirstOrDefault(a => a.Status is ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive)?.FormationId;
        var preference = calendar.PreferenceAction(holdsDefinitive: applications.Any(a => a.Status == ApplicationStatus.AcceptedDefinitive), now);
        var refreshAt = applications.SelectMany(a => a.Actions!).Select(a => a.Until.AddSeconds(1))
            .Append(calendar.NextActionChangeAfter(now) ?? DateTimeOffset.MaxValue).Min();
        return new CandidateApplications(id, held, applications, (await file).Preference, now,
            preference is { } p ? [ActionWindow.Of(p) with { Formations = PreferenceOrder.Rankable(statuses) }] : [],
            refreshAt == DateTimeOffset.MaxValue ? null : refreshAt);
    }

    private static async Task<IReadOnlyList<ApplicationView>> ReadModelAsync(string id, Task<CandidateSnapshot> file, LiveFeed feed) =>
        await feed.ApplicationsAsync(id, [.. (await file).Applications.Select(a => a.FormationId)]);

    /// <summary>
    /// The answer to an answer: the engine's error, or the candidate's new view. The candidate commits first and tells its
    /// formations through its outbox, so the view is read once they have it (a short wait; the live feed covers the rest).
    /// A client that only wants the acknowledgement says <c>Prefer: return=minimal</c> (RFC 7240) and gets 204 at once.
    /// </summary>
    public static async Task<IResult> AnsweredAsync(
        string id, CommandResult result, IGrainFactory grains, LiveFeed feed, LiveSettings live, HttpRequest request)
    {
        if (!result.Succeeded) return Problems.From(result);
        if (request.Headers["Prefer"].Any(p => p?.Contains("return=minimal", StringComparison.OrdinalIgnoreCase) == true))
        {
            request.HttpContext.Response.Headers["Preference-Applied"] = "return=minimal";
            return Results.NoContent();
        }
        var candidate = grains.GetGrain<ICandidateGrain>(id);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(5);
        while ((await candidate.GetSnapshot()).UndeliveredMessages > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(started) < SettleLimit)
        {
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
        return await ViewAsync(id, grains, feed, live, exact: true) is { } view ? Results.Ok(view) : Problems.From(CommandResult.Of(AdmissionError.UnknownCandidate));
    }

    /// <summary>How long an answer waits for its formations; past it the view may lag (a formation down), never the answer.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(3);
}
