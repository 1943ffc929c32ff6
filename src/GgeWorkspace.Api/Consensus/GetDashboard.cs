namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The consensus dashboard of a draft, computed on read from the inline snapshots (so it is never stale). Every member may
/// read it: positions are stated openly in the room and every member already receives them as group events; it is
/// pushed live (<see cref="DashboardBroadcaster"/>) to the Chair.
/// </summary>
public sealed record GetDashboard(Guid GroupId, Guid DraftId) : IQuery<ConsensusDashboardView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetDashboardHandler(IQuerySession session, IOpenAmendmentCounts amendments, TimeProvider time) : IQueryHandler<GetDashboard, ConsensusDashboardView>
{
    public async ValueTask<ConsensusDashboardView> Handle(GetDashboard query, CancellationToken ct)
    {
        var consensus = await DraftConsensus.LoadAsync(session, amendments, query.GroupId, query.DraftId, ct);
        var translations = await Translations.DraftTranslations.LoadAsync(session, consensus.Draft,
            [.. OfficialLanguages.Official.Where(l => l != consensus.Draft.WorkingLanguage)], ct);
        return consensus.Dashboard(time.GetUtcNow()) with { Translations = translations.Counts() };
    }
}

/// <summary>The data behind the status chart: one bar per top-level section (sub-sections included).</summary>
public sealed record GetStatusChart(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<SectionStatusBar>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetStatusChartHandler(IMediator mediator) : IQueryHandler<GetStatusChart, IReadOnlyList<SectionStatusBar>>
{
    public async ValueTask<IReadOnlyList<SectionStatusBar>> Handle(GetStatusChart query, CancellationToken ct) =>
        ConsensusCharts.StatusBars(await mediator.Send(new GetDashboard(query.GroupId, query.DraftId), ct));
}

/// <summary>
/// The data behind the burndown. Until revisions are served here, the series is the draft's bracket-count history (one
/// point after each change of the total, labelled by its time in UTC), the same points as GET .../bracket-counts/history;
/// this is the seam where revision numbers (Zero draft, Rev.1, ...) take over.
/// </summary>
public sealed record GetBurndown(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<RevisionBracketCount>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetBurndownHandler(IQuerySession session) : IQueryHandler<GetBurndown, IReadOnlyList<RevisionBracketCount>>
{
    public async ValueTask<IReadOnlyList<RevisionBracketCount>> Handle(GetBurndown query, CancellationToken ct)
    {
        var draft = Draft.InGroup(await session.LoadAsync<Draft>(query.DraftId, ct), query.GroupId);
        var points = await DraftReplay.BracketHistoryAsync(session, draft, ct);
        return [.. points.Select(p => new RevisionBracketCount(p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), p.Total))];
    }
}

public static class DashboardEndpoints
{
    private const string SvgType = "image/svg+xml";

    public static void Map(RouteGroupBuilder group)
    {
        const string dashboard = "/drafts/{draftId:guid}/dashboard";
        group.MapGet(dashboard, (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new GetDashboard(groupId, draftId), ct))
            .WithSummary("The consensus dashboard: per paragraph, section and draft, with the ready-to-agree list.");
        group.MapGet(dashboard + "/status", (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new GetStatusChart(groupId, draftId), ct))
            .WithSummary("Paragraph status per section (the data of status.svg).");
        group.MapGet(dashboard + "/status.svg", async (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) =>
                Results.Text(ConsensusCharts.StatusPerSection(await m.Send(new GetStatusChart(groupId, draftId), ct)), SvgType))
            .WithSummary("Paragraph status per section as an SVG chart.");
        group.MapGet(dashboard + "/burndown", (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new GetBurndown(groupId, draftId), ct))
            .WithSummary("Bracket counts over time (the data of burndown.svg).");
        group.MapGet(dashboard + "/burndown.svg", async (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) =>
                Results.Text(ConsensusCharts.BracketBurndown(await m.Send(new GetBurndown(groupId, draftId), ct)), SvgType))
            .WithSummary("Bracket counts over time as an SVG chart.");
    }
}
