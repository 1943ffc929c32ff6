namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// The stored operations of a paragraph, read from its events. The snapshot does not carry the operation log (a commit
/// would rewrite it every time), so a reader that must bring a span or an operation forward from an older text version
/// reads the operations since then here, and only then.
/// </summary>
public static class ParagraphHistory
{
    /// <summary>
    /// <paramref name="paragraph"/> holding the operations committed after <paramref name="textVersion"/>, read from the events
    /// when its copy does not hold them. A version that does not exist or is more than
    /// <see cref="Paragraph.RecentOperationLimit"/> versions old is left to <see cref="ParagraphDecisions.SinceVersion"/> to refuse.
    /// </summary>
    public static async Task<Paragraph> WithOperationsSinceAsync(IQuerySession session, Paragraph paragraph, long? textVersion, CancellationToken ct)
    {
        if (textVersion is not { } since || since >= paragraph.TextVersion || since < 0 || since >= paragraph.OldestTransformableTextVersion) return paragraph;
        if (paragraph.TextVersion - since > Paragraph.RecentOperationLimit) return paragraph;
        var operations = Sequenced(await TextChangesAsync(session, paragraph.Id, since, withClientIdOnly: false, ct), since, paragraph.TextVersion);
        return operations is null ? paragraph : paragraph with { RecentOperations = operations };
    }

    /// <summary>
    /// The operations of <paramref name="changes"/> from text version <paramref name="since"/> to <paramref name="current"/>, or
    /// null when they do not follow each other without a gap (an unreadable or repaired stretch cannot be brought forward).
    /// </summary>
    public static IReadOnlyList<SequencedOperation>? Sequenced(IReadOnlyList<ParagraphTextChanged> changes, long since, long current)
    {
        var operations = new List<SequencedOperation>();
        foreach (var change in changes)
        {
            if (change.BaseTextVersion >= current) break;
            if (Infrastructure.Events.UnreadableEvents.IsUnreadable(change) || change.BaseTextVersion != since + operations.Count) return null;
            operations.Add(new SequencedOperation(change.BaseTextVersion + 1, change.Operation));
        }
        return since + operations.Count == current ? operations : null;
    }

    /// <summary>
    /// The stored text changes of one paragraph from a text version on, in order (at most 10,000). Found by stream id, and
    /// the text version compared only where it is a number: a LINQ filter on event fields casts them in SQL for every
    /// stored text change, so one hand-edited row anywhere would fail this query for every paragraph.
    /// </summary>
    public static async Task<IReadOnlyList<ParagraphTextChanged>> TextChangesAsync(
        IQuerySession session, Guid paragraphId, long fromTextVersion, bool withClientIdOnly, CancellationToken ct)
    {
        var events = session.DocumentStore.Options.Events;
        // Live edits (ParagraphTextEdited) and every other text change: the fields read here have the same names in both.
        var types = events.AllKnownEventTypes().Where(t => t.EventType == typeof(ParagraphTextChanged) || t.EventType == typeof(ParagraphTextEdited))
            .Select(t => t.EventTypeName).ToArray();
        var sql = $"select data from {events.DatabaseSchemaName}.mt_events where stream_id = ? and type = any(?) " +
            "and (case when jsonb_typeof(data->'baseTextVersion') = 'number' then (data->>'baseTextVersion')::numeric end) >= ? " +
            (withClientIdOnly ? "and jsonb_typeof(data->'clientOperationId') = 'string' " : "") +
            "order by seq_id limit 10000";
        return await session.QueryAsync<ParagraphTextChanged>(sql, ct, paragraphId, types, fromTextVersion);
    }
}
