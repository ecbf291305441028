namespace MonMaster.Catalogue;

/// <summary>
/// The in-memory search the portal asks: one <see cref="CatalogueIndex"/> at a time, replaced whole on every change so
/// a search always reads one consistent catalogue and an edit shows in the next search. Writers are serialised; readers
/// never wait.
/// </summary>
public sealed class MemoryCatalogueSearch : ICatalogueSearch
{
    private readonly Lock writing = new();
    private CatalogueIndex index;

    public MemoryCatalogueSearch(Geography geography, IEnumerable<CatalogueFormation>? formations = null) =>
        index = new CatalogueIndex(formations ?? [], geography);

    /// <summary>The index searches read now.</summary>
    public CatalogueIndex Index => Volatile.Read(ref index);

    /// <summary>The whole catalogue replaced (a new campaign's import).</summary>
    public void Replace(IEnumerable<CatalogueFormation> formations)
    {
        lock (writing) Volatile.Write(ref index, new CatalogueIndex(formations, index.Geography));
    }

    /// <summary>One sheet added, or replacing the one with its id.</summary>
    public void Upsert(CatalogueFormation formation)
    {
        lock (writing) Volatile.Write(ref index, index.With(formation));
    }

    /// <summary>One sheet withdrawn; false when there was none with that id.</summary>
    public bool Remove(string id)
    {
        lock (writing)
        {
            var without = index.Without(id);
            if (ReferenceEquals(without, index)) return false;
            Volatile.Write(ref index, without);
            return true;
        }
    }

    public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellation = default) =>
        Index.SearchAsync(query, cancellation);
}
