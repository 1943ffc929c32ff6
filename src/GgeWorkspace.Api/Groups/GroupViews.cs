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

public sealed record GroupSummary(Guid Id, string Name, string MandateReference, MemberRole MyRole);
