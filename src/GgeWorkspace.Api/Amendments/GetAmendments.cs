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
    public async ValueTask<Amendment> Handle(GetAmendment query, CancellationToken ct)
    {
        var amendment = await session.LoadAsync<Amendment>(query.AmendmentId, ct);
        return amendment is not null && amendment.GroupId == query.GroupId && amendment.DraftId == query.DraftId
            ? amendment
            : throw new NotFoundException("No such amendment in this draft.");
    }
}
