using System.Text;

namespace GgeWorkspace.Text;

/// <summary>
/// A character diff in code points (Myers, after trimming the common prefix and suffix), so a direct
/// replacement of a paragraph keeps the authorship and brackets of the characters it leaves alone.
/// Very different texts (more than <see cref="MaxEdits"/> edits) fall back to one replacement of the middle.
/// </summary>
internal static class TextDiff
{
    public const int MaxEdits = 1000;

    private enum Edit { Keep, Remove, Add }

    public static TextOperation Between(string oldText, string newText)
    {
        var a = CodePoints.ToArray(oldText);
        var b = CodePoints.ToArray(newText);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;

        var builder = new TextOperation.Builder();
        builder.Add(new TextComponent.Retain(prefix));
        var oldMiddle = a[prefix..(a.Length - suffix)];
        var newMiddle = b[prefix..(b.Length - suffix)];
        var edits = ShortestEditScript(oldMiddle, newMiddle);
        if (edits is null)
        {
            builder.Add(Insert(newMiddle));
            builder.Add(new TextComponent.Delete(oldMiddle.Length));
        }
        else
        {
            // Each changed run becomes one insert followed by one delete, so equal changes give equal operations.
            var y = 0;
            var runStart = 0;
            var removed = 0;
            foreach (var edit in edits)
            {
                switch (edit)
                {
                    case Edit.Keep:
                        builder.Add(Insert(newMiddle.AsSpan(runStart, y - runStart)));
                        builder.Add(new TextComponent.Delete(removed));
                        builder.Add(new TextComponent.Retain(1));
                        removed = 0;
                        runStart = ++y;
                        break;
                    case Edit.Remove:
                        removed++;
                        break;
                    default:
                        y++;
                        break;
                }
            }
            builder.Add(Insert(newMiddle.AsSpan(runStart, y - runStart)));
            builder.Add(new TextComponent.Delete(removed));
        }
        builder.Add(new TextComponent.Retain(suffix));
        return builder.Build();
    }

    private static TextComponent.Insert Insert(ReadOnlySpan<int> codePoints)
    {
        var sb = new StringBuilder();
        CodePoints.Append(sb, codePoints);
        return new TextComponent.Insert(sb.ToString());
    }

    /// <summary>Myers' shortest edit script, or null when it needs more than <see cref="MaxEdits"/> edits.</summary>
    private static List<Edit>? ShortestEditScript(int[] a, int[] b)
    {
        int n = a.Length, m = b.Length;
        if (n == 0 || m == 0) return [.. Enumerable.Repeat(Edit.Add, m), .. Enumerable.Repeat(Edit.Remove, n)];

        var max = n + m;
        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= Math.Min(max, MaxEdits); d++)
        {
            // Only diagonals -d-1..d+1 matter when walking back from round d.
            trace.Add(v[(offset - d - 1)..(offset + d + 2)]);
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m) return Backtrack(trace, n, m, d);
            }
        }
        return null;
    }

    private static List<Edit> Backtrack(List<int[]> trace, int x, int y, int depth)
    {
        var edits = new List<Edit>();
        for (var d = depth; d > 0; d--)
        {
            var v = trace[d];
            int At(int k) => v[k + d + 1];
            var k = x - y;
            var prevK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
            var prevX = At(prevK);
            var prevY = prevX - prevK;
            while (x > prevX && y > prevY) { edits.Add(Edit.Keep); x--; y--; }
            edits.Add(x == prevX ? Edit.Add : Edit.Remove);
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) { edits.Add(Edit.Keep); x--; y--; }
        edits.Reverse();
        return edits;
    }
}
