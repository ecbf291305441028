using Microsoft.Extensions.Logging;
using MonMaster.Admission;

namespace MonMaster.Grains;

public sealed class FormationGrain(
    IAdmissionStore store,
    CampaignClock clock,
    Deliveries deliveries,
    AdmissionEvents events,
    ILogger<FormationGrain> logger) : OutboxGrain<FormationBook>(store, new FormationParts(), deliveries, logger), IFormationGrain
{
    // Leases run on real time: a virtual campaign clock jumping a day must not expire every watch.
    private readonly LiveWatchers<FormationWatch> watchers = new(TimeProvider.System);
    private long liveVersion;
    private FormationBook? Book => State;

    protected override Task DeliverAsync(string to, IReadOnlyList<Envelope> envelopes) =>
        GrainFactory.GetGrain<ICandidateGrain>(to).Receive(Address, envelopes);

    public async Task Define(FormationInfo info, OfferRelease release)
    {
        if (info.Id != Address) throw new ArgumentException($"Formation '{info.Id}' defined on grain '{Address}'.");
        if (Book is { } book)
        {
            book.Info = info;
            book.ImmediateRelease = release == OfferRelease.Immediate;
        }
        else
        {
            State = new FormationBook { Info = info, ImmediateRelease = release == OfferRelease.Immediate };
        }
        await CommitAsync();
    }

    public async Task SetRelease(OfferRelease release)
    {
        if (Book is null) return;
        Book.ImmediateRelease = release == OfferRelease.Immediate;
        await CommitAsync();
    }

    public Task<FormationInfo?> GetInfo() => Task.FromResult(Book?.Info);

    public async Task<CommandResult> Rank(IReadOnlyList<string> ranked, IReadOnlyList<string> notRetained)
    {
        // Unknown candidates come first in the error order, even before the phase: ask only about strangers.
        var strangers = ranked.Concat(notRetained).Where(id => Book?.Applicants.ContainsKey(id) != true).Distinct().ToList();
        var known = await Task.WhenAll(strangers.Select(id => GrainFactory.GetGrain<ICandidateGrain>(id).Exists()));
        if (known.Any(exists => !exists)) return CommandResult.Of(AdmissionError.UnknownCandidate);
        if (Book is not { } book) return CommandResult.Of(AdmissionError.UnknownFormation);
        if (book.Rank(ranked, notRetained, clock.GetUtcNow()) is { } error) return CommandResult.Of(error);
        await CommitAsync();
        return CommandResult.Ok;
    }

    public async Task Run(ScheduledWork work)
    {
        if (Book is null) return;
        Book.Run(work);
        await CommitAsync();
    }

    public Task<CommandResult> AnswerWorkStudy(string candidateId, bool contractSearch) =>
        Decide(book => book.AnswerWorkStudy(candidateId, contractSearch, clock.GetUtcNow()));

    public Task<CommandResult> UploadContract(string candidateId) =>
        Decide(book => book.UploadContract(candidateId, clock.GetUtcNow()));

    public Task<CommandResult> DecideContract(string candidateId, bool validate) =>
        Decide(book => book.DecideContract(candidateId, validate, clock.GetUtcNow()));

    public Task<CommandResult> RequestReview(string candidateId, ReviewRequest request) =>
        Decide(book => book.RequestReview(candidateId, request, clock.GetUtcNow()));

    public Task<CommandResult> AnswerReview(string candidateId, int requestId, string answer) =>
        Decide(book => book.AnswerReview(candidateId, requestId, answer, clock.GetUtcNow()));

    public Task<CommandResult> ProposeByRector(string candidateId, string region, bool referred) =>
        Decide(book => book.ProposeByRector(candidateId, region, referred, clock.GetUtcNow()));

    public Task<CommandResult> OpenComplementary(int places) =>
        Decide(book => book.OpenComplementary(places, clock.GetUtcNow()));

    public Task<ComplementaryCheck> CheckComplementary(string candidateId) =>
        Task.FromResult(Book?.CheckComplementary(candidateId) ?? new ComplementaryCheck(AdmissionError.UnknownFormation, false));

    private async Task<CommandResult> Decide(Func<FormationBook, AdmissionError?> decision)
    {
        if (Book is not { } book) return CommandResult.Of(AdmissionError.UnknownFormation);
        if (decision(book) is { } error) return CommandResult.Of(error);
        await CommitAsync();
        return CommandResult.Ok;
    }

    public async Task ImportApplicants(IReadOnlyList<string> candidateIds)
    {
        var book = Book ?? throw Unknown();
        foreach (var id in candidateIds) book.Register(id);
        await CommitAsync();
    }

    public async Task<CommandResult> RenounceWaitlist(string candidateId)
    {
        if (Book is not { } book) return CommandResult.Of(AdmissionError.UnknownFormation);
        if (book.Renounce(candidateId, clock.GetUtcNow()) is { } error) return CommandResult.Of(error);
        await CommitAsync();
        return CommandResult.Ok;
    }

    public async Task Receive(string from, IReadOnlyList<Envelope> envelopes)
    {
        if (Book is not { } book) throw new InvalidOperationException($"Formation '{Address}' is not defined.");
        var now = clock.GetUtcNow();
        var changed = false;
        foreach (var envelope in envelopes)
        {
            if (!book.Inbox.TryAccept(from, envelope.Seq)) continue;
            changed |= book.Receive(from, (FormationMessage)envelope.Message, now);
        }
        // A message that changed nothing is not written: its redelivery would change nothing either.
        if (changed) await CommitAsync();
    }

    public Task<FormationStats> GetStats() => Task.FromResult(Stats(Book ?? throw Unknown()));

    public Task<FormationSnapshot> GetSnapshot()
    {
        var book = Book ?? throw Unknown();
        var positions = book.Positions();
        var applications = book.Applicants
            .Select(pair => View(book, pair.Key, pair.Value, positions.TryGetValue(pair.Key, out var p) ? p : null))
            .ToList();
        return Task.FromResult(new FormationSnapshot(Stats(book), applications, Undelivered));
    }

    public Task<DateTimeOffset?> GetPendingOffer(string candidateId) => Task.FromResult(Book?.PendingOffer(candidateId));

    public Task<ApplicationView?> GetApplication(string candidateId)
    {
        if (Book is not { } book || !book.Applicants.TryGetValue(candidateId, out var applicant)) return Task.FromResult<ApplicationView?>(null);
        return Task.FromResult<ApplicationView?>(View(book, candidateId, applicant, book.Opened ? book.PositionOf(candidateId) : null));
    }

    public Task<ApplicationRead> ReadApplication(string candidateId)
    {
        if (Book is not { } book || !book.Applicants.TryGetValue(candidateId, out var applicant)) return Task.FromResult(new ApplicationRead(null, NextLiveVersion()));
        return Task.FromResult(new ApplicationRead(View(book, candidateId, applicant, book.Opened ? book.PositionOf(candidateId) : null), NextLiveVersion()));
    }

    public Task<FormationLive> Watch(ILiveObserver node, IReadOnlyList<string> candidates, bool counters)
    {
        var book = Book ?? throw Unknown();
        watchers.Set(node, new FormationWatch(candidates.ToHashSet(), counters));
        // Stay active while watched: a new activation would not know its watchers until they renew.
        DelayDeactivation(LiveLease.Duration);
        var positions = book.Opened ? book.Positions() : [];
        return Task.FromResult(new FormationLive(Stats(book), [.. ViewsOf(book, candidates, positions)], 0, 0, NextLiveVersion()));
    }

    /// <summary>Grows with every update, across activations too (it starts from the wall clock).</summary>
    private long NextLiveVersion() => liveVersion = Math.Max(liveVersion + 1, DateTime.UtcNow.Ticks);

    public Task Unwatch(ILiveObserver node)
    {
        watchers.Remove(node);
        return Task.CompletedTask;
    }

    /// <summary>Persists, then tells watchers what changed.</summary>
    private async Task CommitAsync()
    {
        await PersistAsync();
        var book = Book!;
        // One event per application per commit, its last status: a round's waitlisted-then-offered is just "offer".
        if (book.Opened)
            foreach (var change in book.Changes.GroupBy(c => c.CandidateId).Select(g => g.Last()))
                events.Publish(new ApplicationChanged(change.CandidateId, Address, change.Status, change.Deadline));
        if (book.Changes.Count > 0) events.Publish(new FormationChanged(Stats(book), book.WaitlistMoved));
        if (book.Changes.Count > 0 && watchers.Any) NotifyWatchers(book);
        book.Changes.Clear();
        book.WaitlistMoved = false;
    }

    private void NotifyWatchers(FormationBook book)
    {
        // Before the opening a candidate sees only what is already shown: an incomplete file, 2 May's answers, contracts, requests.
        var changed = book.Changes.Where(c => book.Opened || c.Review || book.VisibleStatus(book.Applicants[c.CandidateId]) != ApplicationStatus.Submitted)
            .Select(c => c.CandidateId).ToHashSet();
        var positions = book.Opened && (book.WaitlistMoved || book.Changes.Any(c => c.Status == ApplicationStatus.Waitlisted)) ? book.Positions() : null;
        var stats = Stats(book);
        var offers = book.Changes.Count(c => c.Status == ApplicationStatus.Offer);
        var answers = book.Changes.Count(c => c.Status is ApplicationStatus.AcceptedProvisional or ApplicationStatus.AcceptedDefinitive or ApplicationStatus.Refused);
        var version = NextLiveVersion();
        foreach (var (node, watch) in watchers.Current())
        {
            // A watched candidate is told when their status changed, or when the waitlist moved and they are on it.
            var concerned = watch.Candidates.Where(id => changed.Contains(id) || positions?.ContainsKey(id) == true).ToList();
            if (concerned.Count == 0 && !watch.Counters) continue;
            _ = node.OnFormation(new FormationLive(stats, [.. ViewsOf(book, concerned, positions ?? [])], offers, answers, version));
        }
    }

    private static IEnumerable<ApplicationView> ViewsOf(FormationBook book, IEnumerable<string> candidates, Dictionary<string, int> positions)
    {
        foreach (var id in candidates)
            if (book.Applicants.TryGetValue(id, out var applicant))
                yield return View(book, id, applicant, positions.TryGetValue(id, out var p) ? p : null);
    }

    private static ApplicationView View(FormationBook book, string candidateId, Applicant applicant, int? position)
    {
        var status = book.VisibleStatus(applicant);
        return new ApplicationView(candidateId, book.Info.Id, status,
            status == ApplicationStatus.Waitlisted ? position : null,
            status == ApplicationStatus.Offer ? applicant.Deadline : null,
            book.Opened && applicant.Rank > 0 ? applicant.Rank : null,
            applicant.Contract == ContractState.None ? null : applicant.Contract,
            applicant.Reviews.Count > 0 ? [.. applicant.Reviews] : null,
            book.Info.Track == Track.WorkStudy && !book.WorkStudyPublished && applicant.Status is ApplicationStatus.ContractSearch or ApplicationStatus.NotRetained
                ? applicant.Status : null);
    }

    private static FormationStats Stats(FormationBook book)
    {
        var c = book.Counters;
        return new FormationStats(book.Info.Id, book.Info.Establishment, c.Capacity, c.AcceptedProvisional,
            c.AcceptedDefinitive, c.PendingOffers, c.Waitlist, c.RankOfLastCalled, c.Applicants, book.ComplementaryPlaces);
    }

    private InvalidOperationException Unknown() => new($"Formation '{Address}' is not defined.");
}
