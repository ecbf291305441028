using System.Text.Json.Nodes;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Replay;

/// <summary>
/// Runs a scenario through the real grains on a virtual clock. Between two steps it waits until every
/// cascade has settled, so the outcome depends only on the scenario.
/// </summary>
public sealed class ReplayRunner(IGrainFactory grains, Deliveries deliveries)
{
    /// <summary>How long a step's cascades may take to settle before the run fails naming the messages still undelivered.</summary>
    public TimeSpan SettleLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Called once every cascade of a step has settled: after each event ("event") and each scheduled work ("round", "sweep"), with its time.</summary>
    public Func<string, DateTimeOffset, Task>? AfterStep { get; init; }

    /// <param name="resumeAfter">Steps of the timeline a stored campaign already ran (its grains are in storage): the run goes
    /// on from the next one, and <c>rejected</c> lists only the steps it ran.</param>
    public async Task<JsonObject> RunAsync(Scenario scenario, int resumeAfter = 0)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(scenario.Year);
        year = scenario.Year;
        if (resumeAfter == 0)
        {
            var calendar = new CampaignCalendar(scenario.Year);
            var start = new[] { calendar.Publication, scenario.Events.Select(e => e.At).DefaultIfEmpty(calendar.Publication).Min() }.Min();
            await campaign.Configure(new CampaignSettings(scenario.Release, VirtualClock: true, VirtualStart: start));
            foreach (var formation in scenario.Formations) await campaign.AddFormation(formation);
            await Task.WhenAll(scenario.Candidates.Select(id => grains.GetGrain<ICandidateGrain>(id).Create(scenario.Year)));
        }

        var rejected = new JsonArray();
        foreach (var step in scenario.Timeline.Skip(resumeAfter))
        {
            await AdvanceAsync(campaign, step.At);
            var result = await ExecuteAsync(step);
            await deliveries.WhenIdle(SettleLimit);
            if (AfterStep is { } check) await check("event", step.At);
            if (result.Code is { } error) rejected.Add(new JsonObject { ["event"] = step.Index, ["error"] = error });
        }
        await AdvanceAsync(campaign, scenario.Until);

