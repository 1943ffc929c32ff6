using GgeWorkspace.Api.Drafts;

namespace GgeWorkspace.Api.Comments;

/// <summary>An event of one comment thread stream.</summary>
public interface ICommentThreadEvent : IDraftEvent
{
    Guid ThreadId { get; }
}

/// <summary>
/// A member opened a thread on a paragraph with its first comment, optionally anchored to a quoted span (given at the
/// paragraph's current text version). The author is content (shown with the comment), so it is in the event.
/// </summary>
public sealed record CommentThreadOpened(
    Guid GroupId, Guid DraftId, Guid ThreadId, Guid ParagraphId, Guid CommentId, string Text, CommentAnchor? Anchor,
    string AuthorSub, string? AuthorState, DateTimeOffset OpenedAt) : ICommentThreadEvent;

public sealed record CommentReplied(
    Guid GroupId, Guid DraftId, Guid ThreadId, Guid CommentId, string Text, string AuthorSub, string? AuthorState, DateTimeOffset RepliedAt)
    : ICommentThreadEvent;

public sealed record CommentThreadResolved(Guid GroupId, Guid DraftId, Guid ThreadId, string ResolvedBySub, DateTimeOffset ResolvedAt) : ICommentThreadEvent;

public sealed record CommentThreadReopened(Guid GroupId, Guid DraftId, Guid ThreadId, string ReopenedBySub, DateTimeOffset ReopenedAt) : ICommentThreadEvent;

/// <summary>The quoted span moved with the paragraph's text: it now stands at [Start, End) of <see cref="CommentAnchor.TextVersion"/>.</summary>
public sealed record CommentAnchorMoved(Guid GroupId, Guid DraftId, Guid ThreadId, CommentAnchor Anchor) : ICommentThreadEvent;

/// <summary>All the quoted text was deleted: the thread stays on the paragraph, its anchor marked orphaned (never silently wrong).</summary>
public sealed record CommentAnchorOrphaned(Guid GroupId, Guid DraftId, Guid ThreadId, CommentAnchor Anchor) : ICommentThreadEvent;

/// <summary>One comment of a thread (the first opened it).</summary>
public sealed record Comment(Guid Id, string Text, string AuthorSub, string? AuthorState, DateTimeOffset At);

/// <summary>A comment thread on a paragraph (one stream per thread).</summary>
public sealed record CommentThread(
    Guid Id, Guid GroupId, Guid DraftId, Guid ParagraphId, CommentAnchor? Anchor, string AuthorSub, IReadOnlyList<Comment> Comments,
    bool IsResolved, DateTimeOffset? ResolvedAt)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public static CommentThread Create(CommentThreadOpened e) =>
        new(e.ThreadId, e.GroupId, e.DraftId, e.ParagraphId, e.Anchor, e.AuthorSub,
            [new Comment(e.CommentId, e.Text, e.AuthorSub, e.AuthorState, e.OpenedAt)], false, null);

    public CommentThread Apply(CommentReplied e) =>
        this with { Comments = [.. Comments, new Comment(e.CommentId, e.Text, e.AuthorSub, e.AuthorState, e.RepliedAt)] };

    public CommentThread Apply(CommentThreadResolved e) => this with { IsResolved = true, ResolvedAt = e.ResolvedAt };

    public CommentThread Apply(CommentThreadReopened e) => this with { IsResolved = false, ResolvedAt = null };

    public CommentThread Apply(CommentAnchorMoved e) => this with { Anchor = e.Anchor };

    public CommentThread Apply(CommentAnchorOrphaned e) => this with { Anchor = e.Anchor };
}
