namespace GgeWorkspace.Api.Drafts;

/// <summary>An event of one draft (or of one of its paragraphs).</summary>
public interface IDraftEvent : IGroupEvent
{
    Guid DraftId { get; }
}

/// <summary>An event of one paragraph stream.</summary>
public interface IParagraphEvent : IDraftEvent
{
    Guid ParagraphId { get; }
}

/// <summary>Why the text of a paragraph changed; every kind goes through the same sequencing step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextChangeKind>))]
public enum TextChangeKind
{
    /// <summary>The Chair or Secretariat replaced the text directly (stored as the diff of old and new).</summary>
    Replaced,

    /// <summary>An accepted amendment.</summary>
    AmendmentAccepted,

    /// <summary>Live co-editing.</summary>
    LiveEdit,

    /// <summary>Agreeing on an option made its text the paragraph's text.</summary>
    OptionChosen,
}

/// <summary>
/// An Expert proposed a new paragraph. Authorship is content, so the author is in the event, not only in metadata. A point
/// (a) or sub-point (i) is a paragraph stream too: <see cref="ParentParagraphId"/> names the paragraph whose status it shares
/// (null for a paragraph).
/// </summary>
public sealed record ParagraphProposed(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string Text, string AuthorSub, string? AuthorState, DateTimeOffset ProposedAt,
    Guid? ParentParagraphId = null) : IParagraphEvent;

/// <summary>
/// The Chair or Secretariat added a paragraph. A paragraph copied from a workstream draft into the report names its
/// source and may carry the source's authorship runs (they must cover <see cref="Text"/> exactly). A point names the
/// paragraph whose status it shares in <see cref="ParentParagraphId"/> (null for a paragraph).
/// </summary>
public sealed record ParagraphAdded(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string Text, string AuthorSub, string? AuthorState, DateTimeOffset AddedAt,
    Guid? SourceDraftId = null, Guid? SourceParagraphId = null, IReadOnlyList<AuthorshipRun>? Authorship = null,
    Guid? ParentParagraphId = null) : IParagraphEvent;

/// <summary>
/// A sequenced change of a paragraph's text, whichever event stored it: <see cref="Operation"/> applies to text version
/// <see cref="BaseTextVersion"/> (always the version current when it was sequenced). The author and time are in the
/// event because the authorship runs are rebuilt from them on replay.
/// </summary>
public interface IParagraphTextChange : IParagraphEvent
{
    TextOperation Operation { get; }

    long BaseTextVersion { get; }

    string AuthorSub { get; }

    string? AuthorState { get; }

    DateTimeOffset ChangedAt { get; }

    /// <summary>The client's id of a live edit, so a resent operation is recognised and applied once, even after a restart.</summary>
    string? ClientOperationId { get; }
}

/// <summary>
/// The text changed by <see cref="Operation"/> for the reason <see cref="Kind"/> names. Live edits are stored as
/// <see cref="ParagraphTextEdited"/>; a stored one of kind <see cref="TextChangeKind.LiveEdit"/> (written before that
/// event existed) means the same as a <see cref="ParagraphTextEdited"/>.
/// </summary>
public sealed record ParagraphTextChanged(
    Guid GroupId, Guid DraftId, Guid ParagraphId, TextOperation Operation, long BaseTextVersion, TextChangeKind Kind,
    string AuthorSub, string? AuthorState, DateTimeOffset ChangedAt, string? ClientOperationId = null) : IParagraphTextChange;

/// <summary>
/// A live co-editing operation of <see cref="AuthorSub"/>, sequenced on text version <see cref="BaseTextVersion"/>.
/// An event type of its own, so the async daemon's feeds and broadcasts (which have no use for keystrokes) leave it out
/// in SQL instead of reading hundreds a second and skipping them. Its fields keep the names of
/// <see cref="ParagraphTextChanged"/>'s, so a reader of either finds the operation, versions, author and client id alike.
/// </summary>
public sealed record ParagraphTextEdited(
    Guid GroupId, Guid DraftId, Guid ParagraphId, TextOperation Operation, long BaseTextVersion,
    string AuthorSub, string? AuthorState, DateTimeOffset EditedAt, string ClientOperationId) : IParagraphTextChange
{
    DateTimeOffset IParagraphTextChange.ChangedAt => EditedAt;
}

