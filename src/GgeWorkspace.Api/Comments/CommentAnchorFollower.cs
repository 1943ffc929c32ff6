namespace GgeWorkspace.Api.Comments;

/// <summary>
/// Keeps quoted spans in step with their paragraph, inside the write that changes the text: given the events about to be
/// appended to a paragraph, appends <see cref="CommentAnchorMoved"/> or <see cref="CommentAnchorOrphaned"/> to every thread
/// anchored in it, in the same session, so the text and its anchors commit together and a reader never sees them disagree.
/// A thread opened while the text was changing may hold an anchor older than the change; the text changes it missed are read
/// from the paragraph's stream. Deciding is <see cref="CommentDecisions.FollowTextChanges"/>, which skips changes an anchor
/// already reflects, so following is idempotent.
/// </summary>
public sealed class CommentAnchorFollower(IDocumentSession session)
{
    public async Task FollowAsync(Guid paragraphId, IReadOnlyCollection<object> paragraphEvents, CancellationToken ct)
    {
        if (!paragraphEvents.OfType<IParagraphTextChange>().Any(c => c.ParagraphId == paragraphId)) return;
        await FollowAsync(paragraphId, paragraphEvents, await QuotingThreadsAsync(session, paragraphId, ct), ct);
    }

    /// <summary>The threads whose quote is still in the paragraph (the live sequencer keeps these in memory between loads).</summary>
    public static async Task<IReadOnlyList<Guid>> QuotingThreadsAsync(IQuerySession session, Guid paragraphId, CancellationToken ct) =>
        [.. (await session.Query<CommentThread>().Where(t => t.ParagraphId == paragraphId).ToListAsync(ct))
            .Where(t => t.Anchor is { IsOrphaned: false }).Select(t => t.Id)];

    /// <summary>Moves the quotes of <paramref name="threadIds"/> (threads already known to quote the paragraph) with the text changes.</summary>
    public async Task FollowAsync(Guid paragraphId, IReadOnlyCollection<object> paragraphEvents, IReadOnlyCollection<Guid> threadIds, CancellationToken ct)
    {
        var changes = paragraphEvents.OfType<IParagraphTextChange>().Where(c => c.ParagraphId == paragraphId).ToList();
        if (changes.Count == 0) return;

        foreach (var threadId in threadIds)
        {
            var stream = await session.Events.FetchForWriting<CommentThread>(threadId, ct);
            if (stream.Aggregate is not { Anchor: { IsOrphaned: false } anchor } thread) continue;
            var missed = anchor.TextVersion < changes[0].BaseTextVersion
                ? await ChangesSinceAsync(paragraphId, anchor.TextVersion, changes[0].BaseTextVersion, ct)
                : [];
            stream.AppendMany(CommentDecisions.FollowTextChanges(thread, [.. missed, .. changes]));
        }
    }

    /// <summary>
    /// A repair restores the paragraph's text at a new text version: quotes are kept where the text is kept, orphaned where
    /// the operator gave another text (there is no operation to carry them over).
    /// </summary>
    public async Task FollowRepairAsync(Guid paragraphId, bool textChanged, long textVersion, CancellationToken ct)
    {
        var threads = await session.Query<CommentThread>().Where(t => t.ParagraphId == paragraphId).ToListAsync(ct);
        foreach (var candidate in threads.Where(t => t.Anchor is { IsOrphaned: false }))
        {
            var stream = await session.Events.FetchForWriting<CommentThread>(candidate.Id, ct);
            if (stream.Aggregate is not { Anchor: { IsOrphaned: false } anchor } thread) continue;
            stream.AppendOne(textChanged
                ? new CommentAnchorOrphaned(thread.GroupId, thread.DraftId, thread.Id, anchor.Orphaned(textVersion))
                : new CommentAnchorMoved(thread.GroupId, thread.DraftId, thread.Id, anchor with { TextVersion = textVersion }));
        }
    }

    private async Task<IReadOnlyList<IParagraphTextChange>> ChangesSinceAsync(Guid paragraphId, long fromVersion, long toVersion, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(paragraphId, token: ct);
        // An unreadable change (its paragraph is refused as damaged until repaired) moves no anchor.
        return [.. events.Select(e => e.Data).OfType<IParagraphTextChange>()
            .Where(c => !Infrastructure.Events.UnreadableEvents.IsUnreadable(c) && c.BaseTextVersion >= fromVersion && c.BaseTextVersion < toVersion)];
    }
}
