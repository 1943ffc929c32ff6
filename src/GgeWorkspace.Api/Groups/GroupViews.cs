namespace GgeWorkspace.Api.Groups;

public sealed record MemberView(string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution);

public sealed record GroupView(
    Guid Id, string Name, string MandateReference, string TimeZone, long Version, MemberRole MyRole, IReadOnlyList<MemberView> Members)
{
    public static GroupView From(Group group, string callerSub) => new(
        group.Id, group.Name, group.MandateReference, group.TimeZone, group.Version,
        group.MemberFor(callerSub)?.Role ?? MemberRole.Observer,
        [.. group.Members.Select(m => new MemberView(m.Sub, m.DisplayName, m.Role, m.NominatingState, m.Attribution))]);
}

public static class GroupStreams
{
    /// <summary>The group as the events just appended left it, at the stream's new version.</summary>
    public static Group Applied(this JasperFx.Events.IEventStream<Group> stream, IReadOnlyList<object> events)
    {
        var group = events.Aggregate(stream.Aggregate, Group.Evolve)! with { };
        group.Version = stream.CurrentVersion ?? 0;
        return group;
    }
}

public sealed record GroupSummary(Guid Id, string Name, string MandateReference, MemberRole MyRole);
