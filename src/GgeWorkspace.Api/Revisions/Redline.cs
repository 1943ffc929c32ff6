using DiffPlex;

namespace GgeWorkspace.Api.Revisions;

[JsonConverter(typeof(JsonStringEnumConverter<RedlineSegmentKind>))]
public enum RedlineSegmentKind
{
    Unchanged,

    /// <summary>Shown underlined.</summary>
    Inserted,

    /// <summary>Shown struck through.</summary>
    Deleted,
}

/// <summary>
/// A piece of a paragraph's redline. Inserted text names who wrote it and when (from the newer text's authorship); deleted
/// text names who deleted it and when, when the text changes between the two versions were given (otherwise null).
/// </summary>
public sealed record RedlineSegment(RedlineSegmentKind Kind, string Text, string? ActorSub, string? ActorState, DateTimeOffset? At);

[JsonConverter(typeof(JsonStringEnumConverter<ParagraphRedlineKind>))]
public enum ParagraphRedlineKind
{
    Unchanged,
    Changed,
    Added,
    Removed,
}

/// <summary>
/// One paragraph (matched by its stable id) in a redline: its old and new numbers (null where it is absent), whether it
/// moved (its order among the paragraphs of both versions, or its section, changed), its status then and now, and the
/// segments that rebuild the older text (unchanged + deleted) and the newer text (unchanged + inserted).
/// </summary>
public sealed record ParagraphRedline(
    Guid ParagraphId, int? OldNumber, int? NewNumber, ParagraphRedlineKind Kind, bool Moved,
    ParagraphStatus? OldStatus, ParagraphStatus? NewStatus, IReadOnlyList<RedlineSegment> Segments)
{
    public string OldText => string.Concat(Segments.Where(s => s.Kind != RedlineSegmentKind.Inserted).Select(s => s.Text));

    public string NewText => string.Concat(Segments.Where(s => s.Kind != RedlineSegmentKind.Deleted).Select(s => s.Text));

    /// <summary>The redline's changes as one operation: applied to <see cref="OldText"/> it gives <see cref="NewText"/>.</summary>
    public TextOperation ToTextOperation() => TextOperation.Of(Segments.Select(s => s.Kind switch
    {
        RedlineSegmentKind.Unchanged => (TextComponent)new TextComponent.Retain(CodePoints.Length(s.Text)),
        RedlineSegmentKind.Inserted => new TextComponent.Insert(s.Text),
        _ => new TextComponent.Delete(CodePoints.Length(s.Text)),
    }));
}

