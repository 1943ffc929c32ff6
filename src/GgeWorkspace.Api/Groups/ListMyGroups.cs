namespace GgeWorkspace.Api.Groups;

public sealed record ListMyGroups : IQuery<IReadOnlyList<GroupSummary>>;

public sealed class ListMyGroupsHandler(IQuerySession session, CallerAccessor callers) : IQueryHandler<ListMyGroups, IReadOnlyList<GroupSummary>>
{
    public async ValueTask<IReadOnlyList<GroupSummary>> Handle(ListMyGroups query, CancellationToken ct)
    {
        var sub = callers.Current.Sub;
        var groups = await session.Query<Group>().Where(g => g.Members.Any(m => m.Sub == sub)).OrderBy(g => g.Name).ToListAsync(ct);
        return [.. groups.Select(g => new GroupSummary(g.Id, g.Name, g.MandateReference, g.MemberFor(sub)!.Role))];
    }
}

public static class ListMyGroupsEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapGet("/", (IMediator mediator, CancellationToken ct) => mediator.Send(new ListMyGroups(), ct))
            .WithSummary("The groups the caller belongs to, with their role in each.");
}
