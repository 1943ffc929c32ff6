namespace GgeWorkspace.Api.Groups;

public sealed record GetGroup(Guid GroupId) : IQuery<GroupView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetGroupHandler(GroupAccess access) : IQueryHandler<GetGroup, GroupView>
{
    public ValueTask<GroupView> Handle(GetGroup query, CancellationToken ct)
    {
        var membership = access.Required;
        return ValueTask.FromResult(GroupView.From(membership.Group, membership.Caller.Sub));
    }
}

public static class GetGroupEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapGet("/{groupId:guid}", async (Guid groupId, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var view = await mediator.Send(new GetGroup(groupId), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("A group with its members; the ETag is the version membership changes must name in If-Match.");
}
