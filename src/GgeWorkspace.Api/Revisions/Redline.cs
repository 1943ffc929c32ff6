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
    /// and character by character (grapheme clusters) otherwise (<see cref="RedlineChunker"/>), by <see cref="TokenDiff"/>.
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
                    Attributed(RedlineSegmentKind.Inserted, after.Text, after.Authorship));
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

    /// <summary>
    /// Word- or character-level segments from <paramref name="before"/>'s text to <paramref name="after"/>'s: the fewest words
    /// deleted and inserted (an unchanged word is never both), each whole word credited to one change. With
    /// <paramref name="changes"/> (the text changes from the older text version to the newer) a changed word is credited to the
    /// latest change that inserted or deleted anything in it (<see cref="ChangeTrail"/>); without them insertions are credited
    /// from the newer authorship and deletions to nobody.
    /// </summary>
    public static IReadOnlyList<RedlineSegment> TextRedline(
        SnapshotParagraph before, SnapshotParagraph after, IReadOnlyList<IParagraphTextChange>? changes = null)
    {
        var trail = changes is null ? null : ChangeTrail.Of(before, after, changes);
        var oldPieces = RedlineChunker.Tokens(before.Text);
        var newPieces = RedlineChunker.Tokens(after.Text);
        var segments = new List<RedlineSegment>();
        int oldPiece = 0, oldAt = 0, newAt = 0;

        void Add(RedlineSegmentKind kind, string text, Credit? credit)
        {
            if (text.Length == 0) return;
            if (segments.Count > 0 && segments[^1] is var last && last.Kind == kind
                && (kind == RedlineSegmentKind.Unchanged || (last.ActorSub, last.ActorState, last.At) == (credit?.Sub, credit?.State, credit?.At)))
                segments[^1] = last with { Text = last.Text + text };
            else
                segments.Add(new RedlineSegment(kind, text, credit?.Sub, credit?.State, credit?.At));
        }

        void Unchanged(int pieces)
        {
            var text = string.Concat(oldPieces.Skip(oldPiece).Take(pieces));
            Add(RedlineSegmentKind.Unchanged, text, null);
            var length = CodePoints.Length(text);
            oldPiece += pieces;
            oldAt += length;
            newAt += length;
        }

        foreach (var block in TokenDiff.Between(oldPieces, newPieces))
        {
            Unchanged(block.DeleteStart - oldPiece);
            var deleted = Tokens(oldPieces, block.DeleteStart, block.DeleteCount, oldAt,
                (start, end) => trail is null ? null : Credit.Of(trail.DeletedCredit(start, end)));
            var inserted = Tokens(newPieces, block.InsertStart, block.InsertCount, newAt,
                (start, end) => trail is null ? Credit.FromAuthorship(after.Authorship, start, end) : Credit.Of(trail.InsertedCredit(start, end)));
            // A word the block changed without a credit of its own (a kept letter, a space) goes with the block's latest change.
            var latest = deleted.Concat(inserted).Select(t => t.Credit).OfType<Credit>().MaxBy(c => c.Order);
            foreach (var (text, credit, length) in deleted)
            {
                Add(RedlineSegmentKind.Deleted, text, credit ?? (trail is null ? null : latest));
                oldAt += length;
            }
            foreach (var (text, credit, length) in inserted)
            {
                Add(RedlineSegmentKind.Inserted, text, credit ?? latest);
                newAt += length;
            }
            oldPiece = block.DeleteStart + block.DeleteCount;
        }
        Unchanged(oldPieces.Count - oldPiece);
        return segments;
    }

    private static List<(string Text, Credit? Credit, int Length)> Tokens(
        IReadOnlyList<string> pieces, int first, int count, int at, Func<int, int, Credit?> credit)
    {
        var tokens = new List<(string, Credit?, int)>(count);
        foreach (var piece in pieces.Skip(first).Take(count))
        {
            var length = CodePoints.Length(piece);
            tokens.Add((piece, credit(at, at + length), length));
            at += length;
        }
        return tokens;
    }

    /// <summary>Who a changed word is credited to and when; <see cref="Order"/> says which of two credits is the later change.</summary>
    private sealed record Credit(string Sub, string? State, DateTimeOffset At, long Order)
    {
        public static Credit? Of(IParagraphTextChange? change) =>
            change is null ? null : new Credit(change.AuthorSub, change.AuthorState, change.ChangedAt, change.BaseTextVersion);

        /// <summary>The latest-written authorship run over code points [<paramref name="start"/>, <paramref name="end"/>).</summary>
        public static Credit? FromAuthorship(IReadOnlyList<AuthorshipRun> runs, int start, int end) => runs
            .Where(r => r.Start < end && start < r.Start + r.Length)
            .MaxBy(r => r.At) is { } run ? new Credit(run.AuthorSub, run.AuthorState, run.At, run.At.UtcTicks) : null;
    }

    /// <summary>A whole text inserted (an added paragraph), each word credited to whoever last wrote in it.</summary>
    private static List<RedlineSegment> Attributed(RedlineSegmentKind kind, string text, IReadOnlyList<AuthorshipRun> runs)
    {
        var segments = new List<RedlineSegment>();
        var at = 0;
        foreach (var token in RedlineChunker.Tokens(text))
        {
            var length = CodePoints.Length(token);
            var credit = Credit.FromAuthorship(runs, at, at + length);
            at += length;
            if (segments.Count > 0 && segments[^1] is var last && (last.ActorSub, last.ActorState, last.At) == (credit?.Sub, credit?.State, credit?.At))
                segments[^1] = last with { Text = last.Text + token };
            else
                segments.Add(new RedlineSegment(kind, token, credit?.Sub, credit?.State, credit?.At));
        }
        return segments;
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
