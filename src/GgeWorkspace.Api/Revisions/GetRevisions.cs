namespace GgeWorkspace.Api.Revisions;

public sealed record ListRevisions(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<RevisionSummary>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListRevisionsHandler(IQuerySession session) : IQueryHandler<ListRevisions, IReadOnlyList<RevisionSummary>>
{
    public async ValueTask<IReadOnlyList<RevisionSummary>> Handle(ListRevisions query, CancellationToken ct)
    {
        await RevisionReads.RequireDraftAsync(session, query.GroupId, query.DraftId, ct);
        var log = await session.LoadAsync<RevisionLog>(RevisionLog.StreamIdFor(query.DraftId), ct);
        return log?.Revisions ?? [];
    }
}

/// <summary>A revision with its content.</summary>
public sealed record RevisionView(Guid RevisionId, int Number, string Label, DateTimeOffset IssuedAt, long GlobalSequence, string? Note, RevisionSnapshot Content)
{
    public static RevisionView From(RevisionIssued e) => new(e.RevisionId, e.Number, e.Label, e.IssuedAt, e.GlobalSequence, e.Note, e.Snapshot);
}

public sealed record GetRevision(Guid GroupId, Guid DraftId, int Number) : IQuery<RevisionView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetRevisionHandler(IQuerySession session) : IQueryHandler<GetRevision, RevisionView>
{
    public async ValueTask<RevisionView> Handle(GetRevision query, CancellationToken ct)
    {
        await RevisionReads.RequireDraftAsync(session, query.GroupId, query.DraftId, ct);
        return RevisionView.From(await RevisionReads.IssuedAsync(session, query.DraftId, query.Number, ct));
    }
}

/// <summary>What every read of revisions needs: the draft in the caller's group, and a revision as issued.</summary>
public static class RevisionReads
{
    public static async Task RequireDraftAsync(IQuerySession session, Guid groupId, Guid draftId, CancellationToken ct) =>
        Draft.InGroup(await session.LoadAsync<Draft>(draftId, ct), groupId);

    /// <summary>
    /// The revision as issued: its number is its position among the log's revisions, and its position in the stream unless
    /// copies prepared for delegations came between revisions; then the log is read to its end.
    /// </summary>
    public static async Task<RevisionIssued> IssuedAsync(IQuerySession session, Guid draftId, int number, CancellationToken ct)
    {
        if (number < 0) throw new NotFoundException($"There is no revision {number}.");
        var events = await session.Events.FetchStreamAsync(RevisionLog.StreamIdFor(draftId), version: number + 1, token: ct);
        if (events.Count > number && events[number].Data is RevisionIssued issued && issued.Number == number) return issued;
        if (events.Count <= number) throw new NotFoundException($"There is no revision {number} of this draft.");
        var log = await session.Events.FetchStreamAsync(RevisionLog.StreamIdFor(draftId), token: ct);
        return log.Select(e => e.Data).OfType<RevisionIssued>().FirstOrDefault(r => r.Number == number)
            ?? throw new NotFoundException($"There is no revision {number} of this draft.");
    }
}

public static class GetRevisionsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string revisions = RevisionRoutes.RevisionsPath;
        group.MapGet(revisions, (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new ListRevisions(groupId, draftId), ct))
            .WithSummary("The draft's revisions, oldest first: number, label, issuedAt, the global sequence each reflects, note.");
        group.MapGet(revisions + "/{number:int}", (Guid groupId, Guid draftId, int number, IMediator m, CancellationToken ct) =>
                m.Send(new GetRevision(groupId, draftId, number), ct))
            .WithSummary("One revision with its whole content as issued.");
    }
}
