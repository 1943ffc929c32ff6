using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Comments;

/// <summary>
/// Opens a thread on <see cref="ParagraphId"/>; with <see cref="Start"/> and <see cref="End"/>, anchored to that span of text
/// version <see cref="TextVersion"/> (brought forward to the current version if the text changed since).
/// </summary>
public sealed record OpenCommentThread(
    Guid GroupId, Guid DraftId, Guid ThreadId, Guid ParagraphId, Guid CommentId, string Text, int? Start = null, int? End = null, long? TextVersion = null);

public sealed record AnchorRequest(int? Start, int? End, long? TextVersion);

public sealed record OpenThreadRequest(string? Text, AnchorRequest? Anchor);

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

/// <summary>Starts the thread's stream; a quote is fenced into the paragraph's stream in the same transaction.</summary>
public sealed class StartCommentThreadHandler(StreamWrite write, GroupAccess access, TimeProvider time) : ICommandHandler<StartCommentThread, CommentThread>
{
    public async ValueTask<CommentThread> Handle(StartCommentThread command, CancellationToken ct)
    {
        var session = write.Session;
        // A quote is fenced into the paragraph's stream (locked while deciding), so the next text change, live or not, moves it.
        var versions = command.Anchor is null ? null : await ParagraphFences.LockAsync(session, [command.ParagraphId], ct);
        var paragraph = await session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        var open = new OpenCommentThread(command.GroupId, command.DraftId, Guid.CreateVersion7(), paragraph.Id, Guid.CreateVersion7(), command.Text,
            command.Anchor?.Start, command.Anchor?.End, command.Anchor?.TextVersion);
        if (command.Anchor is not null) paragraph = await ParagraphHistory.WithOperationsSinceAsync(session, paragraph, command.Anchor.TextVersion, ct);
        var events = CommentDecisions.Open(open, null, paragraph, Actor.From(access.Required.Member), time.GetUtcNow());
        var written = await write.StartAsync<CommentThread>(open.ThreadId, events, ct);
        if (versions is not null && ((CommentThreadOpened)events[0]).Anchor is { } anchor)
            ParagraphFences.Append(session, versions, new ParagraphQuoted(command.GroupId, command.DraftId, paragraph.Id, open.ThreadId, anchor.TextVersion));
        await write.SaveAsync(ct);
        return written.State;
    }
}

public static class OpenCommentThreadEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost(CommentRoutes.ParagraphCommentsPath, async (Guid groupId, Guid draftId, Guid paragraphId, OpenThreadRequest r, IMediator m, HttpContext http,
                CancellationToken ct) =>
            {
                var opened = await m.Send(new StartCommentThread(groupId, draftId, paragraphId, r.Text ?? "", r.Anchor, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, opened.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/comments/{opened.Id}", opened);
            })
            .WithSummary("Open a comment thread on a paragraph, optionally anchored to [start, end) of text version textVersion (members but Observers). Accepts Idempotency-Key.")
            .Produces<CommentThread>(StatusCodes.Status201Created);
}
