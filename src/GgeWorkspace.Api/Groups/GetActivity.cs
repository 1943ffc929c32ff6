namespace GgeWorkspace.Api.Groups;

public sealed record GetActivity(Guid GroupId, int Limit) : IQuery<IReadOnlyList<ActivityEntry>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetActivityHandler(IQuerySession session) : IQueryHandler<GetActivity, IReadOnlyList<ActivityEntry>>
{
    public async ValueTask<IReadOnlyList<ActivityEntry>> Handle(GetActivity query, CancellationToken ct) =>
        await session.Query<ActivityEntry>()
            .Where(a => a.GroupId == query.GroupId)
            .OrderByDescending(a => a.Sequence)
            .Take(Math.Clamp(query.Limit, 1, 500))
            .ToListAsync(ct);
}

public static class GetActivityEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapGet("/{groupId:guid}/activity", (Guid groupId, int? limit, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new GetActivity(groupId, limit ?? 100), ct))
            .WithSummary("The group's activity feed, newest first (projected asynchronously).");
}
