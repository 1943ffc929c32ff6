using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Groups;

public sealed record ChangeMemberRequest(MemberRole Role, string? NominatingState, ContributionAttribution? Attribution, IReadOnlyList<string>? Languages = null);

public sealed record ChangeMember(
    Guid GroupId, long ExpectedVersion, string Sub, MemberRole Role, string? NominatingState, ContributionAttribution Attribution,
    IReadOnlyList<string>? Languages = null)
    : ICommand<GroupView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class ChangeMemberValidator : AbstractValidator<ChangeMember>
{
    public ChangeMemberValidator()
    {
        RuleFor(x => x.Sub).ValidText().NotEmpty().MaximumLength(255);
        MemberRules.ForNomination(this, x => x.Role, x => x.NominatingState, x => x.Attribution);
        MemberRules.ForLanguages(this, x => x.Role, x => x.Languages);
    }
}

public sealed class ChangeMemberHandler(StreamWrite write, MembershipReconciliation membership, GroupAccess access) : ICommandHandler<ChangeMember, GroupView>
{
    public async ValueTask<GroupView> Handle(ChangeMember command, CancellationToken ct)
    {
        var target = await write.FetchAsync<Group>(command.GroupId, command.ExpectedVersion, StreamWrite.Existing, ct);
        var events = GroupDecisions.ChangeMember(target.State, command.Sub, command.Role, command.NominatingState, command.Attribution,
            MemberRules.LanguagesOf(command.Languages));
        var written = await write.AppendAsync(target, events, ct);
        if (events.Length > 0)
        {
            MembershipNotifications.Announce(write.Session, command.GroupId, command.Sub);
            await write.SaveAsync(ct);
            // A Chair who is no longer Chair leaves the Chairs' channel here before answering.
            await membership.ApplyAsync(written.State, CancellationToken.None);
        }
        return GroupView.From(written.State, access.Required.Caller.Sub);
    }
}

public static class ChangeMemberEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapPut("/{groupId:guid}/members/{sub}", async (Guid groupId, string sub, ChangeMemberRequest request, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var view = await mediator.Send(new ChangeMember(groupId, Versions.RequireIfMatch(http), sub, request.Role, request.NominatingState,
                    MemberRules.AttributionOf(request.Role, request.NominatingState, request.Attribution), request.Languages), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Change a member's role, nominating State, attribution or a Translator's languages (Secretariat). Requires If-Match.");
}
