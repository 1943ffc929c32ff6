namespace GgeWorkspace.Api.Comments;

/// <summary>A command on an existing comment thread stream.</summary>
public interface ICommentThreadCommand
{
    Guid ThreadId { get; }
}

/// <summary>
/// Pure rules of comment threads. Every member except Observers comments and replies; the thread's author, the Chair and
/// the Secretariat resolve and reopen it. A resolved thread takes no replies until reopened.
/// </summary>
public static class CommentDecisions
{
    public static object[] Open(OpenCommentThread command, CommentThread? state, Paragraph paragraph, Actor actor, DateTimeOffset now)
    {
        if (state is not null) throw new ConflictException("This comment thread already exists.");
        RequireCommenter(actor);
        if (paragraph.DraftId != command.DraftId || paragraph.GroupId != command.GroupId || paragraph.Id != command.ParagraphId)
            throw new NotFoundException("There is no such paragraph in the draft.");
        if (paragraph.IsDeleted)
            throw new ConflictException("A deleted paragraph cannot be commented on.", new Dictionary<string, object?> { ["currentStatus"] = paragraph.Status });
        RequireText(command.Text);

        CommentAnchor? anchor = null;
        if (command.Start is not null || command.End is not null)
        {
            if (command is not { Start: { } start, End: { } end }) throw new UnprocessableException("A quoted span needs both its start and its end.");
            var version = command.TextVersion ?? paragraph.TextVersion;
            var since = ParagraphDecisions.SinceVersion(paragraph, version);
            var length = since.Count > 0 ? since[0].BaseLength : CodePoints.Length(paragraph.Text);
            if (start < 0 || end <= start || end > length)
                throw new ConflictException($"A quoted span covers at least one character inside the text ({length} characters at version {version}).",
                    new Dictionary<string, object?> { ["textLength"] = length, ["textVersion"] = paragraph.TextVersion });
            foreach (var operation in since)
            {
                start = TextOperation.TransformPosition(start, operation, stickToRight: true);
                end = Math.Max(start, TextOperation.TransformPosition(end, operation, stickToRight: false));
            }
            if (start == end)
                throw new ConflictException("The quoted text has been deleted since.", new Dictionary<string, object?> { ["textVersion"] = paragraph.TextVersion });
            anchor = new CommentAnchor(start, end, paragraph.TextVersion, CodePoints.Slice(paragraph.Text, start, end - start));
        }

        return
        [
            new CommentThreadOpened(command.GroupId, command.DraftId, command.ThreadId, paragraph.Id, command.CommentId, command.Text.Trim(), anchor,
                actor.Sub, actor.AttributedState, now),
        ];
    }

    public static object[] Reply(ReplyToCommentThread command, CommentThread state, Actor actor, DateTimeOffset now)
    {
        RequireCommenter(actor);
        RequireText(command.Text);
        if (state.IsResolved)
            throw new ConflictException("The thread is resolved: reopen it to reply.", new Dictionary<string, object?> { ["isResolved"] = true });
        if (state.Comments.Any(c => c.Id == command.CommentId)) throw new ConflictException("This comment already exists.");
        return [new CommentReplied(state.GroupId, state.DraftId, state.Id, command.CommentId, command.Text.Trim(), actor.Sub, actor.AttributedState, now)];
    }

    public static object[] Resolve(ResolveCommentThread command, CommentThread state, Actor actor, DateTimeOffset now)
    {
        RequireModerator(state, actor, "resolve");
        if (state.IsResolved) throw new ConflictException("The thread is already resolved.", new Dictionary<string, object?> { ["isResolved"] = true });
        return [new CommentThreadResolved(state.GroupId, state.DraftId, state.Id, actor.Sub, now)];
    }

    public static object[] Reopen(ReopenCommentThread command, CommentThread state, Actor actor, DateTimeOffset now)
    {
        RequireModerator(state, actor, "reopen");
        if (!state.IsResolved) throw new ConflictException("The thread is open.", new Dictionary<string, object?> { ["isResolved"] = false });
        return [new CommentThreadReopened(state.GroupId, state.DraftId, state.Id, actor.Sub, now)];
    }

    /// <summary>
    /// Keeps a thread's anchor in step with its paragraph: given the text changes committed since the anchor's text version
    /// (consecutive text changes of its paragraph, in order; earlier ones are skipped), one
    /// <see cref="CommentAnchorMoved"/> if the span or its quoted text changed, one <see cref="CommentAnchorOrphaned"/> if its
    /// text was all deleted, or nothing. Batching many changes into one event keeps typing from flooding the thread's stream.
    /// </summary>
    public static object[] FollowTextChanges(CommentThread state, IEnumerable<IParagraphTextChange> changes)
    {
        if (state.Anchor is not { IsOrphaned: false } anchor) return [];
        var current = anchor;
        foreach (var change in changes.Where(c => c.ParagraphId == state.ParagraphId && c.BaseTextVersion >= anchor.TextVersion).OrderBy(c => c.BaseTextVersion))
        {
            if (change.BaseTextVersion != current.TextVersion)
                throw new InvalidOperationException($"Text version {current.TextVersion} is missing from the changes.");
            current = CommentAnchors.Transform(current, change.Operation);
            if (current.IsOrphaned) return [new CommentAnchorOrphaned(state.GroupId, state.DraftId, state.Id, current)];
        }
        return current.Start == anchor.Start && current.End == anchor.End && current.QuotedText == anchor.QuotedText
            ? []
            : [new CommentAnchorMoved(state.GroupId, state.DraftId, state.Id, current)];
    }

    private static void RequireCommenter(Actor actor)
    {
        if (!Roles.Drafters.Contains(actor.Role)) throw new ForbiddenException("Observers read only: they cannot comment.");
    }

    private static void RequireModerator(CommentThread state, Actor actor, string action)
    {
        if (actor.Sub != state.AuthorSub && actor.Role is not (MemberRole.Chair or MemberRole.Secretariat))
            throw new ForbiddenException($"Only the thread's author, the Chair or the Secretariat can {action} it.");
    }

    private static void RequireText(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UnprocessableException("A comment needs text.");
    }
}
