namespace GgeWorkspace.Api.Consensus;

/// <summary>A time as stored (UTC) and as members of the group read it (in its time zone).</summary>
public sealed record GroupTime(DateTimeOffset Utc, DateTimeOffset Local, string TimeZone, string Text)
{
    public static GroupTime Of(DateTimeOffset utc, string timeZone) =>
        new(utc.ToUniversalTime(), SilenceRules.InTimeZone(utc, timeZone), timeZone, SilenceRules.Describe(utc, timeZone));
}

public sealed record SilenceProcedureView(
    Guid Id, Guid DraftId, long Version, SilenceProcedureStatus Status, SilenceOutcome? Outcome, SilenceScope Scope,
    IReadOnlyList<SilencedParagraph> Placed, IReadOnlyList<NotSilencedParagraph> NotPlaced, string StartedBySub, GroupTime StartedAt,
    GroupTime Deadline, GroupTime? ReminderAt, bool ReminderRecorded, IReadOnlyList<SilenceBreak> Breaks)
{
    public static SilenceProcedureView From(SilenceProcedure p, string timeZone) => new(
        p.Id, p.DraftId, p.Version, p.Status, p.Outcome, p.Scope, p.Placed, p.NotPlaced, p.StartedBySub, GroupTime.Of(p.StartedAt, timeZone),
        GroupTime.Of(p.Deadline, timeZone), p.ReminderAt is { } at ? GroupTime.Of(at, timeZone) : null, p.ReminderRecorded, p.Breaks);
}

/// <summary>A draft's silence procedures, newest first, with deadlines in UTC and in the group's time zone.</summary>
public sealed record ListSilenceProcedures(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<SilenceProcedureView>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListSilenceProceduresHandler(IQuerySession session, GroupAccess access) : IQueryHandler<ListSilenceProcedures, IReadOnlyList<SilenceProcedureView>>
{
    public async ValueTask<IReadOnlyList<SilenceProcedureView>> Handle(ListSilenceProcedures query, CancellationToken ct)
    {
        Draft.InGroup(await session.LoadAsync<Draft>(query.DraftId, ct), query.GroupId);
        var procedures = await session.Query<SilenceProcedure>().Where(p => p.DraftId == query.DraftId).ToListAsync(ct);
        return [.. procedures.OrderByDescending(p => p.StartedAt).Select(p => SilenceProcedureView.From(p, access.Required.Group.TimeZone))];
    }
}

public static class GetSilenceProceduresEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet(ConsensusRoutes.SilencePath, (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) =>
                m.Send(new ListSilenceProcedures(groupId, draftId), ct))
            .WithSummary("The draft's silence procedures, newest first; times in UTC and in the group's time zone.");
}
