namespace MonMaster.Grains;

public sealed class FavouritesState
{
    public List<string> Formations { get; set; } = [];
}

/// <summary>A candidate's favourites, kept apart from the admission state: browsing never slows answering.</summary>
public sealed class FavouritesGrain(
    [PersistentState("favourites", Storage.Name)] IPersistentState<FavouritesState> state) : Grain, IFavouritesGrain
{
    public Task<IReadOnlyList<string>> Get() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Formations]);

    public async Task<bool> Add(string formationId)
    {
        if (state.State.Formations.Contains(formationId)) return true;
        if (state.State.Formations.Count >= Favourites.Max) return false;
        state.State.Formations.Add(formationId);
        await state.WriteStateAsync();
        return true;
    }

    public async Task Remove(string formationId)
    {
        if (state.State.Formations.Remove(formationId)) await state.WriteStateAsync();
    }
}
