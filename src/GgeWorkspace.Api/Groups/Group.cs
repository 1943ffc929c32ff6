namespace GgeWorkspace.Api.Groups;

[JsonConverter(typeof(JsonStringEnumConverter<MemberRole>))]
public enum MemberRole
{
    Chair,
    Expert,
    Secretariat,
    Observer,

    /// <summary>Reads what Observers read and writes translations into the languages assigned to them.</summary>
    Translator,
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

/// <summary>A member joined. <see cref="Languages"/> are a Translator's languages (null for every other role, and in rows written before Translators).</summary>
public sealed record MemberAdded(
    Guid GroupId, string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution,
    IReadOnlyList<string>? Languages = null) : IGroupEvent;

public sealed record MemberRemoved(Guid GroupId, string Sub) : IGroupEvent;

public sealed record MemberRoleChanged(Guid GroupId, string Sub, MemberRole Role) : IGroupEvent;

public sealed record MemberNominationChanged(Guid GroupId, string Sub, string? NominatingState, ContributionAttribution Attribution) : IGroupEvent;

/// <summary>The languages a member translates into changed (empty once they are no longer a Translator).</summary>
public sealed record MemberLanguagesChanged(Guid GroupId, string Sub, IReadOnlyList<string> Languages) : IGroupEvent;

public sealed record Member(string Sub, string? DisplayName, MemberRole Role, string? NominatingState, ContributionAttribution Attribution)
{
    /// <summary>The State a contribution is attributed to, if any.</summary>
    public string? AttributedState => Attribution == ContributionAttribution.NominatingState ? NominatingState : null;

    /// <summary>The languages a Translator translates into (ISO 639-1 codes); empty for every other role.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Members are equal when every field is, the languages compared as a list (however they were read).</summary>
    public bool Equals(Member? other) =>
        other is not null && (Sub, DisplayName, Role, NominatingState, Attribution) == (other.Sub, other.DisplayName, other.Role, other.NominatingState, other.Attribution)
        && Languages.SequenceEqual(other.Languages);

    public override int GetHashCode() => HashCode.Combine(Sub, DisplayName, Role, NominatingState, Attribution, Languages.Count);
}

/// <summary>A Group of Governmental Experts: its mandate and its members. Inline snapshot: every request authorizes against it.</summary>
public sealed record Group(Guid Id, string Name, string MandateReference, string TimeZone, IReadOnlyList<Member> Members)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public Member? MemberFor(string sub) => Members.FirstOrDefault(m => m.Sub == sub);

    /// <summary>
    /// The delegations present: each Expert's attributed State, or the Expert themselves when their contributions are
    /// attributed personally; one per <see cref="Delegation.Label"/>. The Chair presides and the Secretariat serves, so
    /// neither is a delegation.
    /// </summary>
    public IReadOnlyList<Delegation> Delegations() =>
        [.. Members.Where(m => m.Role == MemberRole.Expert).Select(m => new Delegation(m.Sub, m.AttributedState)).DistinctBy(d => d.Label)];

    /// <summary>Every event type of a group's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(GroupCreated), typeof(MemberAdded), typeof(MemberRemoved), typeof(MemberRoleChanged), typeof(MemberNominationChanged), typeof(MemberLanguagesChanged),
        typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a group changes by an event: Marten's snapshot, the writers and exports all use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static Group? Evolve(Group? state, object e) => (state, e) switch
    {
        (null, GroupCreated x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, MemberAdded x) => state.With(x),
        (not null, MemberRemoved x) => state.With(x),
        (not null, MemberRoleChanged x) => state.With(x),
        (not null, MemberNominationChanged x) => state.With(x),
        (not null, MemberLanguagesChanged x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or GroupCreated) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(Group), e),
    };

    public static Group From(GroupCreated e) => new(e.GroupId, e.Name, e.MandateReference, e.TimeZone, []);

    public Group With(MemberAdded e) =>
        this with { Members = [.. Members, new Member(e.Sub, e.DisplayName, e.Role, e.NominatingState, e.Attribution) { Languages = e.Languages ?? [] }] };

    public Group With(MemberRemoved e) => this with { Members = [.. Members.Where(m => m.Sub != e.Sub)] };

    public Group With(MemberRoleChanged e) =>
        this with { Members = [.. Members.Select(m => m.Sub == e.Sub ? m with { Role = e.Role } : m)] };

    public Group With(MemberNominationChanged e) =>
        this with
        {
            Members = [.. Members.Select(m => m.Sub == e.Sub ? m with { NominatingState = e.NominatingState, Attribution = e.Attribution } : m)],
        };

    public Group With(MemberLanguagesChanged e) =>
        this with { Members = [.. Members.Select(m => m.Sub == e.Sub ? m with { Languages = e.Languages } : m)] };
}
