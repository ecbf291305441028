using MonMaster.Admission;

namespace MonMaster.Grains;

public sealed class CandidateProfileState
{
    public CandidateProfile? Profile { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>The candidate file common to every application (section 2): apart from the admission state, which it never slows down.</summary>
public sealed class CandidateProfileGrain(
    [PersistentState("candidate-profile", Storage.Name)] IPersistentState<CandidateProfileState> state,
    CampaignClock clock) : Grain, ICandidateProfileGrain
{
    public Task<CandidateProfile?> Get() => Task.FromResult(state.State.Profile);

    public async Task<IReadOnlyList<string>> Save(CandidateProfile profile, int campaignYear)
    {
        var problems = profile.Problems(campaignYear);
        if (problems.Count > 0) return problems;
        state.State.Profile = profile;
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        return [];
    }
}
