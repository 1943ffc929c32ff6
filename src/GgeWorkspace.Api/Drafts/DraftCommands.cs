namespace GgeWorkspace.Api.Drafts;

/// <summary>Where to put a section or paragraph among its siblings: at the start, at the end, or right after one of them.</summary>
public sealed record Placement(Guid? AfterId = null, bool AtStart = false)
{
    public static Placement AtEnd { get; } = new();

    public static Placement First { get; } = new(null, true);

    public static Placement After(Guid id) => new(id);
}

/// <summary>A command on one draft stream.</summary>
public interface IDraftCommand
{
    Guid DraftId { get; }
}

public sealed record CreateDraft(Guid GroupId, Guid DraftId, string Title, string? ProvisionalSymbol, DraftKind Kind, Guid? WorkstreamId = null) : IDraftCommand;

/// <summary>Places a new (added, proposed or copied) paragraph in a section. A copy into the report names its source.</summary>
public sealed record PlaceParagraph(
    Guid DraftId, Guid ParagraphId, Guid SectionId, Placement Placement, Guid? SourceDraftId = null, Guid? SourceParagraphId = null) : IDraftCommand;

/// <summary>
/// Places a new point under <see cref="ParentId"/>: a paragraph of the draft, or one of its points for a sub-point (points nest
/// two deep).
/// </summary>
public sealed record PlacePoint(Guid DraftId, Guid PointId, Guid ParentId, Placement Placement) : IDraftCommand;

/// <summary>Moves a point within its parent (<see cref="ParentId"/> null), under another point, or to another paragraph.</summary>
public sealed record MovePoint(Guid DraftId, Guid PointId, Guid? ParentId, Placement Placement) : IDraftCommand;

/// <summary>Withdraws a deleted paragraph from numbering (follows <see cref="ParagraphDeleted"/>).</summary>
public sealed record WithdrawParagraph(Guid DraftId, Guid ParagraphId) : IDraftCommand;

/// <summary>Numbers a restored paragraph again (follows <see cref="ParagraphRestored"/>).</summary>
public sealed record ReturnParagraphToNumbering(Guid DraftId, Guid ParagraphId) : IDraftCommand;
