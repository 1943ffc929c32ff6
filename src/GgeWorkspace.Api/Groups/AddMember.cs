using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Groups;

public sealed record AddMemberRequest(
    string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution? Attribution, IReadOnlyList<string>? Languages = null);

public sealed record AddMember(
    Guid GroupId, long ExpectedVersion, string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution,
    IReadOnlyList<string>? Languages = null)
    : ICommand<GroupView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class AddMemberValidator : AbstractValidator<AddMember>
{
    public AddMemberValidator()
    {
        RuleFor(x => x.Sub).ValidText().NotEmpty().MaximumLength(255);
        RuleFor(x => x.DisplayName).ValidText().MaximumLength(200);
        MemberRules.ForNomination(this, x => x.Role, x => x.NominatingState, x => x.Attribution);
        MemberRules.ForLanguages(this, x => x.Role, x => x.Languages);
    }
}

public sealed class AddMemberHandler(StreamWrite write, GroupMembershipCache groups, GroupAccess access) : ICommandHandler<AddMember, GroupView>
{
    public async ValueTask<GroupView> Handle(AddMember command, CancellationToken ct)
    {
        MembershipNotifications.Announce(write.Session, command.GroupId, command.Sub);
        var written = await write.ExecuteAsync<Group>(command.GroupId, command.ExpectedVersion, StreamWrite.Existing,
            group => GroupDecisions.AddMember(group, command.Sub, command.DisplayName, command.Role, command.NominatingState, command.Attribution,
                MemberRules.LanguagesOf(command.Languages)), ct);
        groups.Invalidate(command.GroupId);
        return GroupView.From(written.State, access.Required.Caller.Sub);
    }
}

public static class AddMemberEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapPost("/{groupId:guid}/members", async (Guid groupId, AddMemberRequest request, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var view = await mediator.Send(new AddMember(groupId, Versions.RequireIfMatch(http), request.Sub, request.DisplayName,
                    request.Role, request.NominatingState,
                    MemberRules.AttributionOf(request.Role, request.NominatingState, request.Attribution), request.Languages), ct);
                Versions.SetETag(http, view.Version);
                return Results.Created($"/api/groups/{groupId}", view);
            })
            .WithSummary("Add a member (Secretariat); a Translator with their languages. Requires If-Match with the group's version.")
            .Produces<GroupView>(StatusCodes.Status201Created);
}
