namespace GgeWorkspace.Api.Groups;

/// <summary>Pure rules of membership: given the group and a request, the events to append, or a domain error.</summary>
public static class GroupDecisions
{
    public static object[] Create(Guid groupId, string name, string mandateReference, string timeZone, string creatorSub, string creatorName) =>
    [
        new GroupCreated(groupId, name, mandateReference, timeZone),
        new MemberAdded(groupId, creatorSub, creatorName, MemberRole.Secretariat, null, ContributionAttribution.Personal),
    ];

    public static object[] AddMember(
        Group group, string sub, string? displayName, MemberRole role, string? state, ContributionAttribution attribution, IReadOnlyList<string>? languages = null)
    {
        if (group.MemberFor(sub) is not null)
            throw new ConflictException($"'{sub}' is already a member of this group.");
        return [new MemberAdded(group.Id, sub, displayName, role, state, attribution, languages is { Count: > 0 } ? languages : null)];
    }

    public static object[] RemoveMember(Group group, string sub)
    {
        var member = group.MemberFor(sub) ?? throw new NotFoundException($"'{sub}' is not a member of this group.");
        if (member.Role == MemberRole.Secretariat && group.Members.Count(m => m.Role == MemberRole.Secretariat) == 1)
            throw new ConflictException("The last Secretariat member cannot be removed: add another first.");
        return [new MemberRemoved(group.Id, sub)];
    }

    public static object[] ChangeMember(
        Group group, string sub, MemberRole role, string? state, ContributionAttribution attribution, IReadOnlyList<string>? languages = null)
    {
        var member = group.MemberFor(sub) ?? throw new NotFoundException($"'{sub}' is not a member of this group.");
        if (member.Role == MemberRole.Secretariat && role != MemberRole.Secretariat
            && group.Members.Count(m => m.Role == MemberRole.Secretariat) == 1)
            throw new ConflictException("The last Secretariat member cannot change role: add another Secretariat member first.");

        var events = new List<object>();
        if (member.Role != role) events.Add(new MemberRoleChanged(group.Id, sub, role));
        if (member.NominatingState != state || member.Attribution != attribution)
            events.Add(new MemberNominationChanged(group.Id, sub, state, attribution));
        if (!member.Languages.SequenceEqual(languages ?? [])) events.Add(new MemberLanguagesChanged(group.Id, sub, languages ?? []));
        return [.. events];
    }
}
