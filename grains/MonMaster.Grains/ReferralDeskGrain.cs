using MonMaster.Admission;
using MonMaster.Grains.State;

namespace MonMaster.Grains;

/// <summary>
/// A rector's office (section 7). It calls formations to take a place for a proposal; formations never call it, so no
/// cycle can form. A proposal is recorded after the formation took it: a crash between the two leaves a pending offer
/// the office does not list yet; the formation marks the places it gave the office, so it takes the retried proposal
/// as made already, and the office records it.
/// </summary>
public sealed class ReferralDeskGrain(
    [PersistentState("referral-desk", Storage.Name)] IPersistentState<ReferralDeskState> state,
    CampaignClock clock) : Grain, IReferralDeskGrain
{
    private ReferralDesk Desk => state.State.Desk ??= NewDesk();

    private ReferralDesk NewDesk()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        return new ReferralDesk { Year = int.Parse(key[..slash], System.Globalization.CultureInfo.InvariantCulture), Region = key[(slash + 1)..] };
    }

    public async Task<CommandResult> File(string candidateId, int licenceYear, IReadOnlyList<UnmetCriterion> unmet)
    {
        if (Desk.File(candidateId, licenceYear, unmet, clock.GetUtcNow()) is { } error) return CommandResult.Of(error);
        await state.WriteStateAsync();
        return CommandResult.Ok;
    }

    public async Task<CommandResult> Propose(string candidateId, string formationId)
    {
        if (Desk.CheckProposal(candidateId, formationId, clock.GetUtcNow()) is { } error) return CommandResult.Of(error);
        var result = await GrainFactory.GetGrain<IFormationGrain>(formationId).ProposeByRector(candidateId, Desk.Region, Desk.HasReferred(candidateId));
        if (!result.Succeeded) return result;
        Desk.RecordProposal(candidateId, formationId);
        await state.WriteStateAsync();
        return CommandResult.Ok;
    }

    public Task<IReadOnlyList<ReferralView>> GetReferrals() => Task.FromResult<IReadOnlyList<ReferralView>>(
        [.. Desk.Referrals.OrderBy(r => r.Value.FiledAt).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ReferralView(r.Key, r.Value.FiledAt, r.Value.LicenceYear, [.. r.Value.Proposals]))]);
}
