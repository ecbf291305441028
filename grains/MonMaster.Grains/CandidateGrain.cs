using Microsoft.Extensions.Logging;
using MonMaster.Admission;

namespace MonMaster.Grains;

public sealed class CandidateGrain(
    IAdmissionStore store,
    CampaignClock clock,
    Deliveries deliveries,
    ILogger<CandidateGrain> logger) : OutboxGrain<CandidateFile>(store, new CandidateParts(), deliveries, logger), ICandidateGrain
{
    private bool reconciled;
    private CandidateFile? File => State;

    protected override Task DeliverAsync(string to, IReadOnlyList<Envelope> envelopes) =>
        GrainFactory.GetGrain<IFormationGrain>(to).Receive(Address, envelopes);

    public async Task Create(int year)
    {
        if (File is not null) return;
        State = new CandidateFile { Id = Address, Year = year };
        await PersistAsync();
    }

    public Task<bool> Exists() => Task.FromResult(File is not null);

    public async Task Import(int year, IReadOnlyList<FormationInfo> applications)
    {
        var file = State ??= new CandidateFile { Id = Address, Year = year };
        foreach (var formation in applications)
            file.Applications.TryAdd(formation.Id, new CandidateApplication { Formation = formation });
        await PersistAsync();
    }

    public async Task<CommandResult> Apply(string formationId)
    {
        if (File is not { } file) return CommandResult.Of(AdmissionError.UnknownCandidate);
        // A candidate awaits formations only for reads and for RenounceWaitlist: none of them calls back.
        var grain = GrainFactory.GetGrain<IFormationGrain>(formationId);
        var formation = await grain.GetInfo();
        if (formation is null) return CommandResult.Of(AdmissionError.UnknownFormation);
        var now = clock.GetUtcNow();
        if (!new CampaignCalendar(file.Year).AcceptsComplementaryApplications(now)) return await CommitAsync(file.Apply(formation, now));
        // The formation knows whether it takes part and whether it refused this candidate before.
        var check = await grain.CheckComplementary(Address);
        return await CommitAsync(file.ApplyComplementary(formation, check, now));
    }

    public async Task<CommandResult> RankPreferences(IReadOnlyList<string> formationIds)
    {
        if (File is not { } file) return CommandResult.Of(AdmissionError.UnknownCandidate);
        if (formationIds.FirstOrDefault(id => !file.Applications.ContainsKey(id)) is { } stranger && await FormationExists(stranger) is false)
            return CommandResult.Of(AdmissionError.UnknownFormation);
        // Which applications are still in play is the formations' knowledge (a waitlist and a refusal look alike here).
        var views = await Task.WhenAll(file.Applications.Keys.Select(id => GrainFactory.GetGrain<IFormationGrain>(id).GetApplication(Address)));
        var remaining = views.Where(v => v is not null && PreferenceOrder.Remains(v.Status)).Select(v => v!.FormationId).ToHashSet();
        return await CommitAsync(file.Rank(formationIds, remaining, clock.GetUtcNow()));
    }

    public async Task<ReferralResult> FileReferral(string region, int licenceYear)
    {
        if (File is not { } file) return new(CommandResult.Of(AdmissionError.UnknownCandidate), []);
        if (!new CampaignCalendar(file.Year).AcceptsReferrals(clock.GetUtcNow())) return new(CommandResult.Of(AdmissionError.WrongPhase), []);
        if (file.ReferralRegion is not null) return new(CommandResult.Of(AdmissionError.AlreadyReferred), []);
        await ReconcileAsync(file);
        // Counted from the platform's own record: the applications transmitted (an incomplete one never was).
        var views = await Task.WhenAll(file.Applications.Keys.Select(id => GrainFactory.GetGrain<IFormationGrain>(id).GetApplication(Address)));
        var transmitted = file.Applications.Values.Zip(views).Where(p => p.Second?.Status != ApplicationStatus.Incomplete).Select(p => p.First.Formation).ToList();
        var answers = new ReferralAnswers(RectorReferral.SingleUniversityRegions.Contains(region), licenceYear, file.EverReceivedAnOffer,
            transmitted.Count, transmitted.Select(f => f.Mention).Distinct().Count(), transmitted.Select(f => f.Establishment).Distinct().Count());
        var unmet = RectorReferral.Unmet(file.Year, answers);
        var result = await GrainFactory.GetGrain<IReferralDeskGrain>(IReferralDeskGrain.KeyOf(file.Year, region)).File(Address, licenceYear, unmet);
        if (!result.Succeeded) return new(result, result.Error == AdmissionError.NotEligibleForReferral ? unmet : []);
        file.ReferralRegion = region;
        await PersistAsync();
        return new(CommandResult.Ok, []);
    }

    public async Task DeclarePiece(string kind)
    {
        var file = File ?? throw new InvalidOperationException($"Candidate '{Address}' has no file.");
        var sent = file.Outbox.NextSeq;
        file.DeclarePiece(kind, clock.GetUtcNow());
        if (file.Outbox.NextSeq != sent) await PersistAsync();
    }

    public Task<CommandResult> Accept(string formationId, AcceptMode mode, IReadOnlyList<string>? keepWaitlists) =>
        Decide(formationId, file => file.Accept(formationId, mode, keepWaitlists, clock.GetUtcNow()));

    public Task<CommandResult> Refuse(string formationId) =>
        Decide(formationId, file => file.Refuse(formationId, clock.GetUtcNow()));

    public async Task<CommandResult> Renounce(string formationId)
    {
        if (File is not { } file) return CommandResult.Of(AdmissionError.UnknownCandidate);
        if (!file.Applications.ContainsKey(formationId) && await FormationExists(formationId) is false)
            return CommandResult.Of(AdmissionError.UnknownFormation);
        if (file.CheckRenounce(formationId, clock.GetUtcNow()) is { } error) return CommandResult.Of(error);
        // The formation alone knows whether this is a waitlist; it answers without calling back.
        return await GrainFactory.GetGrain<IFormationGrain>(formationId).RenounceWaitlist(Address);
    }

    public async Task Receive(string from, IReadOnlyList<Envelope> envelopes)
    {
        if (File is not { } file) throw new InvalidOperationException($"Candidate '{Address}' has no file.");
        var now = clock.GetUtcNow();
        var sent = file.Outbox.NextSeq;
        var beyondOffers = false;
        foreach (var envelope in envelopes)
        {
            if (!file.Inbox.TryAccept(from, envelope.Seq)) continue;
            file.Receive(from, (CandidateMessage)envelope.Message, now);
            beyondOffers |= envelope.Message is not OfferMade;
        }
        // An offer alone is not written: it is durable in the formation's record (see ReconcileAsync). Everything else
        // is (a decision, 17 July's definitive acceptance, a rector's proposal), or a reload would forget it.
        if (file.Outbox.NextSeq != sent || beyondOffers) await PersistAsync();
    }

    public async Task<CandidateSnapshot> GetSnapshot()
    {
        var file = File ?? throw new InvalidOperationException($"Candidate '{Address}' has no file.");
        await ReconcileAsync(file);
        var answers = file.Applications
            .Select(pair => new CandidateAnswer(pair.Key, pair.Value.State, pair.Value.Deadline))
            .ToList();
        return new CandidateSnapshot(Address, file.Held, answers, Undelivered, file.Preference is { } order ? [.. order] : null, file.ReferralRegion);
    }

    public async Task<IReadOnlyList<ApplicationView>> GetApplications()
    {
        if (File is not { } file) return []; // no file yet, so no application: what a watcher of a newcomer sees
        var views = await Task.WhenAll(file.Applications.Keys.Select(id => GrainFactory.GetGrain<IFormationGrain>(id).GetApplication(Address)));
        return [.. file.Applications.Keys.Zip(views, (id, view) => view ?? new ApplicationView(Address, id, ApplicationStatus.Submitted, null, null))];
    }

    private async Task<CommandResult> Decide(string formationId, Func<CandidateFile, AdmissionError?> decision)
    {
        if (File is not { } file) return CommandResult.Of(AdmissionError.UnknownCandidate);
        if (!file.Applications.ContainsKey(formationId) && await FormationExists(formationId) is false)
            return CommandResult.Of(AdmissionError.UnknownFormation);
        await ReconcileAsync(file);
        return await CommitAsync(decision(file));
    }

    /// <summary>
    /// Offers received are not written here (the formation holds them durably), so once per activation,
    /// before the first decision, the file adopts any offer a formation recorded that this activation missed.
    /// </summary>
    private async Task ReconcileAsync(CandidateFile file)
    {
        if (reconciled) return;
        var unanswered = file.Applications.Where(a => a.Value.State == AnswerState.None).Select(a => a.Key).ToList();
        var offers = await Task.WhenAll(unanswered.Select(id => GrainFactory.GetGrain<IFormationGrain>(id).GetPendingOffer(Address)));
        foreach (var (id, deadline) in unanswered.Zip(offers))
            if (deadline is { } d) file.AdoptOffer(id, d);
        reconciled = true;
    }

    private async Task<CommandResult> CommitAsync(AdmissionError? error)
    {
        if (error is not null) return CommandResult.Of(error);
        await PersistAsync();
        return CommandResult.Ok;
    }

    private async Task<bool> FormationExists(string formationId) =>
        await GrainFactory.GetGrain<IFormationGrain>(formationId).GetInfo() is not null;
}
