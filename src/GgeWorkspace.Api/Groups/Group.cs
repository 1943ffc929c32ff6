using System.Text.Json.Serialization;

namespace GgeWorkspace.Api.Groups;

[JsonConverter(typeof(JsonStringEnumConverter<MemberRole>))]
public enum MemberRole
{
    Chair,
    Expert,
    Secretariat,
    Observer,
}

/// <summary>
/// Whether a member's contributions are attributed to their nominating State or to them alone
/// (the same phrase everywhere in the product: API, exports, client).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContributionAttribution>))]
public enum ContributionAttribution
{
    NominatingState,
    Personal,
}

public sealed record GroupCreated(Guid GroupId, string Name, string MandateReference, string TimeZone) : IGroupEvent;

public sealed record MemberAdded(
    Guid GroupId, string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution) : IGroupEvent;

public sealed record MemberRemoved(Guid GroupId, string Sub) : IGroupEvent;

public sealed record MemberRoleChanged(Guid GroupId, string Sub, MemberRole Role) : IGroupEvent;

public sealed record MemberNominationChanged(Guid GroupId, string Sub, string? NominatingState, ContributionAttribution Attribution) : IGroupEvent;

public sealed record Member(string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution)
{
    /// <summary>The State a contribution is attributed to, if any.</summary>
    public string? AttributedState => Attribution == ContributionAttribution.NominatingState ? NominatingState : null;
}

/// <summary>A Group of Governmental Experts: its mandate and its members. Inline snapshot: every request authorizes against it.</summary>
public sealed record Group(Guid Id, string Name, string MandateReference, string TimeZone, IReadOnlyList<Member> Members)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public Member? MemberFor(string sub) => Members.FirstOrDefault(m => m.Sub == sub);

    /// <summary>Applies any group event; used to answer with the state a write produced without reading it back.</summary>
    public Group Advance(object e, long version)
    {
        var next = e switch
        {
            MemberAdded a => Apply(a),
            MemberRemoved r => Apply(r),
            MemberRoleChanged c => Apply(c),
            MemberNominationChanged n => Apply(n),
            _ => this,
        };
        var copy = next with { };
        copy.Version = version;
        return copy;
    }

    public static Group Create(GroupCreated e) => new(e.GroupId, e.Name, e.MandateReference, e.TimeZone, []);

    public Group Apply(MemberAdded e) =>
        this with { Members = [.. Members, new Member(e.Sub, e.DisplayName, e.Role, e.NominatingState, e.Attribution)] };

    public Group Apply(MemberRemoved e) => this with { Members = [.. Members.Where(m => m.Sub != e.Sub)] };

    public Group Apply(MemberRoleChanged e) =>
        this with { Members = [.. Members.Select(m => m.Sub == e.Sub ? m with { Role = e.Role } : m)] };

    public Group Apply(MemberNominationChanged e) =>
        this with
        {
            Members = [.. Members.Select(m => m.Sub == e.Sub ? m with { NominatingState = e.NominatingState, Attribution = e.Attribution } : m)],
        };
}
