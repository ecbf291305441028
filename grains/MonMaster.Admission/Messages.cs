using System.Text.Json.Serialization;

namespace MonMaster.Admission;

/// <summary>
/// What one grain tells another. Messages travel through a durable outbox and are applied at most once
/// (see <see cref="Outbox"/> and <see cref="Inbox"/>), so a handler never needs to await a reply.
/// The type discriminators are part of the storage format: never rename them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ApplicationSubmitted), "application-submitted")]
[JsonDerivedType(typeof(OfferAccepted), "offer-accepted")]
[JsonDerivedType(typeof(OfferRefused), "offer-refused")]
[JsonDerivedType(typeof(OfferReleased), "offer-released")]
[JsonDerivedType(typeof(OfferExpired), "offer-expired")]
[JsonDerivedType(typeof(WaitlistRenounced), "waitlist-renounced")]
[JsonDerivedType(typeof(WaitlistReleased), "waitlist-released")]
[JsonDerivedType(typeof(OfferMade), "offer-made")]
[JsonDerivedType(typeof(OfferDeadlinePassed), "offer-deadline-passed")]
[JsonDerivedType(typeof(Recorded), "recorded")]
[JsonDerivedType(typeof(PiecesDeclared), "pieces-declared")]
[JsonDerivedType(typeof(PreferenceDeadlinePassed), "preference-deadline-passed")]
[JsonDerivedType(typeof(AcceptanceMadeDefinitive), "acceptance-made-definitive")]
[JsonDerivedType(typeof(RectorProposal), "rector-proposal")]
public abstract record AdmissionMessage;

/// <summary>Sent by a candidate to a formation.</summary>
public abstract record FormationMessage : AdmissionMessage;

/// <param name="Complementary">Made in the complementary phase (17–23 June).</param>
/// <param name="Pieces">The kinds of piece in the candidate's file when applying.</param>
public sealed record ApplicationSubmitted(bool Complementary = false, IReadOnlyList<string>? Pieces = null) : FormationMessage;

/// <summary>The kinds of piece now in the candidate's file (after an upload), for the close of applications.</summary>
/// <param name="At">When the file changed: a declaration that reaches the formation after the close still counts if made before it.</param>
public sealed record PiecesDeclared(IReadOnlyList<string> Kinds, DateTimeOffset? At = null) : FormationMessage;
public sealed record OfferAccepted(AcceptMode Mode) : FormationMessage;
public sealed record OfferRefused : FormationMessage;

/// <param name="Cascade">Released by an automatic answer of the complementary phase: the place goes on within the round.</param>
public sealed record OfferReleased(bool Cascade = false) : FormationMessage;
public sealed record OfferExpired : FormationMessage;
public sealed record WaitlistRenounced : FormationMessage;
public sealed record WaitlistReleased : FormationMessage;

/// <summary>Sent by a formation to a candidate.</summary>
public abstract record CandidateMessage : AdmissionMessage;

public sealed record OfferMade(DateTimeOffset At, DateTimeOffset Deadline) : CandidateMessage;

/// <summary>24 June: the formation asks each candidate still in it whether they ranked their applications in time.</summary>
public sealed record PreferenceDeadlinePassed : CandidateMessage;

/// <summary>Section 7: a place the rector's office proposed; the candidate answers it like any offer.</summary>
public sealed record RectorProposal(FormationInfo Formation, DateTimeOffset At, DateTimeOffset Deadline) : CandidateMessage;

/// <summary>17 July: the formation made the candidate's provisional acceptance definitive.</summary>
public sealed record AcceptanceMadeDefinitive : CandidateMessage;

/// <summary>The sweep asks the candidate, who owns its answers, to confirm an unanswered offer's expiry.</summary>
public sealed record OfferDeadlinePassed(DateTimeOffset Deadline) : CandidateMessage;

/// <summary>
/// One line of the campaign's durable history: an action and its time. It travels through the actor's outbox,
/// so it is persisted with the action itself and delivered at least once to <see cref="Recorded.Address"/>.
/// </summary>
public sealed record Recorded(DateTimeOffset At, string Action, string? Candidate, string? Formation, string? Detail = null) : AdmissionMessage
{
    public const string Address = "history";
}

/// <summary>A message addressed to the grain of <paramref name="To"/> (its kind follows from the message type).</summary>
public sealed record Envelope(long Seq, string To, AdmissionMessage Message);

/// <summary>Messages waiting for delivery, kept in the sender's state and persisted with it.</summary>
public sealed class Outbox
{
    public long NextSeq { get; set; } = 1;
    public List<Envelope> Pending { get; set; } = [];

    public Envelope Add(string to, AdmissionMessage message)
    {
        var envelope = new Envelope(NextSeq++, to, message);
        Pending.Add(envelope);
        return envelope;
    }

    /// <summary>Adds a line of the campaign's history, delivered like any other message.</summary>
    public void Record(Recorded line) => Add(Recorded.Address, line);

    public void Acknowledge(IReadOnlyCollection<long> seqs)
    {
        if (seqs.Count == 0) return;
        var done = seqs as HashSet<long> ?? [.. seqs];
        Pending.RemoveAll(e => done.Contains(e.Seq));
    }
}

/// <summary>The last sequence number applied from each sender: a redelivered message is acknowledged, not applied again.</summary>
public sealed class Inbox
{
    public Dictionary<string, long> LastSeq { get; set; } = [];

    /// <summary>Senders whose sequence changed since storage last wrote the inbox (it is stored sender by sender).</summary>
    [JsonIgnore] public HashSet<string> Changed { get; } = [];

    public bool TryAccept(string from, long seq)
    {
        if (LastSeq.TryGetValue(from, out var last) && seq <= last) return false;
        LastSeq[from] = seq;
        Changed.Add(from);
        return true;
    }
}
