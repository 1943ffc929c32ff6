namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// Reads of a draft's history in memory, through <see cref="Draft.Replay"/> and <see cref="Paragraph.Replay"/>: a draft
/// "as of" a global sequence, and the bracket history.
/// </summary>
public static class DraftReplay
{
    /// <summary>The first damaged paragraph of a replayed draft, as the problem its readers answer; null when there is none.</summary>
    public static Infrastructure.Errors.ParagraphDamagedException? DamageIn(IEnumerable<Paragraph> paragraphs) =>
        paragraphs.FirstOrDefault(p => p.IsDamaged) is { Damage: { } damage } damaged
            ? new Infrastructure.Errors.ParagraphDamagedException(damaged.Id, damage.Sequence ?? 0, damage.Reason)
            : null;

    /// <summary>A draft and its paragraphs as they were once every event up to <paramref name="sequence"/> had happened.</summary>
    public static async Task<DraftState?> AsOfAsync(IQuerySession session, Guid draftId, long sequence, CancellationToken ct)
    {
        var draftEvents = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == draftId && e.Sequence <= sequence)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        Draft? draft = null;
        foreach (var e in draftEvents) draft = Draft.Replay(draft, e.StreamId, e.Sequence, e.Data);
        if (draft is null) return null;
        draft.Version = draftEvents.Count == 0 ? 0 : draftEvents[^1].Version;

        var ids = draft.AllPlacedIds().ToArray();
        var paragraphEvents = ids.Length == 0
            ? []
            : await session.Events.QueryAllRawEvents()
                .Where(e => ids.Contains(e.StreamId) && e.Sequence <= sequence)
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
        var paragraphs = new Dictionary<Guid, Paragraph>();
        foreach (var e in paragraphEvents)
        {
            paragraphs.TryGetValue(e.StreamId, out var current);
            var next = Paragraph.Replay(current, e.StreamId, e.Sequence, e.Data);
            if (next is null) continue;
            next = next with { };
            next.Version = e.Version;
            paragraphs[e.StreamId] = next;
        }
        return new DraftState(draft, paragraphs, sequence);
    }

    /// <summary>Bracket counts after every event of the draft that changed them, oldest first (the burndown).</summary>
    public static async Task<IReadOnlyList<BracketCountPoint>> BracketHistoryAsync(IQuerySession session, Draft current, CancellationToken ct)
    {
        var ids = current.AllPlacedIds().Append(current.Id).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => ids.Contains(e.StreamId))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        Draft? draft = null;
        var paragraphs = new Dictionary<Guid, Paragraph>();
        var points = new List<BracketCountPoint>();
        var last = 0;
        foreach (var e in events)
        {
            if (e.StreamId == current.Id)
            {
                draft = Draft.Replay(draft, e.StreamId, e.Sequence, e.Data);
                continue;
            }
            paragraphs.TryGetValue(e.StreamId, out var before);
            if (Paragraph.Replay(before, e.StreamId, e.Sequence, e.Data) is { } after) paragraphs[e.StreamId] = after;
            if (draft is null) continue;
            var counts = DraftBracketCounts.PerSection(draft, paragraphs);
            var total = counts.Where(c => draft.SectionFor(c.SectionId)?.ParentSectionId is null).Sum(c => c.BracketsIncludingSubSections);
            if (total == last) continue;
            last = total;
            points.Add(new BracketCountPoint(e.Sequence, e.Timestamp, total, counts));
        }
        return points;
    }
}

/// <summary>A draft with its paragraphs, reflecting every event of theirs up to <see cref="Sequence"/>.</summary>
public sealed record DraftState(Draft Draft, IReadOnlyDictionary<Guid, Paragraph> Paragraphs, long Sequence);

public sealed record BracketCountPoint(long Sequence, DateTimeOffset Timestamp, int Total, IReadOnlyList<SectionBracketCount> Sections);
