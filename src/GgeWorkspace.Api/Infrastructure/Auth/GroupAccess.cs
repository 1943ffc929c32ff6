namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>A message that acts inside one group; <see cref="GroupAccessBehavior{TMessage,TResponse}"/> checks it.</summary>
public interface IGroupScoped
{
    Guid GroupId { get; }

    /// <summary>Roles allowed to send this message. Observers never write.</summary>
    IReadOnlyCollection<MemberRole> AllowedRoles { get; }
}

/// <summary>A message outside any group that needs the Secretariat application role (such as creating a group).</summary>
public interface IRequiresSecretariatRole;

/// <summary>The caller's membership in the group the current message touches.</summary>
public sealed record Membership(Group Group, Member Member, Caller Caller);

/// <summary>
/// The one authorization mechanism, used by every endpoint and hub method: non-members get 404
/// (no hint that the group exists), members with the wrong role 403. It also stamps the session
/// so every event appended in this scope carries who acted, their role and attributed State.
/// </summary>
public sealed class GroupAccess(IDocumentSession session, CallerAccessor callers, GroupMembershipCache groups)
{
    public Membership? Current { get; private set; }

    public Membership Required => Current ?? throw new InvalidOperationException("No group access was checked for this message.");

    public async Task<Membership> RequireAsync(Guid groupId, IReadOnlyCollection<MemberRole> allowed, CancellationToken ct)
    {
        var caller = callers.Current;
        var group = await groups.GetAsync(groupId, session, ct);
        var member = group?.MemberFor(caller.Sub);
        if (group is null || member is null) throw new NotFoundException("No such group.");
        if (!allowed.Contains(member.Role))
            throw new ForbiddenException($"A member with the role {member.Role} cannot do this here.");

        Current = new Membership(group, member, caller);
        session.LastModifiedBy = caller.Sub;
        session.SetHeader(EventHeaders.Actor, caller.Sub);
        session.SetHeader(EventHeaders.ActorName, caller.DisplayName);
        session.SetHeader(EventHeaders.Role, member.Role.ToString());
        if (member.AttributedState is { } state) session.SetHeader(EventHeaders.State, state);
        return Current;
    }
}

/// <summary>Names of the event headers that say who did something and why.</summary>
public static class EventHeaders
{
    public const string Actor = "actor";
    public const string ActorName = "actorName";
    public const string Role = "role";
    public const string State = "state";
    public const string Reason = "reason";

    /// <summary>A header of a stored event, or null.</summary>
    public static string? Read(JasperFx.Events.IEvent e, string name) =>
        e.Headers is not null && e.Headers.TryGetValue(name, out var value) ? value?.ToString() : null;
}

public sealed class GroupAccessBehavior<TMessage, TResponse>(GroupAccess access, CallerAccessor callers, Microsoft.Extensions.Options.IOptions<AuthOptions> auth)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IRequiresSecretariatRole && !callers.Current.HasApplicationRole(auth.Value.SecretariatRole))
            throw new ForbiddenException($"This needs the application role '{auth.Value.SecretariatRole}'.");
        if (message is IGroupScoped scoped)
            await access.RequireAsync(scoped.GroupId, scoped.AllowedRoles, cancellationToken);
        return await next(message, cancellationToken);
    }
}
