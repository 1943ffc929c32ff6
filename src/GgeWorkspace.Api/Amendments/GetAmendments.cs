namespace GgeWorkspace.Api.Amendments;

/// <summary>The amendments of a draft, filtered (see <see cref="AmendmentFilter"/>), from the inline amendment snapshots.</summary>
public sealed record ListAmendments(Guid GroupId, Guid DraftId, AmendmentFilter Filter) : IQuery<IReadOnlyList<AmendmentListItem>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListAmendmentsHandler(IQuerySession session) : IQueryHandler<ListAmendments, IReadOnlyList<AmendmentListItem>>
{
    public async ValueTask<IReadOnlyList<AmendmentListItem>> Handle(ListAmendments query, CancellationToken ct)
    {
        var amendments = await session.Query<Amendment>().Where(a => a.DraftId == query.DraftId && a.GroupId == query.GroupId).ToListAsync(ct);
        return AmendmentViews.List(amendments, query.Filter);
    }
}

public sealed record GetAmendment(Guid GroupId, Guid DraftId, Guid AmendmentId) : IQuery<Amendment>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetAmendmentHandler(IQuerySession session) : IQueryHandler<GetAmendment, Amendment>
{
    public async ValueTask<Amendment> Handle(GetAmendment query, CancellationToken ct) =>
        Amendment.InDraft(await session.LoadAsync<Amendment>(query.AmendmentId, ct), query.GroupId, query.DraftId);
}

public static class GetAmendmentsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet(AmendmentRoutes.AmendmentsPath, (Guid groupId, Guid draftId, Guid? paragraphId, AmendmentState? state, string? proposer, string? proposerState,
                IMediator m, CancellationToken ct) =>
                m.Send(new ListAmendments(groupId, draftId, new AmendmentFilter(paragraphId, state, proposer, proposerState)), ct))
            .WithSummary("The draft's amendments, oldest first; filter by paragraphId, state, proposer (sub) and proposerState (ISO 3166 alpha-3).");
        group.MapGet(AmendmentRoutes.AmendmentPath, async (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var found = await m.Send(new GetAmendment(groupId, draftId, amendmentId), ct);
                Versions.SetETag(http, found.Version);
                return found;
            })
            .WithSummary("One amendment with its supporters and objections; ETag is its version.");
    }
}
