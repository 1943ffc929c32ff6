namespace GgeWorkspace.Api.Exports;

/// <summary>A piece of paragraph text: plain text, or a bracket holding more pieces.</summary>
public abstract record TextNode;

public sealed record PlainText(string Text) : TextNode;

/// <summary>
/// Bracketed text. <see cref="Opens"/> / <see cref="Closes"/> say whether the "[" / "]" mark belongs here: a bracket that
/// crosses another (starts inside it and ends after it) is split in two nested parts and only the outer ends get marks.
/// </summary>
public sealed record BracketNode(BracketKind Kind, bool Opens, bool Closes, IReadOnlyList<TextNode> Children) : TextNode;

/// <summary>Turns a paragraph's text and its code-point bracket spans into a tree every format can render.</summary>
public static class BracketedText
{
    public static IReadOnlyList<TextNode> Of(string text, IReadOnlyList<ExportBracket> brackets)
    {
        var codePoints = CodePoints.ToArray(text);
        var length = codePoints.Length;
        var ordered = brackets
            .Select((b, i) => (Start: Math.Clamp(b.Start, 0, length), End: Math.Clamp(b.End, 0, length), b.Kind, Index: i))
            .Select(b => b with { End = Math.Max(b.Start, b.End) })
            .OrderBy(b => b.Start).ThenByDescending(b => b.End).ThenBy(b => b.Index)
            .ToList();

        var root = new List<TextNode>();
        var stack = new List<(int End, BracketKind Kind, bool Opens, List<TextNode> Children)>();
        List<TextNode> Current() => stack.Count == 0 ? root : stack[^1].Children;

        void Close(int index, bool closes)
        {
            var frame = stack[index];
            stack.RemoveAt(index);
            if (frame.Children.Count == 0 && !frame.Opens && !closes) return;
            Current().Add(new BracketNode(frame.Kind, frame.Opens, closes, frame.Children));
        }

        var positions = ordered.SelectMany(b => new[] { b.Start, b.End }).Append(0).Append(length).Distinct().Order().ToList();
        var next = 0;
        for (var p = 0; p < positions.Count; p++)
        {
            var at = positions[p];
            // Close every bracket ending here; brackets opened inside one of them but ending later are reopened after.
            while (stack.FindLastIndex(f => f.End == at) is var ending and >= 0)
            {
                var reopen = new List<(int End, BracketKind Kind)>();
                while (stack.Count - 1 > ending)
                {
                    reopen.Insert(0, (stack[^1].End, stack[^1].Kind));
                    Close(stack.Count - 1, closes: false);
                }
                Close(ending, closes: true);
                foreach (var (end, kind) in reopen) stack.Add((end, kind, false, []));
            }
            for (; next < ordered.Count && ordered[next].Start == at; next++)
            {
                var b = ordered[next];
                if (b.End == at) Current().Add(new BracketNode(b.Kind, true, true, []));
                else stack.Add((b.End, b.Kind, true, []));
            }
            if (p + 1 < positions.Count && positions[p + 1] > at)
                Current().Add(new PlainText(Slice(codePoints, at, positions[p + 1])));
        }
        return root;
    }

    /// <summary>The text of the nodes with "[" and "]" marks.</summary>
    public static string Marked(IEnumerable<TextNode> nodes) => string.Concat(nodes.Select(n => n switch
    {
        PlainText t => t.Text,
        BracketNode b => (b.Opens ? "[" : "") + Marked(b.Children) + (b.Closes ? "]" : ""),
        _ => "",
    }));

    private static string Slice(int[] codePoints, int from, int to)
    {
        var builder = new System.Text.StringBuilder();
        CodePoints.Append(builder, codePoints.AsSpan(from, to - from));
        return builder.ToString();
    }
}
