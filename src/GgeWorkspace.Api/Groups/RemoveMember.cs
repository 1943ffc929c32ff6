using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Groups;

public sealed record RemoveMember(Guid GroupId, long ExpectedVersion, string Sub) : ICommand<long>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class RemoveMemberHandler(StreamWrite write, MembershipReconciliation membership) : ICommandHandler<RemoveMember, long>
{
    public async ValueTask<long> Handle(RemoveMember command, CancellationToken ct)
    {
        MembershipNotifications.Announce(write.Session, command.GroupId, command.Sub);
        var written = await write.ExecuteAsync<Group>(command.GroupId, command.ExpectedVersion, StreamWrite.Existing,
            group => GroupDecisions.RemoveMember(group, command.Sub), ct);
        // Withdrawn here before answering, whether or not this instance's listener hears the notification.
        await membership.ApplyAsync(written.State, CancellationToken.None);
        return written.Version;
    }
}

public static class RemoveMemberEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapDelete("/{groupId:guid}/members/{sub}", async (Guid groupId, string sub, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var version = await mediator.Send(new RemoveMember(groupId, Versions.RequireIfMatch(http), sub), ct);
                Versions.SetETag(http, version);
                return Results.NoContent();
            })
            .WithSummary("Remove a member (Secretariat); the last Secretariat member cannot be removed. Requires If-Match.");
}
