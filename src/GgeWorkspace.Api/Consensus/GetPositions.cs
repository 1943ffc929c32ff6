namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The current positions on a paragraph, those given on earlier text than the paragraph has now, the Chair's pending
/// auto-agree request, and (on reads) their history.
/// </summary>
public sealed record ParagraphPositionsView(
    Guid ParagraphId, long Version, IReadOnlyList<DelegationPosition> Positions, AutoAgreeRequest? AutoAgree, IReadOnlyList<PositionHistoryEntry>? History,
    IReadOnlyList<PositionOnEarlierText> GivenOnEarlierText)
{
    public static ParagraphPositionsView From(ParagraphPositions p, Paragraph paragraph, IReadOnlyList<PositionHistoryEntry>? history = null) =>
        new(p.ParagraphId, p.Version, p.Positions, p.AutoAgree, history, EarlierText.In(p.Positions, paragraph.Text));
}

/// <summary>One event of a paragraph's positions stream, as the history shows it.</summary>
public sealed record PositionHistoryEntry(long Version, string Type, DateTimeOffset At, string? Actor, object Data);

public sealed record GetPositions(Guid GroupId, Guid DraftId, Guid ParagraphId) : IQuery<ParagraphPositionsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetPositionsHandler(IQuerySession session) : IQueryHandler<GetPositions, ParagraphPositionsView>
{
    public async ValueTask<ParagraphPositionsView> Handle(GetPositions query, CancellationToken ct)
    {
        var paragraph = await session.LoadParagraphInDraftAsync(query.GroupId, query.DraftId, query.ParagraphId, ct);
        var streamId = ConsensusStreams.PositionsOf(query.ParagraphId);
        var positions = await session.LoadAsync<ParagraphPositions>(streamId, ct)
            ?? ParagraphPositions.Empty(query.GroupId, query.DraftId, query.ParagraphId);
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        var history = events.Select(e => new PositionHistoryEntry(e.Version, e.EventTypeName, e.Timestamp,
            e.Headers is not null && e.Headers.TryGetValue(EventHeaders.Actor, out var actor) ? actor?.ToString() : null, e.Data)).ToList();
        return ParagraphPositionsView.From(positions, paragraph, history);
    }
}

public static class GetPositionsEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet(ConsensusRoutes.PositionsPath, async (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new GetPositions(groupId, draftId, paragraphId), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("The delegations' current positions on a paragraph and their history; ETag is the positions version.");
}