/// <summary>Proposed to under negotiation: by the Chair or Secretariat, or automatically with the first bracket or option.</summary>
public sealed record ParagraphPutUnderNegotiation(Guid GroupId, Guid DraftId, Guid ParagraphId) : IParagraphEvent;

/// <summary>Agreed by the negotiators, pending confirmation from capitals.</summary>
public sealed record ParagraphAgreedAdReferendum(Guid GroupId, Guid DraftId, Guid ParagraphId) : IParagraphEvent;

/// <summary>
/// Agreed. <see cref="Procedure"/> is null for the Chair's decision, or names the procedure that agreed it
/// (e.g. "silence", "holds-lifted"). <see cref="ChosenOptionId"/> is the option whose text became the text.
/// </summary>
public sealed record ParagraphAgreed(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid? ChosenOptionId, string? Procedure) : IParagraphEvent;

/// <summary>Set aside for later.</summary>
public sealed record ParagraphParked(Guid GroupId, Guid DraftId, Guid ParagraphId) : IParagraphEvent;

/// <summary>Parked to under negotiation.</summary>
public sealed record ParagraphResumed(Guid GroupId, Guid DraftId, Guid ParagraphId) : IParagraphEvent;

/// <summary>Agreed (or ad ref) text reopened for negotiation by the Chair, with a reason.</summary>
public sealed record ParagraphReopened(Guid GroupId, Guid DraftId, Guid ParagraphId, string Reason) : IParagraphEvent;

/// <summary>Deleted: kept in history, withdrawn from numbering.</summary>
public sealed record ParagraphDeleted(Guid GroupId, Guid DraftId, Guid ParagraphId, string? Reason) : IParagraphEvent;

/// <summary>
/// The Chair brought a deleted paragraph back, with <see cref="Reason"/>, to <see cref="Status"/>: the status it had when it
/// was deleted. The draft returns it to numbering in the same write.
/// </summary>
public sealed record ParagraphRestored(Guid GroupId, Guid DraftId, Guid ParagraphId, ParagraphStatus Status, string Reason) : IParagraphEvent;

/// <summary>
/// Text put in square brackets: [<see cref="Start"/>, <see cref="End"/>) in code points of text version <see cref="TextVersion"/>
/// (the current one), held by the delegations in <see cref="Holders"/> (State codes, or the subs of members attributed
/// personally; brackets added before holders were checked may hold other names). <see cref="Reason"/> is why the Chair or
/// Secretariat recorded the holders; null when a delegation bracketed the text itself, and in brackets added before it was kept.
/// </summary>
public sealed record BracketAdded(
    Guid GroupId, Guid DraftId, Guid ParagraphId, Guid BracketId, int Start, int End, long TextVersion, BracketKind Kind,
    IReadOnlyList<string> Holders, string AddedBySub, string? Reason = null) : IParagraphEvent;

/// <summary>
/// <see cref="Holder"/> no longer holds the bracket: the delegation withdrew (<see cref="WithdrawnBySub"/> is its Expert), or
/// the Chair or Secretariat recorded its withdrawal with <see cref="Reason"/>. The last holder's withdrawal is followed by
/// <see cref="BracketLifted"/>.
/// </summary>
public sealed record BracketHolderWithdrawn(
    Guid GroupId, Guid DraftId, Guid ParagraphId, Guid BracketId, string Holder, string WithdrawnBySub, string? Reason) : IParagraphEvent;

/// <summary>Every holder of the bracket withdrew, so it went away (its text kept).</summary>
public sealed record BracketLifted(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid BracketId) : IParagraphEvent;

