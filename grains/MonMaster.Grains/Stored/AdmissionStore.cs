using MonMaster.Admission;

namespace MonMaster.Grains;

/// <summary>One piece of a grain's stored state: its head, its ranking, one application, one sender's inbox sequence.</summary>
public sealed record StatePart(string Name, byte[] Body);

/// <summary>A grain as stored: its version, its parts and the messages its outbox has not seen acknowledged.</summary>
public sealed record StoredGrain(long Version, IReadOnlyList<StatePart> Parts, IReadOnlyList<Envelope> Outbox);

/// <summary>
/// What one commit of a candidate or a formation changes, written in one transaction: the parts that changed, the
/// messages it sends, the messages its receivers acknowledged, and its history lines. <paramref name="Version"/> is
/// the version the grain read or last wrote; the commit fails if storage holds another (another activation wrote).
/// </summary>
public sealed record GrainWrite(
    string Kind, string Key, long Version, IReadOnlyList<StatePart> Parts, IReadOnlyList<Envelope> Sent,
    IReadOnlyList<long> Delivered, IReadOnlyList<HistoryLine> Lines)
{
    public int Bytes => Parts.Sum(p => p.Body.Length + p.Name.Length);
}

/// <summary>
/// Where candidates and formations keep their state: parts rewritten only when they change, an outbox as rows, and
/// the campaign's history written by the same commit (PostgreSQL in a real run, memory in a replay).
/// </summary>
public interface IAdmissionStore
{
    Task<StoredGrain?> LoadAsync(string kind, string key);

    /// <summary>Commits <paramref name="write"/> atomically, or throws <see cref="StaleStateException"/> and changes nothing.</summary>
    Task WriteAsync(GrainWrite write);
}

/// <summary>Storage holds a newer version than this activation: it must reload before it writes again.</summary>
public sealed class StaleStateException(string kind, string key, long version)
    : Orleans.Storage.InconsistentStateException($"{kind}/{key}: storage does not hold version {version} any more.");

/// <summary>One line of the campaign's history as stored: who acted (source), its sequence, and the action.</summary>
public sealed record HistoryLine(string Source, long Seq, Recorded Action);

/// <summary>The campaign's history, as the commits of candidates and formations wrote it.</summary>
public interface IAdmissionHistory
{
    Task<IReadOnlyList<HistoryLine>> ReadAsync(string? formation = null, string? candidate = null);
}