/// <summary>
/// The redline between two versions of a draft: every paragraph of either, in the newer document order with removed
/// paragraphs where they stood, and the map of old paragraph numbers to new ones (null: removed).
/// </summary>
public sealed record Redline(IReadOnlyList<ParagraphRedline> Paragraphs, IReadOnlyDictionary<int, int?> NumberMap)
{
    /// <summary>
    /// Compares <paramref name="older"/> with <paramref name="newer"/> (two revisions, or a revision and
    /// <see cref="RevisionSnapshot.From"/> of the draft now). Texts are compared word by word for scripts written with spaces
    /// and character by character (grapheme clusters) otherwise (<see cref="RedlineChunker"/>).
    /// <para>
    /// Snapshots do not say who deleted text. When <paramref name="textChanges"/> holds, per paragraph, the
    /// text changes between the two versions (every one from the older text version to the newer),
    /// deleted text is attributed to the author of the change that deleted it; otherwise deletions are unattributed.
    /// </para>
    /// </summary>
    public static Redline Between(
        RevisionSnapshot older, RevisionSnapshot newer, IReadOnlyDictionary<Guid, IReadOnlyList<IParagraphTextChange>>? textChanges = null)
    {
        var oldList = older.Paragraphs().ToList();
        var newList = newer.Paragraphs().ToList();
        var oldById = oldList.ToDictionary(p => p.ParagraphId);
        var newById = newList.ToDictionary(p => p.ParagraphId);
        var moved = MovedIds(oldList, newList);

        ParagraphRedline Compare(SnapshotParagraph? before, SnapshotParagraph? after)
        {
            if (before is null)
                return new ParagraphRedline(after!.ParagraphId, null, after.Number, ParagraphRedlineKind.Added, false, null, after.Status,
                    Attributed(RedlineSegmentKind.Inserted, after.Text, 0, after.Authorship));
            if (after is null)
                return new ParagraphRedline(before.ParagraphId, before.Number, null, ParagraphRedlineKind.Removed, false, before.Status, null,
                    before.Text.Length == 0 ? [] : [new RedlineSegment(RedlineSegmentKind.Deleted, before.Text, null, null, null)]);

            var changes = textChanges is not null && textChanges.TryGetValue(before.ParagraphId, out var list) ? list : null;
            var segments = TextRedline(before, after, changes);
            var kind = segments.Any(s => s.Kind != RedlineSegmentKind.Unchanged) ? ParagraphRedlineKind.Changed : ParagraphRedlineKind.Unchanged;
            return new ParagraphRedline(before.ParagraphId, before.Number, after.Number, kind, moved.Contains(before.ParagraphId),
                before.Status, after.Status, segments);
        }

        // Removed paragraphs go right after the nearest earlier old paragraph that is still there.
        var removedAfter = new Dictionary<Guid, List<SnapshotParagraph>>();
        var removedFirst = new List<SnapshotParagraph>();
        Guid? anchor = null;
        foreach (var p in oldList)
        {
            if (newById.ContainsKey(p.ParagraphId)) { anchor = p.ParagraphId; continue; }
            if (anchor is { } a) (removedAfter.TryGetValue(a, out var l) ? l : removedAfter[a] = []).Add(p);
            else removedFirst.Add(p);
        }

        var result = removedFirst.Select(p => Compare(p, null)).ToList();
        foreach (var p in newList)
        {
            result.Add(Compare(oldById.GetValueOrDefault(p.ParagraphId), p));
            if (removedAfter.TryGetValue(p.ParagraphId, out var removed)) result.AddRange(removed.Select(r => Compare(r, null)));
        }

        var numberMap = oldList.ToDictionary(p => p.Number, p => newById.TryGetValue(p.ParagraphId, out var n) ? (int?)n.Number : null);
        return new Redline(result, numberMap);
    }

