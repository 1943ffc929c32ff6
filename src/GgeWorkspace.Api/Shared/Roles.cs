namespace GgeWorkspace.Api.Shared;

/// <summary>
/// The sets of member roles that rules and the group gate allow, one name a set. A decision that refuses names the roles
/// in the order given here.
/// </summary>
public static class Roles
{
    public static readonly IReadOnlyList<MemberRole> Anyone = [MemberRole.Chair, MemberRole.Expert, MemberRole.Secretariat, MemberRole.Observer];

    /// <summary>Every member who takes part in drafting: all but Observers, who read only.</summary>
    public static readonly IReadOnlyList<MemberRole> Drafters = [MemberRole.Chair, MemberRole.Secretariat, MemberRole.Expert];

    public static readonly IReadOnlyList<MemberRole> Secretariat = [MemberRole.Secretariat];
    public static readonly IReadOnlyList<MemberRole> Chair = [MemberRole.Chair];
    public static readonly IReadOnlyList<MemberRole> ChairOrSecretariat = [MemberRole.Chair, MemberRole.Secretariat];
    public static readonly IReadOnlyList<MemberRole> Experts = [MemberRole.Expert];
}
