namespace GgeWorkspace.Api.Shared;

/// <summary>
/// The sets of member roles that rules and the group gate allow, one name a set. A decision that refuses names the roles
/// in the order given here.
/// </summary>
public static class Roles
{
    /// <summary>Every member: Translators read what Observers read.</summary>
    public static readonly IReadOnlyList<MemberRole> Anyone =
        [MemberRole.Chair, MemberRole.Expert, MemberRole.Secretariat, MemberRole.Observer, MemberRole.Translator];

    /// <summary>Every member who takes part in drafting: all but Observers, who read only, and Translators, who write translations only.</summary>
    public static readonly IReadOnlyList<MemberRole> Drafters = [MemberRole.Chair, MemberRole.Secretariat, MemberRole.Expert];

    public static readonly IReadOnlyList<MemberRole> Secretariat = [MemberRole.Secretariat];
    public static readonly IReadOnlyList<MemberRole> Chair = [MemberRole.Chair];
    public static readonly IReadOnlyList<MemberRole> ChairOrSecretariat = [MemberRole.Chair, MemberRole.Secretariat];
    public static readonly IReadOnlyList<MemberRole> Experts = [MemberRole.Expert];

    /// <summary>Who writes translations: the Secretariat into any language, a Translator into their own (the decisions check which).</summary>
    public static readonly IReadOnlyList<MemberRole> TranslationWriters = [MemberRole.Secretariat, MemberRole.Translator];

    /// <summary>Who may send a live text operation: drafters on the working text, translation writers on a translation.</summary>
    public static readonly IReadOnlyList<MemberRole> TextWriters = [MemberRole.Chair, MemberRole.Secretariat, MemberRole.Expert, MemberRole.Translator];
}
