using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Comments;

/// <summary>A member other than an Observer opens a thread on a paragraph, optionally anchored to a quoted span.</summary>
public sealed record StartCommentThread(Guid GroupId, Guid DraftId, Guid ParagraphId, string Text, AnchorRequest? Anchor, string? IdempotencyKey = null)
    : ICommand<CommentThread>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class StartCommentThreadValidator : AbstractValidator<StartCommentThread>
{
    public StartCommentThreadValidator()
    {
        RuleFor(x => x.Text).ValidText().NotEmpty().MaximumLength(10_000);
        When(x => x.Anchor is not null, () =>
        {
            RuleFor(x => x.Anchor!.Start).NotNull().GreaterThanOrEqualTo(0).OverridePropertyName("anchor.start");
            RuleFor(x => x.Anchor!.End).NotNull().GreaterThan(x => x.Anchor!.Start).OverridePropertyName("anchor.end");
            RuleFor(x => x.Anchor!.TextVersion).GreaterThanOrEqualTo(0).OverridePropertyName("anchor.textVersion");
        });
    }
}

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

public sealed class CommentThreadHandlers(StreamWrite write, GroupAccess access, TimeProvider time)
    : ICommandHandler<StartCommentThread, CommentThread>, ICommandHandler<ChangeCommentThread, CommentThread>
{
    private Actor Actor => Actor.From(access.Required.Member);

    private IDocumentSession Session => write.Session;

    public async ValueTask<CommentThread> Handle(StartCommentThread command, CancellationToken ct)
    {
        var session = Session;
        // A quote is fenced into the paragraph's stream (locked while deciding), so the next text change, live or not, moves it.
        var versions = command.Anchor is null ? null : await ParagraphFences.LockAsync(session, [command.ParagraphId], ct);
        var paragraph = await session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        var open = new OpenCommentThread(command.GroupId, command.DraftId, Guid.CreateVersion7(), paragraph.Id, Guid.CreateVersion7(), command.Text,
            command.Anchor?.Start, command.Anchor?.End, command.Anchor?.TextVersion);
        if (command.Anchor is not null) paragraph = await ParagraphHistory.WithOperationsSinceAsync(session, paragraph, command.Anchor.TextVersion, ct);
        var events = CommentDecisions.Open(open, null, paragraph, Actor, time.GetUtcNow());
        var written = await write.StartAsync<CommentThread>(open.ThreadId, events, ct);
        if (versions is not null && ((CommentThreadOpened)events[0]).Anchor is { } anchor)
            ParagraphFences.Append(session, versions, new ParagraphQuoted(command.GroupId, command.DraftId, paragraph.Id, open.ThreadId, anchor.TextVersion));
        await write.SaveAsync(ct);
        return written.State;
    }

    public async ValueTask<CommentThread> Handle(ChangeCommentThread command, CancellationToken ct)
    {
        var target = await write.FetchAsync<CommentThread>(command.Change.ThreadId, null, t =>
            t is not null && t.GroupId == command.GroupId && t.DraftId == command.DraftId
                ? t
                : throw new NotFoundException("No such comment thread in this draft."), ct);
        var thread = target.State;
        var now = time.GetUtcNow();
        var events = command.Change switch
        {
            ReplyToCommentThread c => CommentDecisions.Reply(c, thread, Actor, now),
            ResolveCommentThread c => CommentDecisions.Resolve(c, thread, Actor, now),
            ReopenCommentThread c => CommentDecisions.Reopen(c, thread, Actor, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Change.GetType().Name, "Not a comment thread change."),
        };
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);
        return written.State;
    }
}

/// <summary>The threads on one paragraph, oldest first, with how many are open and resolved.</summary>
public sealed record ParagraphComments(Guid ParagraphId, int Open, int Resolved, IReadOnlyList<CommentThread> Threads);

public sealed record GetParagraphComments(Guid GroupId, Guid DraftId, Guid ParagraphId) : IQuery<ParagraphComments>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetParagraphCommentsHandler(IQuerySession session) : IQueryHandler<GetParagraphComments, ParagraphComments>
{
    public async ValueTask<ParagraphComments> Handle(GetParagraphComments query, CancellationToken ct)
    {
        var paragraph = await session.LoadParagraphInDraftAsync(query.GroupId, query.DraftId, query.ParagraphId, ct);
        var threads = await session.Query<CommentThread>().Where(t => t.ParagraphId == query.ParagraphId).ToListAsync(ct);
        List<CommentThread> ordered = [.. threads.OrderBy(t => t.Comments[0].At).ThenBy(t => t.Id)];
        return new ParagraphComments(paragraph.Id, ordered.Count(t => !t.IsResolved), ordered.Count(t => t.IsResolved), ordered);
    }
}