    /// <summary>Word- or character-level segments from <paramref name="before"/>'s text to <paramref name="after"/>'s.</summary>
    public static IReadOnlyList<RedlineSegment> TextRedline(
        SnapshotParagraph before, SnapshotParagraph after, IReadOnlyList<IParagraphTextChange>? changes = null)
    {
        var deleters = changes is null ? null : Deleters(before, after, changes);
        var diff = Differ.Instance.CreateDiffs(before.Text, after.Text, false, false, RedlineChunker.Instance);
        var oldPieces = diff.PiecesOld;
        var newPieces = diff.PiecesNew;
        var segments = new List<RedlineSegment>();
        int oldPiece = 0, oldAt = 0, newAt = 0;

        void Unchanged(int pieces)
        {
            var text = string.Concat(oldPieces.Skip(oldPiece).Take(pieces));
            if (text.Length > 0) segments.Add(new RedlineSegment(RedlineSegmentKind.Unchanged, text, null, null, null));
            var length = CodePoints.Length(text);
            oldPiece += pieces;
            oldAt += length;
            newAt += length;
        }

        foreach (var block in diff.DiffBlocks)
        {
            Unchanged(block.DeleteStartA - oldPiece);
            var deleted = string.Concat(oldPieces.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            var inserted = string.Concat(newPieces.Skip(block.InsertStartB).Take(block.InsertCountB));
            segments.AddRange(Deleted(deleted, oldAt, deleters));
            segments.AddRange(Attributed(RedlineSegmentKind.Inserted, inserted, newAt, after.Authorship));
            oldPiece = block.DeleteStartA + block.DeleteCountA;
            oldAt += CodePoints.Length(deleted);
            newAt += CodePoints.Length(inserted);
        }
        Unchanged(oldPieces.Count - oldPiece);
        return segments;
    }

    /// <summary>Splits <paramref name="text"/> (at code point <paramref name="at"/> of its paragraph) by the authorship runs there.</summary>
    private static List<RedlineSegment> Attributed(RedlineSegmentKind kind, string text, int at, IReadOnlyList<AuthorshipRun> runs)
    {
        var segments = new List<RedlineSegment>();
        var length = CodePoints.Length(text);
        var offset = 0;
        while (offset < length)
        {
            var run = runs.FirstOrDefault(r => r.Start <= at + offset && at + offset < r.Start + r.Length);
            var take = run is null ? length - offset : Math.Min(length - offset, run.Start + run.Length - (at + offset));
            segments.Add(new RedlineSegment(kind, CodePoints.Slice(text, offset, take), run?.AuthorSub, run?.AuthorState, run?.At));
            offset += take;
        }
        return segments;
    }

    private static List<RedlineSegment> Deleted(string text, int at, IParagraphTextChange?[]? deleters)
    {
        var segments = new List<RedlineSegment>();
        var length = CodePoints.Length(text);
        var offset = 0;
        while (offset < length)
        {
            var by = deleters?[at + offset];
            var take = 1;
            while (offset + take < length && ReferenceEquals(deleters?[at + offset + take], by)) take++;
            segments.Add(new RedlineSegment(RedlineSegmentKind.Deleted, CodePoints.Slice(text, offset, take), by?.AuthorSub, by?.AuthorState, by?.ChangedAt));
            offset += take;
        }
        return segments;
    }

    /// <summary>
    /// For each code point of the older text, the change that deleted it, found by replaying the changes from the older text
    /// version to the newer; null for all when the changes do not form that unbroken chain.
    /// </summary>
    private static IParagraphTextChange?[]? Deleters(SnapshotParagraph before, SnapshotParagraph after, IReadOnlyList<IParagraphTextChange> changes)
    {
        var chain = changes
            .Where(c => c.BaseTextVersion >= before.TextVersion && c.BaseTextVersion < after.TextVersion)
            .OrderBy(c => c.BaseTextVersion)
            .ToList();
        if (chain.Count != after.TextVersion - before.TextVersion || chain.Where((c, i) => c.BaseTextVersion != before.TextVersion + i).Any())
            return null;

        var deleters = new IParagraphTextChange?[CodePoints.Length(before.Text)];
        var origins = Enumerable.Range(0, deleters.Length).ToList();
        foreach (var change in chain)
        {
            if (change.Operation.BaseLength != origins.Count) return null;
            var next = new List<int>(origins.Count);
            var at = 0;
            foreach (var component in change.Operation.Components)
            {
                switch (component)
                {
                    case TextComponent.Retain r: next.AddRange(origins.Skip(at).Take(r.Count)); at += r.Count; break;
                    case TextComponent.Insert i: next.AddRange(Enumerable.Repeat(-1, i.Length)); break;
                    case TextComponent.Delete d:
                        foreach (var origin in origins.Skip(at).Take(d.Count))
                            if (origin >= 0) deleters[origin] = change;
                        at += d.Count;
                        break;
                }
            }
            origins = next;
        }
        return deleters;
    }

    /// <summary>Paragraphs in both versions that changed section or fell out of the longest common order.</summary>
    private static HashSet<Guid> MovedIds(List<SnapshotParagraph> oldList, List<SnapshotParagraph> newList)
    {
        var newIds = newList.Select(p => p.ParagraphId).ToHashSet();
        var oldIds = oldList.Select(p => p.ParagraphId).ToHashSet();
        var a = oldList.Where(p => newIds.Contains(p.ParagraphId)).ToList();
        var b = newList.Where(p => oldIds.Contains(p.ParagraphId)).ToList();

        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
            for (var j = b.Count - 1; j >= 0; j--)
                lengths[i, j] = a[i].ParagraphId == b[j].ParagraphId ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);

        var inOrder = new HashSet<Guid>();
        for (int i = 0, j = 0; i < a.Count && j < b.Count;)
        {
            if (a[i].ParagraphId == b[j].ParagraphId) { inOrder.Add(a[i].ParagraphId); i++; j++; }
            else if (lengths[i + 1, j] >= lengths[i, j + 1]) i++;
            else j++;
        }

        var sectionThen = a.ToDictionary(p => p.ParagraphId, p => p.SectionId);
        return [.. b.Where(p => !inOrder.Contains(p.ParagraphId) || sectionThen[p.ParagraphId] != p.SectionId).Select(p => p.ParagraphId)];
    }

    internal static string Render(IEnumerable<RedlineSegment> segments)
    {
        var sb = new StringBuilder();
        foreach (var s in segments)
            sb.Append(s.Kind switch { RedlineSegmentKind.Inserted => $"{{+{s.Text}+}}", RedlineSegmentKind.Deleted => $"[-{s.Text}-]", _ => s.Text });
        return sb.ToString();
    }
}
