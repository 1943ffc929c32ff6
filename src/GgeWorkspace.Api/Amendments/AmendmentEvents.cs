namespace GgeWorkspace.Api.Amendments;

/// <summary>What an amendment proposes to do to its target paragraph.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AmendmentKind>))]
public enum AmendmentKind
{
    /// <summary>Replace the paragraph's text with <see cref="Amendment.Text"/> (merged three-way on acceptance).</summary>
    ReplaceText,

    /// <summary>Insert a new paragraph with <see cref="Amendment.Text"/> right after the target paragraph.</summary>
    InsertParagraphAfter,

    /// <summary>Delete the target paragraph.</summary>
    DeleteParagraph,

    /// <summary>Add <see cref="Amendment.Text"/> as the next option of the target paragraph.</summary>
    AddOption,
}

/// <summary>Submitted until the Chair accepts or rejects it or its proposer withdraws it; the last three are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AmendmentState>))]
public enum AmendmentState
{
    Submitted,
    Accepted,
    Rejected,
    Withdrawn,
}

/// <summary>An event of one amendment stream.</summary>
public interface IAmendmentEvent : IDraftEvent
{
    Guid AmendmentId { get; }
}

/// <summary>
/// An Expert proposed an amendment to <see cref="ParagraphId"/> (for <see cref="AmendmentKind.InsertParagraphAfter"/>, the
/// paragraph the new one goes after). <see cref="BaseText"/> is the paragraph's text at <see cref="BaseTextVersion"/>, the
/// base of the three-way merge on acceptance. <see cref="Text"/> is null only for <see cref="AmendmentKind.DeleteParagraph"/>.
/// The proposer and their attributed State are content (the compilation shows them), so they are in the event.
/// </summary>
public sealed record AmendmentProposed(
    Guid GroupId, Guid DraftId, Guid AmendmentId, Guid ParagraphId, AmendmentKind Kind, string? Text, string? Explanation,
    long BaseTextVersion, string BaseText, string ProposerSub, string? ProposerState, DateTimeOffset ProposedAt) : IAmendmentEvent;

/// <summary>A delegation co-sponsored the amendment (replacing an objection it had entered, if any).</summary>
public sealed record AmendmentSupported(
    Guid GroupId, Guid DraftId, Guid AmendmentId, string SupporterSub, string? SupporterState, DateTimeOffset SupportedAt) : IAmendmentEvent;

/// <summary>A delegation objected to the amendment, optionally with a reason (replacing its support, if any).</summary>
public sealed record AmendmentObjectedTo(
    Guid GroupId, Guid DraftId, Guid AmendmentId, string ObjectorSub, string? ObjectorState, string? Reason, DateTimeOffset ObjectedAt) : IAmendmentEvent;

/// <summary>A delegation no longer co-sponsors the amendment.</summary>
public sealed record AmendmentSupportWithdrawn(Guid GroupId, Guid DraftId, Guid AmendmentId, string SupporterSub, DateTimeOffset WithdrawnAt) : IAmendmentEvent;

/// <summary>A delegation lifted its objection to the amendment.</summary>
public sealed record AmendmentObjectionWithdrawn(Guid GroupId, Guid DraftId, Guid AmendmentId, string ObjectorSub, DateTimeOffset WithdrawnAt) : IAmendmentEvent;

/// <summary>
/// The Chair accepted the amendment; its change was applied to the paragraph in the same write (a
/// <see cref="ParagraphTextChanged"/> of kind <see cref="TextChangeKind.AmendmentAccepted"/>, a new paragraph, a deletion or an option).
/// Accepted over standing objections, <see cref="OverriddenObjections"/> records them as they stood and <see cref="Reason"/>
/// the Chair's reason; both are null otherwise (and in events stored before they existed).
/// </summary>
public sealed record AmendmentAccepted(
    Guid GroupId, Guid DraftId, Guid AmendmentId, Guid ParagraphId, DateTimeOffset AcceptedAt,
    IReadOnlyList<AmendmentObjection>? OverriddenObjections = null, string? Reason = null) : IAmendmentEvent;

/// <summary>The Chair rejected the amendment, optionally saying why.</summary>
public sealed record AmendmentRejected(Guid GroupId, Guid DraftId, Guid AmendmentId, string? Reason, DateTimeOffset RejectedAt) : IAmendmentEvent;

/// <summary>The proposer withdrew the amendment.</summary>
public sealed record AmendmentWithdrawn(Guid GroupId, Guid DraftId, Guid AmendmentId, DateTimeOffset WithdrawnAt) : IAmendmentEvent;