/// <summary>A bracket was cleaned (removed, its text kept).</summary>
public sealed record BracketRemoved(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid BracketId) : IParagraphEvent;

/// <summary>All the text of a bracket was deleted, so the bracket went with it (follows the text change that deleted it).</summary>
public sealed record BracketCollapsed(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid BracketId) : IParagraphEvent;

/// <summary>An alternative text (Option n) was added.</summary>
public sealed record ParagraphOptionAdded(
    Guid GroupId, Guid DraftId, Guid ParagraphId, Guid OptionId, string Text, string AuthorSub, string? AuthorState, DateTimeOffset AddedAt)
    : IParagraphEvent;

/// <summary>An option was removed; the options after it are renumbered.</summary>
public sealed record ParagraphOptionRemoved(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid OptionId) : IParagraphEvent;

/// <summary>
/// An operator restored a damaged paragraph: its whole state as it is from now on. The stored events at
/// <see cref="Supersedes"/> (global sequences) stay in history; every replay holds back from the first damaged event
/// to this one, so it gives the same paragraph every time. The text version moves on, so clients catch up with the whole text.
/// </summary>
public sealed record ParagraphRepaired(
    Guid GroupId, Guid DraftId, Guid ParagraphId, IReadOnlyList<long> Supersedes, string Text, ParagraphStatus Status,
    IReadOnlyList<Bracket> Brackets, IReadOnlyList<ParagraphOption> Options, IReadOnlyList<AuthorshipRun> Authorship,
    long TextVersion, long NegotiationVersion, string Reason, DateTimeOffset RepairedAt) : IParagraphEvent;

/// <summary>
/// An event whose work in the paragraph's stream is to move the stream's version, appended with the version its writer read:
/// whatever changes what the paragraph's next text change must respect (a silence freezing its text, the report's adoption,
/// a comment quoting a span) then conflicts with a live commit made on the older version, so the live sequencer, which
/// otherwise answers from memory, reloads and sees it. No window: an edit lands before it or after it, never unseen.
/// </summary>
public interface IParagraphFence : IParagraphEvent;

/// <summary>A silence procedure froze the paragraph's text at <see cref="TextVersion"/> (the text it circulates).</summary>
public sealed record ParagraphPlacedUnderSilence(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid ProcedureId, long TextVersion) : IParagraphFence;

/// <summary>The report this paragraph belongs to was adopted with the paragraph at <see cref="TextVersion"/>; it is read-only from now on.</summary>
public sealed record ParagraphAdopted(Guid GroupId, Guid DraftId, Guid ParagraphId, long TextVersion) : IParagraphFence;

/// <summary>
/// A point (the stream <see cref="ParagraphId"/>) follows its paragraph <see cref="ParentParagraphId"/>: it takes the paragraph's
/// <see cref="Status"/> (a point has none of its own; a point deleted on its own stays deleted), after the paragraph's status
/// changed, it was placed under silence or adopted, or the point moved to another paragraph. A fence, so the point's live
/// sequencer reloads and applies the paragraph's rules to the next edit.
/// </summary>
public sealed record PointFollowedParagraph(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid ParentParagraphId, ParagraphStatus Status) : IParagraphFence;

/// <summary>A comment thread quotes a span of the paragraph at <see cref="TextVersion"/>; later text changes move the quote.</summary>
public sealed record ParagraphQuoted(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid ThreadId, long TextVersion) : IParagraphFence;

public static class LiveEdits
{
    /// <summary>A live co-editing operation: many a second, sent to the draft's members by the sequencer, not news for feeds or dashboards.</summary>
    public static bool IsKeystroke(object data) => data is ParagraphTextEdited or ParagraphTextChanged { Kind: TextChangeKind.LiveEdit };

    /// <summary>Not news for feeds, live updates or dashboards: keystrokes and fences (the change a fence guards is reported by its own event).</summary>
    public static bool IsNotNews(object data) => IsKeystroke(data) || data is IParagraphFence;
}
