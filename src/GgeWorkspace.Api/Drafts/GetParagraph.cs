namespace GgeWorkspace.Api.Drafts;

public sealed record GetParagraph(Guid GroupId, Guid DraftId, Guid ParagraphId) : IQuery<ParagraphView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetParagraphHandler(IQuerySession session) : IQueryHandler<GetParagraph, ParagraphView>
{
    public async ValueTask<ParagraphView> Handle(GetParagraph query, CancellationToken ct)
    {
        var paragraph = await session.LoadParagraphInDraftAsync(query.GroupId, query.DraftId, query.ParagraphId, ct);
        var draft = await session.LoadAsync<Draft>(query.DraftId, ct);
        return ParagraphView.In(paragraph, draft is null ? null : DraftOutline.Of(draft), withAuthorship: true);
    }
}

public static class GetParagraphEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}",
                async (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
                {
                    var view = await m.Send(new GetParagraph(groupId, draftId, paragraphId), ct);
                    Versions.SetETag(http, view.NegotiationVersion);
                    return view;
                })
            .WithSummary("One paragraph with its authorship; ETag is its negotiation version, textVersion is in the body.");
}
