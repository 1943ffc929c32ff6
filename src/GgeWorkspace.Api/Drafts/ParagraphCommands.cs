namespace GgeWorkspace.Api.Drafts;

/// <summary>A command on one paragraph stream.</summary>
public interface IParagraphCommand
{
    Guid ParagraphId { get; }
}

/// <summary>
/// A change to a paragraph's text that comes through no paragraph command (live operations, an accepted amendment): what the
/// write guards are asked about before such a change (see <see cref="Infrastructure.Writes.IWriteGuard{T}"/>).
/// </summary>
public sealed record ParagraphTextWrite(Guid ParagraphId);

/// <summary>
/// A text operation against text version <see cref="BaseTextVersion"/>, sequenced by the server: transformed over the
/// operations committed since (which win ties), then applied. The entry point for live editing and accepted amendments.
/// </summary>
public sealed record ChangeParagraphText(Guid ParagraphId, TextOperation Operation, long BaseTextVersion, TextChangeKind Kind) : IParagraphCommand;
