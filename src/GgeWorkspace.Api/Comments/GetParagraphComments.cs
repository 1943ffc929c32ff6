namespace GgeWorkspace.Api.Comments;

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

public static class GetParagraphCommentsEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet(CommentRoutes.ParagraphCommentsPath, (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, CancellationToken ct) =>
                m.Send(new GetParagraphComments(groupId, draftId, paragraphId), ct))
            .WithSummary("The paragraph's comment threads with their replies and anchors, and the open and resolved counts.");
}
