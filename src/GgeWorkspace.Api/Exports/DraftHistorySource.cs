using System.Data;

namespace GgeWorkspace.Api.Exports;

/// <summary>Where the events of a draft come from: all <see cref="ExportBuilder"/> needs.</summary>
public interface IDraftHistorySource
{
    /// <summary>
    /// The history of <paramref name="draftId"/> and its group, up to global sequence <paramref name="upTo"/> when given;
    /// null when the group holds no such draft. With <paramref name="language"/>, the paragraphs' translations into it too.
    /// </summary>
    Task<DraftHistory?> LoadAsync(Guid groupId, Guid draftId, long? upTo, CancellationToken ct, string? language = null);
}

/// <summary>
/// Reads a draft's history from the event store by stream, in one repeatable-read snapshot so every stream agrees. The streams
/// of a draft are its own, its paragraphs', their positions', its revision log, its adoption and its amendments (found by the
/// draft id in their first event). Only events are read, so no read model of amendments, positions or revisions is needed.
/// </summary>
public sealed class MartenDraftHistorySource(IDocumentStore store) : IDraftHistorySource
{
    public async Task<DraftHistory?> LoadAsync(Guid groupId, Guid draftId, long? upTo, CancellationToken ct, string? language = null)
    {
        await using var session = store.LightweightSession(IsolationLevel.RepeatableRead);
        await session.BeginTransactionAsync(ct);

        var draftEvents = await Upto(session.Events.QueryAllRawEvents().Where(e => e.StreamId == draftId), upTo).ToListAsync(ct);
        if (draftEvents.Count == 0 || draftEvents[0].Data is not DraftCreated created || created.GroupId != groupId) return null;

        var paragraphIds = draftEvents.Select(e => e.Data).OfType<ParagraphPlaced>().Select(p => p.ParagraphId).Distinct().ToList();
        // Compared as text, not cast to uuid in SQL: one hand-edited row elsewhere must not fail every export.
        var proposedType = store.Options.Events.AllKnownEventTypes().First(t => t.EventType == typeof(AmendmentProposed)).EventTypeName;
        var amendmentIds = await session.QueryAsync<Guid>(
            $"select stream_id from {store.Options.Events.DatabaseSchemaName}.mt_events where type = ? and data->>'draftId' = ?", ct, proposedType, draftId.ToString());
        Guid[] streams =
        [
            groupId,
            .. paragraphIds,
            .. paragraphIds.Select(ConsensusStreams.PositionsOf),
            RevisionLog.StreamIdFor(draftId),
            ConsensusStreams.AdoptionOf(draftId),
            .. amendmentIds.Distinct(),
            .. language is null ? [] : paragraphIds.Select(id => Translations.Translation.IdOf(id, language)),
        ];
        var others = await Upto(session.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId)), upTo).ToListAsync(ct);

        // A copy prepared for a delegation is not part of the draft: the draft now stays the same document after one.
        var events = draftEvents.Concat(others).Where(e => e.Data is not RecipientCopyPrepared).OrderBy(e => e.Sequence).Select(ToExportEvent).ToList();
        return new DraftHistory(groupId, draftId, events);
    }

    private static IQueryable<IEvent> Upto(IQueryable<IEvent> events, long? upTo) =>
        (upTo is { } sequence ? events.Where(e => e.Sequence <= sequence) : events).OrderBy(e => e.Sequence);

    private static ExportEvent ToExportEvent(IEvent e) =>
        new(e.Sequence, e.Timestamp, e.StreamId, e.Data, EventHeaders.Read(e, EventHeaders.Actor), EventHeaders.Read(e, EventHeaders.ActorName),
            EventHeaders.Read(e, EventHeaders.Role), EventHeaders.Read(e, EventHeaders.State));
}
