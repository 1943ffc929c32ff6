namespace GgeWorkspace.Api.Amendments;

/// <summary>A command on one amendment stream.</summary>
public interface IAmendmentCommand
{
    Guid AmendmentId { get; }
}

/// <summary>
/// An Expert proposes an amendment to <see cref="ParagraphId"/> as it stands now (its current text version becomes the base).
/// <see cref="Text"/> is the new text (replace), the new paragraph's text (insert after), or the option's text (add option);
/// it is null for a deletion.
/// </summary>
public sealed record ProposeAmendment(
    Guid GroupId, Guid DraftId, Guid AmendmentId, Guid ParagraphId, AmendmentKind Kind, string? Text, string? Explanation = null) : IAmendmentCommand;

/// <summary>A delegation co-sponsors the amendment.</summary>
public sealed record SupportAmendment(Guid AmendmentId) : IAmendmentCommand;

/// <summary>A delegation objects to the amendment, optionally with a reason.</summary>
public sealed record ObjectToAmendment(Guid AmendmentId, string? Reason = null) : IAmendmentCommand;

/// <summary>A delegation withdraws whatever position (support or objection) it took on the amendment.</summary>
public sealed record WithdrawAmendmentPosition(Guid AmendmentId) : IAmendmentCommand;

/// <summary>
/// The Chair accepts the amendment: its change is applied to the paragraph (see <see cref="AmendmentDecisions.Accept"/>).
/// Over standing objections only with <see cref="OverrideObjections"/> and a <see cref="Reason"/>: a deliberate act, never an accident.
/// </summary>
public sealed record AcceptAmendment(Guid AmendmentId, bool OverrideObjections = false, string? Reason = null) : IAmendmentCommand;

/// <summary>The Chair rejects the amendment.</summary>
public sealed record RejectAmendment(Guid AmendmentId, string? Reason = null) : IAmendmentCommand;

/// <summary>The proposer withdraws the amendment.</summary>
public sealed record WithdrawAmendment(Guid AmendmentId) : IAmendmentCommand;

/// <summary>
/// Everything accepting an amendment writes, stream by stream, to be appended in one transaction:
/// <see cref="AmendmentEvents"/> to the amendment's stream; <see cref="ParagraphEvents"/> to the stream
/// <see cref="ParagraphStreamId"/> (the target paragraph, or the new paragraph for an insertion, which starts that stream);
/// and, when the draft's structure changes, <see cref="DraftCommand"/> to decide on the draft with
/// <see cref="DraftDecisions.Decide"/> as the accepting Chair (placing the new paragraph, or withdrawing the deleted one from numbering).
/// </summary>
public sealed record AmendmentAcceptance(
    object[] AmendmentEvents, Guid ParagraphStreamId, object[] ParagraphEvents, IDraftCommand? DraftCommand);
