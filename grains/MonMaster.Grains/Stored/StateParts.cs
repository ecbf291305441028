using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MonMaster.Admission;

namespace MonMaster.Grains;

/// <summary>
/// How a grain's state is cut into parts, so that a commit writes what changed and not the whole state: a head (the
/// state without its collections, rewritten when it differs), one part per application, one per inbox sender, and for
/// a formation its ranking lists. One instance per activation: it remembers what storage holds.
/// </summary>
public abstract class StateParts<TState> where TState : class
{
    public const string Head = "head";
    protected const string Application = "a/";
    protected const string Inbox = "i/";

    private byte[]? storedHead;

    /// <summary>The parts to write since the last call (every part the first time for a state not yet stored), marked as stored.</summary>
    public List<StatePart> TakeChanged(TState state)
    {
        var parts = new List<StatePart>();
        var head = JsonSerializer.SerializeToUtf8Bytes(state, HeadOptions);
        if (storedHead is null || !head.AsSpan().SequenceEqual(storedHead)) parts.Add(new StatePart(Head, storedHead = head));
        AddChanged(state, parts);
        var inbox = InboxOf(state);
        foreach (var sender in inbox.Changed) parts.Add(new StatePart(Inbox + sender, JsonSerializer.SerializeToUtf8Bytes(inbox.LastSeq[sender])));
        inbox.Changed.Clear();
        return parts;
    }

    /// <summary>Rebuilds the state from its parts, with the outbox storage still holds; null when there is no head.</summary>
    public TState? Assemble(IReadOnlyList<StatePart> parts, IReadOnlyList<Envelope> outbox)
    {
        var head = parts.FirstOrDefault(p => p.Name == Head);
        if (head is null) return null;
        var state = JsonSerializer.Deserialize<TState>(head.Body, HeadOptions)!;
        storedHead = head.Body;
        var inbox = InboxOf(state);
        foreach (var part in parts)
        {
            if (part.Name.StartsWith(Inbox, StringComparison.Ordinal))
                inbox.LastSeq[part.Name[Inbox.Length..]] = JsonSerializer.Deserialize<long>(part.Body);
            else if (part.Name != Head) Load(state, part);
        }
        inbox.Changed.Clear();
        OutboxOf(state).Pending.AddRange(outbox.OrderBy(e => e.Seq));
        MarkStored(state);
        return state;
    }

    /// <summary>Every part of a state (an import, an upgrade from the whole-state rows); its messages are in <see cref="OutboxOf"/>.</summary>
    public List<StatePart> All(TState state)
    {
        storedHead = null;
        var inbox = InboxOf(state);
        inbox.Changed.UnionWith(inbox.LastSeq.Keys);
        MarkAllChanged(state);
        return TakeChanged(state);
    }

    public abstract string Kind { get; }
    public abstract Outbox OutboxOf(TState state);
    protected abstract Admission.Inbox InboxOf(TState state);
    protected abstract void AddChanged(TState state, List<StatePart> parts);
    protected abstract void Load(TState state, StatePart part);
    protected abstract void MarkStored(TState state);
    protected abstract void MarkAllChanged(TState state);

    protected static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, AdmissionJson.Options);
    protected static T FromJson<T>(StatePart part) => JsonSerializer.Deserialize<T>(part.Body, AdmissionJson.Options)!;

    /// <summary>The head: the admission JSON without the collections stored as parts of their own.</summary>
    private static readonly JsonSerializerOptions HeadOptions = CreateHeadOptions();

    private static JsonSerializerOptions CreateHeadOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            var parted = info.Type == typeof(FormationBook) ? FormationParts.Collections
                : info.Type == typeof(CandidateFile) ? CandidateParts.Collections
                : info.Type == typeof(Outbox) ? ["pending"] : [];
            foreach (var property in info.Properties.Where(p => parted.Contains(p.Name)).ToList()) info.Properties.Remove(property);
        });
        var options = new JsonSerializerOptions(AdmissionJson.Options) { TypeInfoResolver = resolver };
        options.MakeReadOnly();
        return options;
    }
}

public sealed class FormationParts : StateParts<FormationBook>
{
    internal static readonly string[] Collections = ["applicants", "ranking", "notRetained", "complementaryRanking", "inbox"];
    private const string Ranking = "ranking";

    private sealed record RankingLists(List<string> Ranking, List<string> NotRetained, List<string> ComplementaryRanking);

    // Ranking lists change rarely (a ranking, the opening, the complementary merge), by replacement or by growth.
    private (object, int, object, int, object, int)? storedRanking;

    public override string Kind => "formation";
    public override Outbox OutboxOf(FormationBook book) => book.Outbox;
    protected override Admission.Inbox InboxOf(FormationBook book) => book.Inbox;

    protected override void AddChanged(FormationBook book, List<StatePart> parts)
    {
        var ranking = RankingOf(book);
        if (storedRanking != ranking)
        {
            parts.Add(new StatePart(Ranking, Json(new RankingLists(book.Ranking, book.NotRetained, book.ComplementaryRanking))));
            storedRanking = ranking;
        }
        foreach (var (id, applicant) in book.Applicants)
        {
            if (!applicant.Dirty) continue;
            parts.Add(new StatePart(Application + id, Json(applicant)));
            applicant.Dirty = false;
        }
    }

    protected override void Load(FormationBook book, StatePart part)
    {
        if (part.Name == Ranking)
        {
            var lists = FromJson<RankingLists>(part);
            (book.Ranking, book.NotRetained, book.ComplementaryRanking) = (lists.Ranking, lists.NotRetained, lists.ComplementaryRanking);
        }
        else if (part.Name.StartsWith(Application, StringComparison.Ordinal)) book.Applicants[part.Name[Application.Length..]] = FromJson<Applicant>(part);
    }

    protected override void MarkStored(FormationBook book)
    {
        foreach (var applicant in book.Applicants.Values) applicant.Dirty = false;
        storedRanking = RankingOf(book);
    }

    protected override void MarkAllChanged(FormationBook book)
    {
        foreach (var applicant in book.Applicants.Values) applicant.Dirty = true;
        storedRanking = null;
    }

    private static (object, int, object, int, object, int) RankingOf(FormationBook book) =>
        (book.Ranking, book.Ranking.Count, book.NotRetained, book.NotRetained.Count, book.ComplementaryRanking, book.ComplementaryRanking.Count);
}

public sealed class CandidateParts : StateParts<CandidateFile>
{
    internal static readonly string[] Collections = ["applications", "inbox"];

    public override string Kind => "candidate";
    public override Outbox OutboxOf(CandidateFile file) => file.Outbox;
    protected override Admission.Inbox InboxOf(CandidateFile file) => file.Inbox;

    protected override void AddChanged(CandidateFile file, List<StatePart> parts)
    {
        foreach (var (id, application) in file.Applications)
        {
            if (!application.Dirty) continue;
            parts.Add(new StatePart(Application + id, Json(application)));
            application.Dirty = false;
        }
    }

    protected override void Load(CandidateFile file, StatePart part)
    {
        if (part.Name.StartsWith(Application, StringComparison.Ordinal))
            file.Applications[part.Name[Application.Length..]] = FromJson<CandidateApplication>(part);
    }

    protected override void MarkStored(CandidateFile file)
    {
        foreach (var application in file.Applications.Values) application.Dirty = false;
    }

    protected override void MarkAllChanged(CandidateFile file)
    {
        foreach (var application in file.Applications.Values) application.Dirty = true;
    }
}