        var output = await OutputAsync(scenario);
        output["rejected"] = new JsonArray([.. rejected.OrderBy(r => (int)r!["event"]!).Select(r => r!.DeepClone())]);
        return output;
    }

    /// <summary>Work due at time T runs before events stamped T, one piece at a time, each cascade settled.</summary>
    private async Task AdvanceAsync(ICampaignGrain campaign, DateTimeOffset to)
    {
        while (await campaign.RunNextDueWork(to) is { } work)
        {
            await deliveries.WhenIdle(SettleLimit);
            if (AfterStep is { } check) await check(StepName(work.Kind), work.At);
        }
        await campaign.AdvanceClock(to);
        await deliveries.WhenIdle(SettleLimit);
    }

    public static string StepName(WorkKind kind) => kind switch
    {
        WorkKind.MorningRound => "round",
        WorkKind.DeadlineSweep => "sweep",
        WorkKind.ApplicationClose => "application-close",
        WorkKind.WorkStudyAnswers => "work-study-answers",
        WorkKind.PreferenceDeadline => "preference-deadline",
        _ => "provisional-becomes-definitive",
    };

    private int year;

    private async Task<CommandResult> ExecuteAsync(ScenarioEvent step)
    {
        if (step is UploadPieceEvent piece)
        {
            var candidate = grains.GetGrain<ICandidateGrain>(piece.Candidate);
            if (!await candidate.Exists()) return CommandResult.Of(AdmissionError.UnknownCandidate);
            await candidate.DeclarePiece(piece.Piece);
            return CommandResult.Ok;
        }
        // Establishment actions name a candidate: an undeclared one comes first in the error order.
        if (step is AnswerWorkStudyEvent or DecideContractEvent && CandidateOf(step) is { } named
            && !await grains.GetGrain<ICandidateGrain>(named).Exists())
            return CommandResult.Of(AdmissionError.UnknownCandidate);
        if (step is UploadContractEvent upload && !await grains.GetGrain<ICandidateGrain>(upload.Candidate).Exists())
            return CommandResult.Of(AdmissionError.UnknownCandidate);
        if (step is ReferEvent refer) return (await grains.GetGrain<ICandidateGrain>(refer.Candidate).FileReferral(refer.Region, refer.LicenceYear)).Result;
        if (step is RectorProposalEvent proposal)
        {
            if (!await grains.GetGrain<ICandidateGrain>(proposal.Candidate).Exists()) return CommandResult.Of(AdmissionError.UnknownCandidate);
            if (await grains.GetGrain<IFormationGrain>(proposal.Formation).GetInfo() is null) return CommandResult.Of(AdmissionError.UnknownFormation);
            return await grains.GetGrain<IReferralDeskGrain>(IReferralDeskGrain.KeyOf(year, proposal.Region)).Propose(proposal.Candidate, proposal.Formation);
        }
        return await Execute(step);
    }

    private static string? CandidateOf(ScenarioEvent step) => step switch
    {
        AnswerWorkStudyEvent e => e.Candidate,
        DecideContractEvent e => e.Candidate,
        _ => null,
    };

    private Task<CommandResult> Execute(ScenarioEvent step) => step switch
    {
        AnswerWorkStudyEvent e => grains.GetGrain<IFormationGrain>(e.Formation).AnswerWorkStudy(e.Candidate, e.ContractSearch),
        UploadContractEvent e => grains.GetGrain<IFormationGrain>(e.Formation).UploadContract(e.Candidate),
        DecideContractEvent e => grains.GetGrain<IFormationGrain>(e.Formation).DecideContract(e.Candidate, e.Validate),
        OpenComplementaryEvent e => grains.GetGrain<IFormationGrain>(e.Formation).OpenComplementary(e.Places),
        PreferenceEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).RankPreferences(e.Formations),
        ApplyEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Apply(e.Formation),
        RankEvent e => grains.GetGrain<IFormationGrain>(e.Formation).Rank(e.Ranked, e.NotRetained),
        AcceptEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Accept(e.Formation, e.Mode, e.KeepWaitlists),
        RefuseEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Refuse(e.Formation),
        RenounceEvent e => grains.GetGrain<ICandidateGrain>(e.Candidate).Renounce(e.Formation),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private async Task<JsonObject> OutputAsync(Scenario scenario)
    {
        var snapshots = await Task.WhenAll(scenario.Formations.Select(f => grains.GetGrain<IFormationGrain>(f.Id).GetSnapshot()));
        var byFormation = scenario.Formations.Zip(snapshots).ToDictionary(p => p.First.Id, p => p.Second);
        var views = snapshots.SelectMany(s => s.Applications).ToDictionary(a => (a.CandidateId, a.FormationId));

        var candidates = new JsonObject();
        var files = new Dictionary<string, CandidateSnapshot>();
        foreach (var id in scenario.Candidates)
        {
            var file = files[id] = await grains.GetGrain<ICandidateGrain>(id).GetSnapshot();
            var applications = new JsonObject();
            foreach (var answer in file.Applications)
                applications[answer.FormationId] = Application(views[(id, answer.FormationId)]);
            candidates[id] = new JsonObject { ["applications"] = applications };
        }

        var formations = new JsonObject();
        foreach (var formation in scenario.Formations)
        {
            var stats = byFormation[formation.Id].Stats;
            formations[formation.Id] = new JsonObject
            {
                ["capacity"] = stats.Capacity,
                ["acceptedProvisional"] = stats.AcceptedProvisional,
                ["acceptedDefinitive"] = stats.AcceptedDefinitive,
                ["pendingOffers"] = stats.PendingOffers,
                ["waitlist"] = stats.Waitlist,
                ["rankOfLastCalled"] = stats.RankOfLastCalled,
            };
        }
        var accessRates = new JsonObject();
        foreach (var formation in scenario.Formations)
            accessRates[formation.Id] = byFormation[formation.Id].Stats.AccessRate is { } rate ? Math.Round(rate, 4) : null;

        var output = new JsonObject { ["rejected"] = null, ["candidates"] = candidates, ["formations"] = formations, ["accessRates"] = accessRates };
        if (scenario.Referrals.Count > 0) output["referralEligibility"] = Referrals(scenario, views.Values, files);
        var regions = scenario.Events.Select(e => e switch { ReferEvent r => r.Region, RectorProposalEvent p => p.Region, _ => null })
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (regions.Count > 0) output["referrals"] = await DesksAsync(scenario.Year, regions);
        return output;
    }

    /// <summary>Each rector's office named by the scenario: its referred candidates, in filing order, with the formations proposed.</summary>
    private async Task<JsonObject> DesksAsync(int campaignYear, IReadOnlyList<string> regions)
    {
        var desks = new JsonObject();
        foreach (var region in regions)
        {
            var desk = new JsonObject();
            foreach (var referral in await grains.GetGrain<IReferralDeskGrain>(IReferralDeskGrain.KeyOf(campaignYear, region)).GetReferrals())
                desk[referral.CandidateId] = new JsonArray([.. referral.Proposals.Select(p => (JsonNode)p)]);
            desks[region] = desk;
        }
        return desks;
    }

    /// <summary>Section 7, from the campaign's own record: offers received, applications, mentions and establishments.</summary>
    private static JsonObject Referrals(Scenario scenario, IEnumerable<ApplicationView> views, Dictionary<string, CandidateSnapshot> files)
    {
        var formations = scenario.Formations.ToDictionary(f => f.Id);
        var byCandidate = views.GroupBy(v => v.CandidateId).ToDictionary(g => g.Key, g => g.ToList());
        var result = new JsonObject();
        foreach (var candidate in scenario.Candidates.Where(scenario.Referrals.ContainsKey))
        {
            var applications = byCandidate.GetValueOrDefault(candidate) ?? [];
            // The candidate's own record has a state for every offer it ever received (a released waitlist leaves none).
            var received = files[candidate].Applications.Any(a => a.State != AnswerState.None);
            var transmitted = applications.Where(a => a.Status != ApplicationStatus.Incomplete).Select(a => formations[a.FormationId]).ToList();
            var profile = scenario.Referrals[candidate];
            var answers = new ReferralAnswers(RectorReferral.SingleUniversityRegions.Contains(profile.Region), profile.LicenceYear, received,
                transmitted.Count, transmitted.Select(f => f.Mention).Distinct().Count(), transmitted.Select(f => f.Establishment).Distinct().Count());
            var unmet = RectorReferral.Unmet(scenario.Year, answers);
            result[candidate] = new JsonObject
            {
                ["eligible"] = unmet.Count == 0,
                ["unmet"] = new JsonArray([.. unmet.Select(u => (JsonNode)u.Code)]),
            };
        }
        return result;
    }

    private static JsonObject Application(ApplicationView view)
    {
        // The output's spelling of statuses (docs/replay.md): the codes of the API.
        var node = new JsonObject { ["status"] = Codes.Of(view.Status) };
        if (view.Position is { } position) node["position"] = position;
        if (view.Deadline is { } deadline) node["deadline"] = CampaignCalendar.Format(deadline);
        if (view.Contract is { } contract) node["contract"] = Codes.Of(contract);
        return node;
    }
}
