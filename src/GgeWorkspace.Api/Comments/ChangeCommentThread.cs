using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Comments;

public sealed record ReplyToCommentThread(Guid ThreadId, Guid CommentId, string Text) : ICommentThreadCommand;

public sealed record ResolveCommentThread(Guid ThreadId) : ICommentThreadCommand;

public sealed record ReopenCommentThread(Guid ThreadId) : ICommentThreadCommand;

public sealed record ReplyRequest(string? Text);

/// <summary>A reply, resolving or reopening: a change to one thread. Observers are refused; the decisions check the rest.</summary>
public sealed record ChangeCommentThread(Guid GroupId, Guid DraftId, ICommentThreadCommand Change) : ICommand<CommentThread>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class ChangeCommentThreadValidator : AbstractValidator<ChangeCommentThread>
{
    public ChangeCommentThreadValidator() =>
        When(x => x.Change is ReplyToCommentThread, () =>
            RuleFor(x => ((ReplyToCommentThread)x.Change).Text).ValidText().NotEmpty().MaximumLength(10_000).OverridePropertyName("text"));
}

public sealed class ChangeCommentThreadHandler(StreamWrite write, GroupAccess access, TimeProvider time) : ICommandHandler<ChangeCommentThread, CommentThread>
{
    public async ValueTask<CommentThread> Handle(ChangeCommentThread command, CancellationToken ct)
    {
        var target = await write.FetchAsync<CommentThread>(command.Change.ThreadId, null,
            thread => CommentThread.InDraft(thread, command.GroupId, command.DraftId), ct);
        var (thread, actor, now) = (target.State, Actor.From(access.Required.Member), time.GetUtcNow());
        var events = command.Change switch
        {
            ReplyToCommentThread c => CommentDecisions.Reply(c, thread, actor, now),
            ResolveCommentThread c => CommentDecisions.Resolve(c, thread, actor, now),
            ReopenCommentThread c => CommentDecisions.Reopen(c, thread, actor, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Change.GetType().Name, "Not a comment thread change."),
        };
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);
        return written.State;
    }
}

public static class ChangeCommentThreadEndpoints
{
    private static async Task<IResult> Change(IMediator m, HttpContext http, Guid groupId, Guid draftId, ICommentThreadCommand change, CancellationToken ct)
    {
        var thread = await m.Send(new ChangeCommentThread(groupId, draftId, change), ct);
        Versions.SetETag(http, thread.Version);
        return Results.Ok(thread);
    }

    public static void Map(RouteGroupBuilder group)
    {
        const string thread = CommentRoutes.ThreadPath;
        group.MapPost(thread + "/replies", (Guid groupId, Guid draftId, Guid threadId, ReplyRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new ReplyToCommentThread(threadId, Guid.CreateVersion7(), r.Text ?? ""), ct))
            .WithSummary("Reply to an open thread (members but Observers).");
        group.MapPost(thread + "/resolve", (Guid groupId, Guid draftId, Guid threadId, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new ResolveCommentThread(threadId), ct))
            .WithSummary("Resolve the thread (its author, the Chair or the Secretariat).");
        group.MapPost(thread + "/reopen", (Guid groupId, Guid draftId, Guid threadId, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new ReopenCommentThread(threadId), ct))
            .WithSummary("Reopen a resolved thread (its author, the Chair or the Secretariat).");
    }
}
