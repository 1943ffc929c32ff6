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

    /// <summary>The thread a route names, only if it is in that draft of that group: anything else is 404, no hint.</summary>
    public static CommentThread InDraft(CommentThread? thread, Guid groupId, Guid draftId) =>
        thread is not null && thread.GroupId == groupId && thread.DraftId == draftId
            ? thread
            : throw new NotFoundException("No such comment thread in this draft.");

    /// <summary>Every event type of a comment thread's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(CommentThreadOpened), typeof(CommentReplied), typeof(CommentThreadResolved), typeof(CommentThreadReopened),
        typeof(CommentAnchorMoved), typeof(CommentAnchorOrphaned), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a thread changes by an event: Marten's snapshot and the writers use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static CommentThread? Evolve(CommentThread? state, object e) => (state, e) switch
    {
        (null, CommentThreadOpened x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, CommentReplied x) => state.With(x),
        (not null, CommentThreadResolved x) => state.With(x),
        (not null, CommentThreadReopened x) => state.With(x),
        (not null, CommentAnchorMoved x) => state.With(x),
        (not null, CommentAnchorOrphaned x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or CommentThreadOpened) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(CommentThread), e),
    };

    public static CommentThread From(CommentThreadOpened e) =>
        new(e.ThreadId, e.GroupId, e.DraftId, e.ParagraphId, e.Anchor, e.AuthorSub,
            [new Comment(e.CommentId, e.Text, e.AuthorSub, e.AuthorState, e.OpenedAt)], false, null);

    public CommentThread With(CommentReplied e) =>
        this with { Comments = [.. Comments, new Comment(e.CommentId, e.Text, e.AuthorSub, e.AuthorState, e.RepliedAt)] };

    public CommentThread With(CommentThreadResolved e) => this with { IsResolved = true, ResolvedAt = e.ResolvedAt };

    public CommentThread With(CommentThreadReopened e) => this with { IsResolved = false, ResolvedAt = null };

    public CommentThread With(CommentAnchorMoved e) => this with { Anchor = e.Anchor };

    // Anchors orphaned before orphans lost their offsets were stored with stale ones: they are dropped here too.
    public CommentThread With(CommentAnchorOrphaned e) => this with { Anchor = e.Anchor.Orphaned(e.Anchor.TextVersion) };
}
