using GgeWorkspace.Api.Exports;

namespace GgeWorkspace.Api.Revisions;

/// <summary>The redline from revision <see cref="From"/> to revision <see cref="To"/>, or to the draft now when <see cref="To"/> is null.</summary>
public sealed record GetRedline(Guid GroupId, Guid DraftId, int From, int? To) : IQuery<Redline>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => VariantReaders.Of(ExportVariant.Redline);
}

public sealed class GetRedlineHandler(IDocumentStore store, IQuerySession session) : IQueryHandler<GetRedline, Redline>
{
    public async ValueTask<Redline> Handle(GetRedline query, CancellationToken ct)
    {
        await RevisionReads.RequireDraftAsync(session, query.GroupId, query.DraftId, ct);
        var older = await RevisionReads.IssuedAsync(session, query.DraftId, query.From, ct);
        RevisionSnapshot newer;
        long newerSequence;
        if (query.To is { } to)
        {
            var issued = await RevisionReads.IssuedAsync(session, query.DraftId, to, ct);
            (newer, newerSequence) = (issued.Snapshot, issued.GlobalSequence);
        }
        else
        {
            var current = await CurrentDraft.ReadAsync(store, query.GroupId, query.DraftId, ct);
            (newer, newerSequence) = (RevisionSnapshot.From(current.State.Draft, current.State.Paragraphs), current.State.Sequence);
        }
        if (newerSequence < older.GlobalSequence)
            throw new ConflictException("A redline goes from an older revision to a newer one.",
                new Dictionary<string, object?> { ["from"] = query.From, ["to"] = query.To });

        // The text changes between the two, per paragraph, so deletions are attributed to whoever made them.
        Guid[] ids = [.. older.Snapshot.Paragraphs().Select(p => p.ParagraphId).Union(newer.Paragraphs().Select(p => p.ParagraphId))];
        var raw = ids.Length == 0
            ? []
            : await session.Events.QueryAllRawEvents()
                .Where(e => ids.Contains(e.StreamId) && e.Sequence > older.GlobalSequence && e.Sequence <= newerSequence)
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
        var changes = raw.Select(e => e.Data).OfType<IParagraphTextChange>().Where(c => !Infrastructure.Events.UnreadableEvents.IsUnreadable(c))
            .GroupBy(c => c.ParagraphId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IParagraphTextChange>)[.. g]);
        return Redline.Between(older.Snapshot, newer, changes);
    }
}

public static class GetRedlineEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/drafts/{draftId:guid}/redline", (Guid groupId, Guid draftId, string? from, string? to, IMediator m, CancellationToken ct) =>
            {
                if (!int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var older))
                    throw new BadHttpRequestException("from is a revision number (0 for the zero draft).");
                int? newer = null;
                if (to is not (null or "current"))
                {
                    if (!int.TryParse(to, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                        throw new BadHttpRequestException("to is a revision number or \"current\".");
                    newer = n;
                }
                return m.Send(new GetRedline(groupId, draftId, older, newer), ct);
            })
            .WithSummary("Redline from revision ?from= to revision ?to= (or \"current\", the default): per paragraph segments with actors and times, added, removed and moved paragraphs, and the number map.");
}
