namespace GgeWorkspace.Api.Comments;

/// <summary>
/// A quoted span [<see cref="Start"/>, <see cref="End"/>) of a paragraph's text at <see cref="TextVersion"/>, in code points,
/// with the text it quotes. An orphaned anchor's text was all deleted: it keeps the last quoted text, for display only, and
/// has no <see cref="Start"/> or <see cref="End"/> (no offsets that would seem to point into today's text).
/// </summary>
public sealed record CommentAnchor(int? Start, int? End, long TextVersion, string QuotedText, bool IsOrphaned = false)
{
    public int Length => (End - Start) ?? 0;

    /// <summary>This anchor once its quoted text is gone at <paramref name="textVersion"/>: orphaned, with no offsets.</summary>
    public CommentAnchor Orphaned(long textVersion) => this with { Start = null, End = null, TextVersion = textVersion, IsOrphaned = true };
}

public static class CommentAnchors
{
    /// <summary>
    /// The anchor after <paramref name="operation"/> (which turned text version <c>anchor.TextVersion</c> into the next one).
    /// Like a bracket, text typed exactly at either edge falls outside the span and text typed inside it falls inside; deleting
    /// part of the quoted text shrinks the span; deleting all of it orphans the anchor. The quoted text is re-derived from
    /// the operation. An orphaned anchor stays as it is.
    /// </summary>
    public static CommentAnchor Transform(CommentAnchor anchor, TextOperation operation)
    {
        if (anchor is not { IsOrphaned: false, Start: { } from, End: { } to }) return anchor;
        var start = TextOperation.TransformPosition(from, operation, stickToRight: true);
        var end = Math.Max(start, TextOperation.TransformPosition(to, operation, stickToRight: false));
        if (start == end) return anchor.Orphaned(anchor.TextVersion + 1);
        return new CommentAnchor(start, end, anchor.TextVersion + 1, QuotedAfter(anchor.QuotedText, from, to, operation));
    }

    /// <summary>Brings <paramref name="anchor"/> forward over several consecutive operations.</summary>
    public static CommentAnchor Transform(CommentAnchor anchor, IEnumerable<TextOperation> operations) =>
        operations.Aggregate(anchor, Transform);

    /// <summary>
    /// The quoted text after <paramref name="operation"/>: the retained part of the old quote, plus what a run of deletes and
    /// inserts puts strictly inside the span (the run starts after its start and ends before its end, as the positions
    /// move), in text order.
    /// </summary>
    private static string QuotedAfter(string quoted, int start, int end, TextOperation operation)
    {
        var pieces = new List<string>();
        var components = operation.Components;
        var at = 0;
        for (var i = 0; i < components.Count;)
        {
            if (components[i] is TextComponent.Retain r)
            {
                var from = Math.Max(at, start);
                var to = Math.Min(at + r.Count, end);
                if (from < to) pieces.Add(CodePoints.Slice(quoted, from - start, to - from));
                at += r.Count;
                i++;
                continue;
            }
            var run = components.Skip(i).TakeWhile(c => c is not TextComponent.Retain).ToList();
            var deleted = run.OfType<TextComponent.Delete>().Sum(d => d.Count);
            if (at > start && at + deleted < end) pieces.AddRange(run.OfType<TextComponent.Insert>().Select(c => c.Text));
            at += deleted;
            i += run.Count;
        }
        return string.Concat(pieces);
    }
}
