namespace GgeWorkspace.Api.Shared;

/// <summary>
/// Who is acting: their sub, their role in the group and the State their contributions are attributed to
/// (<see cref="Member.AttributedState"/>). Authorship needs the sub and State, rules need the role.
/// </summary>
public sealed record Actor(string Sub, MemberRole Role, string? AttributedState = null, IReadOnlyList<string>? Languages = null)
{
    public static Actor From(Member member) => new(member.Sub, member.Role, member.AttributedState, member.Languages);
}
