namespace GgeWorkspace.Api.Comments;

public sealed record AnchorRequest(int? Start, int? End, long? TextVersion);

public sealed record OpenThreadRequest(string? Text, AnchorRequest? Anchor);

public sealed record ReplyRequest(string? Text);

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
