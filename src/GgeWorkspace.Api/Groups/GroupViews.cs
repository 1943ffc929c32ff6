namespace GgeWorkspace.Api.Groups;

public sealed record MemberView(string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution)
{
    /// <summary>The languages a Translator translates into; empty for every other role.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
}

/// <summary>A delegation present in the group as it holds brackets: <see cref="Holder"/> is what a bracket names, <see cref="Name"/> how it reads.</summary>
public sealed record DelegationView(string Holder, string Name)
{
    public static DelegationView Of(Delegation delegation, Group group) => new(
        delegation.Label,
        delegation.State is { } state ? StateNames.Of(state) : group.MemberFor(delegation.Sub)?.DisplayName ?? delegation.Sub);
}

public sealed record GroupView(
    Guid Id, string Name, string MandateReference, string TimeZone, long Version, MemberRole MyRole, IReadOnlyList<MemberView> Members)
{
    /// <summary>The delegations present (<see cref="Group.Delegations"/>): who may hold a new bracket.</summary>
    public IReadOnlyList<DelegationView> Delegations { get; init; } = [];

    public static GroupView From(Group group, string callerSub) => new(
        group.Id, group.Name, group.MandateReference, group.TimeZone, group.Version,
        group.MemberFor(callerSub)?.Role ?? MemberRole.Observer,
        [.. group.Members.Select(m => new MemberView(m.Sub, m.DisplayName, m.Role, m.NominatingState, m.Attribution) { Languages = m.Languages })])
    {
        Delegations = [.. group.Delegations().Select(d => DelegationView.Of(d, group))],
    };
}

public sealed record GroupSummary(Guid Id, string Name, string MandateReference, MemberRole MyRole);
