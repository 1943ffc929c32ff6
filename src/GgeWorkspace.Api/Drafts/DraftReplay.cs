using JasperFx.Events;
using Marten;

namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// Rebuilds drafts and paragraphs from their events in memory: reads "as of" a global sequence,
/// bracket history, and the state a write produced (without reading it back).
/// </summary>
public static class DraftReplay
{
    public static Paragraph? Apply(Paragraph? p, object e) => (p, e) switch
    {
        (null, ParagraphProposed x) => Paragraph.Create(x),
        (null, ParagraphAdded x) => Paragraph.Create(x),
        (not null, ParagraphTextChanged x) => p.Apply(x),
        (not null, ParagraphPutUnderNegotiation x) => p.Apply(x),
        (not null, ParagraphAgreedAdReferendum x) => p.Apply(x),
        (not null, ParagraphAgreed x) => p.Apply(x),
        (not null, ParagraphParked x) => p.Apply(x),
        (not null, ParagraphResumed x) => p.Apply(x),
        (not null, ParagraphReopened x) => p.Apply(x),
        (not null, ParagraphDeleted x) => p.Apply(x),
        (not null, BracketAdded x) => p.Apply(x),
        (not null, BracketRemoved x) => p.Apply(x),
        (not null, BracketCollapsed x) => p.Apply(x),
        (not null, ParagraphOptionAdded x) => p.Apply(x),
        (not null, ParagraphOptionRemoved x) => p.Apply(x),
        _ => p,
    };

    public static Draft? Apply(Draft? d, object e) => (d, e) switch
    {
        (null, DraftCreated x) => Draft.Create(x),
        (not null, DraftRetitled x) => d.Apply(x),
        (not null, SectionAdded x) => d.Apply(x),
        (not null, SectionRetitled x) => d.Apply(x),
        (not null, SectionMoved x) => d.Apply(x),
        (not null, SectionDeleted x) => d.Apply(x),
        (not null, ParagraphPlaced x) => d.Apply(x),
        (not null, ParagraphMoved x) => d.Apply(x),
        (not null, ParagraphWithdrawnFromNumbering x) => d.Apply(x),
        _ => d,
    };

    /// <summary>The state after appending <paramref name="events"/> to <paramref name="state"/> at <paramref name="version"/>.</summary>
    public static Paragraph After(Paragraph? state, IEnumerable<object> events, long version)
    {
        var result = events.Aggregate(state, Apply) ?? throw new InvalidOperationException("No paragraph.");
        var copy = result with { };
        copy.Version = version;
        return copy;
    }

    public static Draft After(Draft? state, IEnumerable<object> events, long version)
    {
        var result = events.Aggregate(state, Apply) ?? throw new InvalidOperationException("No draft.");
        var copy = result with { };
        copy.Version = version;
        return copy;
    }

    /// <summary>A draft and its paragraphs as they were once every event up to <paramref name="sequence"/> had happened.</summary>
    public static async Task<DraftState?> AsOfAsync(IQuerySession session, Guid draftId, long sequence, CancellationToken ct)
    {
        var draftEvents = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == draftId && e.Sequence <= sequence)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        Draft? draft = null;
        foreach (var e in draftEvents) draft = Apply(draft, e.Data);
        if (draft is null) return null;
        draft.Version = draftEvents.Count == 0 ? 0 : draftEvents[^1].Version;

        var ids = draft.Sections.SelectMany(s => s.Paragraphs).Select(p => p.ParagraphId).ToArray();
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
            var next = Apply(current, e.Data);
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
        var ids = current.Sections.SelectMany(s => s.Paragraphs).Select(p => p.ParagraphId).Append(current.Id).ToArray();
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
                draft = Apply(draft, e.Data);
                continue;
            }
            paragraphs.TryGetValue(e.StreamId, out var before);
            if (Apply(before, e.Data) is { } after) paragraphs[e.StreamId] = after;
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
