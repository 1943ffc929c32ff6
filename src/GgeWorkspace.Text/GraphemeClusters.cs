using System.Globalization;

namespace GgeWorkspace.Text;

/// <summary>
/// What a reader sees as one character: an extended grapheme cluster (Unicode UAX #29, as <see cref="StringInfo"/> finds
/// it), such as a letter with its combining accents, an emoji joined by ZWJ, or a flag. Positions stay in code points;
/// these say which code point positions fall between clusters.
/// </summary>
public static class GraphemeClusters
{
    /// <summary>The code point positions between clusters, from 0 to the text's length, ascending.</summary>
    public static IReadOnlyList<int> Boundaries(string text)
    {
        var boundaries = new List<int> { 0 };
        var codePoint = 0;
        for (var i = 0; i < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            codePoint += CodePoints.Length(text.Substring(i, length));
            boundaries.Add(codePoint);
            i += length;
        }
        return boundaries;
    }

    /// <summary>
    /// [<paramref name="start"/>, <paramref name="end"/>) widened to whole clusters: a start inside a cluster moves to the
    /// cluster's start, an end inside one to its end. Positions already between clusters stay where they are.
    /// </summary>
    public static (int Start, int End) Widen(string text, int start, int end)
    {
        var boundaries = Boundaries(text);
        var widenedStart = boundaries.LastOrDefault(b => b <= start);
        var widenedEnd = boundaries.FirstOrDefault(b => b >= end, boundaries[^1]);
        return (widenedStart, Math.Max(widenedStart, widenedEnd));
    }
}
