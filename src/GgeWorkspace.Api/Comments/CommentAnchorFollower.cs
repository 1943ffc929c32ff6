using GgeWorkspace.Api.Drafts;
using Marten;

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
        var changes = paragraphEvents.OfType<IParagraphTextChange>().Where(c => c.ParagraphId == paragraphId).ToList();
        if (changes.Count == 0) return;

        var threads = await session.Query<CommentThread>().Where(t => t.ParagraphId == paragraphId).ToListAsync(ct);
        foreach (var candidate in threads.Where(t => t.Anchor is { IsOrphaned: false }))
        {
            var stream = await session.Events.FetchForWriting<CommentThread>(candidate.Id, ct);
            if (stream.Aggregate is not { Anchor: { IsOrphaned: false } anchor } thread) continue;
            var missed = anchor.TextVersion < changes[0].BaseTextVersion
                ? await ChangesSinceAsync(paragraphId, anchor.TextVersion, changes[0].BaseTextVersion, ct)
                : [];
            stream.AppendMany(CommentDecisions.FollowTextChanges(thread, [.. missed, .. changes]));
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
