namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// Writing <see cref="IParagraphFence"/> events: the paragraphs' streams are locked first (in id order, so two writers never
/// wait on each other in a circle) and their versions read under the lock; what the writer then decides is based on text that
/// cannot change until it commits, and each fence is appended expecting the version read. A live commit waiting on the lock
/// fails its version check once the fence is in and its sequencer reloads, seeing the silence, adoption or quote.
/// </summary>
public static class ParagraphFences
{
    /// <summary>Opens the session's transaction and locks the streams of <paramref name="paragraphIds"/>; returns their versions.</summary>
    public static async Task<IReadOnlyDictionary<Guid, long>> LockAsync(IDocumentSession session, IEnumerable<Guid> paragraphIds, CancellationToken ct)
    {
        var ids = paragraphIds.Distinct().Order().ToArray();
        await session.BeginTransactionAsync(ct);
        if (ids.Length == 0) return new Dictionary<Guid, long>();
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.QueryAsync<LockedStream>(
            $"select json_build_object('id', id, 'version', version) from {schema}.mt_streams where id = any(?) order by id for update", ct, ids);
        return rows.ToDictionary(r => r.Id, r => r.Version);
    }

    private sealed record LockedStream(Guid Id, long Version);

    /// <summary>Locks the streams of every paragraph and point placed in the draft (none when it is not a draft of the group).</summary>
    public static async Task<IReadOnlyDictionary<Guid, long>> LockDraftAsync(IDocumentSession session, Guid groupId, Guid draftId, CancellationToken ct) =>
        await LockAsync(session, await session.LoadAsync<Draft>(draftId, ct) is { } draft && draft.GroupId == groupId
            ? draft.AllPlacedIds()
            : [], ct);

    /// <summary>
    /// Fences every point of <paramref name="paragraph"/> too (streams locked with the draft's), so a point's live sequencer sees
    /// the silence or adoption that fenced its paragraph: the points follow the paragraph, taking its status again.
    /// </summary>
    public static void AppendToPoints(IDocumentSession session, IReadOnlyDictionary<Guid, long> versions, Draft draft, Paragraph paragraph)
    {
        foreach (var pointId in draft.PointsOf(paragraph.Id))
            Append(session, versions, new PointFollowedParagraph(paragraph.GroupId, paragraph.DraftId, pointId, paragraph.Id, paragraph.Status));
    }

    /// <summary>Appends <paramref name="fence"/> to its paragraph's stream, expecting the version read under the lock.</summary>
    public static void Append(IDocumentSession session, IReadOnlyDictionary<Guid, long> versions, IParagraphFence fence)
    {
        if (!versions.TryGetValue(fence.ParagraphId, out var version))
            throw new Infrastructure.Errors.ConflictException("The paragraph changed while this was being decided; try again.");
        session.Events.Append(fence.ParagraphId, version + 1, fence);
    }
}
