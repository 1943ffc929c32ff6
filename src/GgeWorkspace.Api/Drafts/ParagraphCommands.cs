namespace GgeWorkspace.Api.Drafts;

/// <summary>A command on one paragraph stream.</summary>
public interface IParagraphCommand
{
    Guid ParagraphId { get; }
}

/// <summary>An Expert proposes a new paragraph (starts the stream; place it in the draft with <see cref="PlaceParagraph"/>).</summary>
public sealed record ProposeParagraph(Guid GroupId, Guid DraftId, Guid ParagraphId, string Text) : IParagraphCommand;

/// <summary>The Chair or Secretariat adds a paragraph, possibly copied from a workstream draft (with its authorship).</summary>
public sealed record AddParagraph(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string Text,
    Guid? SourceDraftId = null, Guid? SourceParagraphId = null, IReadOnlyList<AuthorshipRun>? Authorship = null) : IParagraphCommand;

/// <summary>The Chair or Secretariat replaces the whole text; stored as the diff from the text of <see cref="BaseTextVersion"/>, which must be current.</summary>
/// <summary>
/// A change to a paragraph's text that comes through no paragraph command (live operations, an accepted amendment): what the
/// write guards are asked about before such a change (see <see cref="Infrastructure.Writes.IWriteGuard{T}"/>).
/// </summary>
public sealed record ParagraphTextWrite(Guid ParagraphId);

public sealed record ReplaceParagraphText(Guid ParagraphId, string NewText, long BaseTextVersion) : IParagraphCommand;

/// <summary>
/// A text operation against text version <see cref="BaseTextVersion"/>, sequenced by the server: transformed over the
/// operations committed since (which win ties), then applied. The entry point for live editing and accepted amendments.
/// </summary>
public sealed record ChangeParagraphText(Guid ParagraphId, TextOperation Operation, long BaseTextVersion, TextChangeKind Kind) : IParagraphCommand;

/// <summary>
/// Move to under negotiation: from proposed (Chair or Secretariat), from parked (Chair), or reopen agreed or ad ref text
/// (Chair, <see cref="Reason"/> required).
/// </summary>
public sealed record PutParagraphUnderNegotiation(Guid ParagraphId, string? Reason = null) : IParagraphCommand;

/// <summary>The Chair records agreement ad referendum.</summary>
public sealed record AgreeParagraphAdReferendum(Guid ParagraphId) : IParagraphCommand;

/// <summary>
/// The Chair (or, with <see cref="Procedure"/>, a procedure) declares the paragraph agreed. With options, exactly one must be
/// chosen and its text becomes the paragraph's text.
/// </summary>
public sealed record AgreeParagraph(Guid ParagraphId, Guid? ChosenOptionId = null, string? Procedure = null) : IParagraphCommand;

/// <summary>The Chair sets the paragraph aside.</summary>
public sealed record ParkParagraph(Guid ParagraphId) : IParagraphCommand;

/// <summary>
/// Deletes the paragraph; it stays in history and can be restored. The Secretariat deletes only proposed paragraphs; agreed
/// or ad ref text is deleted by the Chair with a <see cref="Reason"/>.
/// </summary>
public sealed record DeleteParagraph(Guid ParagraphId, string? Reason = null) : IParagraphCommand;

/// <summary>The Chair restores a deleted paragraph, with a reason, to the status it had before it was deleted.</summary>
public sealed record RestoreParagraph(Guid ParagraphId, string? Reason) : IParagraphCommand;

/// <summary>
/// Put [<see cref="Start"/>, <see cref="End"/>) of text version <see cref="TextVersion"/> in square brackets, held by
/// <see cref="Holders"/>: an Expert's own delegation (the default), or delegations the Chair or Secretariat records with
/// <see cref="Reason"/> (see <see cref="BracketRules"/>).
/// </summary>
public sealed record AddBracket(
    Guid ParagraphId, Guid BracketId, int Start, int End, long TextVersion, BracketKind Kind, IReadOnlyList<string> Holders, string? Reason = null)
    : IParagraphCommand;

/// <summary>
/// A holder withdraws from a bracket: an Expert for their own delegation, or the Chair or Secretariat recording
/// <see cref="Holder"/>'s withdrawal with <see cref="Reason"/>. A bracket with no holder left is lifted.
/// </summary>
public sealed record WithdrawFromBracket(Guid ParagraphId, Guid BracketId, string? Holder, string? Reason = null) : IParagraphCommand;

/// <summary>Clean a bracket: remove the brackets, keep the text.</summary>
public sealed record RemoveBracket(Guid ParagraphId, Guid BracketId) : IParagraphCommand;

/// <summary>Add an alternative text as the next option.</summary>
public sealed record AddParagraphOption(Guid ParagraphId, Guid OptionId, string Text) : IParagraphCommand;

/// <summary>Remove an option.</summary>
public sealed record RemoveParagraphOption(Guid ParagraphId, Guid OptionId) : IParagraphCommand;
