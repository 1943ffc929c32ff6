using System.Text;

namespace GgeWorkspace.Text;

/// <summary>
/// Positions in paragraph text are counted in Unicode code points, never in UTF-16 units, so a
/// surrogate pair (emoji, rare CJK) is one position and is never split. A lone surrogate counts as one.
/// </summary>
public static class CodePoints
{
    /// <summary>The number of code points in <paramref name="text"/>.</summary>
    public static int Length(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i += UnitsAt(text, i)) count++;
        return count;
    }

    /// <summary>The UTF-16 index where code point number <paramref name="codePointIndex"/> starts (the string length at the end).</summary>
    public static int ToUtf16Index(string text, int codePointIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(codePointIndex);
        var i = 0;
        for (var n = 0; n < codePointIndex; n++)
        {
            if (i >= text.Length) throw new ArgumentOutOfRangeException(nameof(codePointIndex), "Past the end of the text.");
            i += UnitsAt(text, i);
        }
        return i;
    }

    /// <summary>The code point index of the UTF-16 index <paramref name="utf16Index"/>; an index inside a surrogate pair maps to the pair.</summary>
    public static int ToCodePointIndex(string text, int utf16Index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(utf16Index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16Index, text.Length);
        var count = 0;
        for (var i = 0; i < utf16Index; i += UnitsAt(text, i))
        {
            if (i + UnitsAt(text, i) > utf16Index) break;
            count++;
        }
        return count;
    }

    /// <summary><paramref name="length"/> code points of <paramref name="text"/> from code point <paramref name="start"/>.</summary>
    public static string Slice(string text, int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var from = ToUtf16Index(text, start);
        var to = from;
        for (var n = 0; n < length; n++)
        {
            if (to >= text.Length) throw new ArgumentOutOfRangeException(nameof(length), "Past the end of the text.");
            to += UnitsAt(text, to);
        }
        return text[from..to];
    }

    /// <summary>The code points of <paramref name="text"/> as scalar values (a lone surrogate keeps its own value).</summary>
    public static int[] ToArray(string text)
    {
        var result = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i += UnitsAt(text, i))
            result.Add(UnitsAt(text, i) == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i]);
        return [.. result];
    }

    /// <summary>The UTF-16 units of the code point starting at <paramref name="i"/>: 2 for a surrogate pair, otherwise 1.</summary>
    internal static int UnitsAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

    /// <summary>Appends code point values produced by <see cref="ToArray"/>.</summary>
    internal static void Append(StringBuilder builder, ReadOnlySpan<int> codePoints)
    {
        foreach (var cp in codePoints)
        {
            if (cp > 0xFFFF) builder.Append(char.ConvertFromUtf32(cp));
            else builder.Append((char)cp);
        }
    }
}
