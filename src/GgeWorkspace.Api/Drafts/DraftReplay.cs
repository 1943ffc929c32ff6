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
        // Writes and sequencing apply strictly (a misfit is refused); Replay turns a misfit in history into damage.
        (not null, IParagraphTextChange x) => p.IsDamaged || Infrastructure.Events.UnreadableEvents.IsUnreadable(x) ? p.ApplyStored(x) : p.ApplyStrictly(x),
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
        (not null, ParagraphRepaired x) => p.Apply(x),
        (not null, ParagraphPlacedUnderSilence x) => p.Apply(x),
        (not null, ParagraphAdopted x) => p.Apply(x),
        (not null, ParagraphQuoted x) => p.Apply(x),
        (not null, Infrastructure.Events.UnknownStoredEvent x) => p.Apply(x),
        _ => p,
    };

    /// <summary>
    /// A stored event applied in a replay of history: one that cannot be applied damages its paragraph (naming its
    /// sequence) instead of failing the read, and the paragraph holds until it is repaired, so every replay agrees.
    /// </summary>
    public static Paragraph? Replay(Paragraph? p, Guid streamId, long sequence, object data)
    {
        Paragraph? next;
        try
        {
            next = Apply(p, data);
        }
        catch (Exception failure) when (failure is TextOperationException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            var reason = Infrastructure.Events.UnreadableEvents.Of(data) is { } unreadable ? unreadable.Reason : failure.Message;
            // Without a first event there is no paragraph to mark: the stream itself answers as damaged.
            if (p is null) throw new Infrastructure.Errors.ParagraphDamagedException(streamId, sequence, $"{data.GetType().Name}: {reason}");
            return p with { Damage = new ParagraphDamage(sequence, $"{data.GetType().Name}: {reason}") };
        }
        return next?.Damage is { Sequence: null } damage ? next with { Damage = damage with { Sequence = sequence } } : next;
    }

    /// <summary>The first damaged paragraph of a replayed draft, as the problem its readers answer; null when there is none.</summary>
    public static Infrastructure.Errors.ParagraphDamagedException? DamageIn(IEnumerable<Paragraph> paragraphs) =>
        paragraphs.FirstOrDefault(p => p.IsDamaged) is { Damage: { } damage } damaged
            ? new Infrastructure.Errors.ParagraphDamagedException(damaged.Id, damage.Sequence ?? 0, damage.Reason)
            : null;

    /// <summary>A draft's stored event in a replay: one that cannot be read answers as damage of the draft's stream, naming it.</summary>
    public static Draft? Replay(Draft? d, Guid streamId, long sequence, object data) =>
        Infrastructure.Events.UnreadableEvents.Of(data) is { } unreadable
            ? throw new Infrastructure.Errors.StreamDamagedException(streamId, sequence, $"{unreadable.Type}: {unreadable.Reason}")
            : Apply(d, data);

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
        foreach (var e in draftEvents) draft = Replay(draft, e.StreamId, e.Sequence, e.Data);
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
            var next = Replay(current, e.StreamId, e.Sequence, e.Data);
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
                draft = Replay(draft, e.StreamId, e.Sequence, e.Data);
                continue;
            }
            paragraphs.TryGetValue(e.StreamId, out var before);
            if (Replay(before, e.StreamId, e.Sequence, e.Data) is { } after) paragraphs[e.StreamId] = after;
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
