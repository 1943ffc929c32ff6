using GgeWorkspace.Api.Infrastructure.Validation;
using FluentValidation;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Infrastructure.Http;
using GgeWorkspace.Api.Infrastructure.Writes;
using Marten;
using Mediator;

namespace GgeWorkspace.Api.Comments;

public sealed record AnchorRequest(int? Start, int? End, long? TextVersion);

public sealed record OpenThreadRequest(string? Text, AnchorRequest? Anchor);

public sealed record ReplyRequest(string? Text);

/// <summary>A member other than an Observer opens a thread on a paragraph, optionally anchored to a quoted span.</summary>
public sealed record StartCommentThread(Guid GroupId, Guid DraftId, Guid ParagraphId, string Text, AnchorRequest? Anchor, string? IdempotencyKey = null)
    : ICommand<CommentThread>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Writers;
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
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Writers;
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

/// <summary>Rebuilds a thread from its events in memory, for the state a write produced.</summary>
public static class CommentThreadReplay
{
    public static CommentThread? Apply(CommentThread? t, object e) => (t, e) switch
    {
        (null, CommentThreadOpened x) => CommentThread.Create(x),
        (not null, CommentReplied x) => t.Apply(x),
        (not null, CommentThreadResolved x) => t.Apply(x),
        (not null, CommentThreadReopened x) => t.Apply(x),
        (not null, CommentAnchorMoved x) => t.Apply(x),
        (not null, CommentAnchorOrphaned x) => t.Apply(x),
        _ => t,
    };

    public static CommentThread After(CommentThread? state, IEnumerable<object> events, long version)
    {
        var result = events.Aggregate(state, Apply) ?? throw new InvalidOperationException("No comment thread.");
        var copy = result with { };
        copy.Version = version;
        return copy;
    }
}

public static class CommentEndpoints
{
    private static async Task<IResult> Change(IMediator m, HttpContext http, Guid groupId, Guid draftId, ICommentThreadCommand change, CancellationToken ct)
    {
        var thread = await m.Send(new ChangeCommentThread(groupId, draftId, change), ct);
        Versions.SetETag(http, thread.Version);
        return Results.Ok(thread);
    }

    public static void Map(RouteGroupBuilder group)
    {
        const string paragraphComments = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/comments";
        const string thread = "/drafts/{draftId:guid}/comments/{threadId:guid}";
        group.MapPost(paragraphComments, async (Guid groupId, Guid draftId, Guid paragraphId, OpenThreadRequest r, IMediator m, HttpContext http,
                CancellationToken ct) =>
            {
                var opened = await m.Send(new StartCommentThread(groupId, draftId, paragraphId, r.Text ?? "", r.Anchor, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, opened.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/comments/{opened.Id}", opened);
            })
            .WithSummary("Open a comment thread on a paragraph, optionally anchored to [start, end) of text version textVersion (members but Observers). Accepts Idempotency-Key.")
            .Produces<CommentThread>(StatusCodes.Status201Created);
        group.MapGet(paragraphComments, (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, CancellationToken ct) =>
                m.Send(new GetParagraphComments(groupId, draftId, paragraphId), ct))
            .WithSummary("The paragraph's comment threads with their replies and anchors, and the open and resolved counts.");
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
