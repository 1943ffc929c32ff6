using System.Text;
using DiffPlex;

namespace GgeWorkspace.Text;

/// <summary>
/// A character diff in code points (DiffPlex's Myers diff over one token per code point, so a surrogate pair is never
/// split), so a direct replacement of a paragraph keeps the authorship and brackets of the characters it leaves alone.
/// Very different texts (more than <see cref="MaxEdits"/> code points inserted and deleted) fall back to one replacement
/// of what lies between their common prefix and suffix.
/// </summary>
internal static class TextDiff
{
    public const int MaxEdits = 1000;

    // A Myers diff takes time in proportion to the length times the number of edits: texts that cannot be within
    // MaxEdits of each other are recognised first, in linear time, by the trigrams they do not share.
    private const int Trigram = 3;

    public static TextOperation Between(string oldText, string newText)
    {
        if (MinimumEdits(oldText, newText) > MaxEdits) return Replacement(oldText, newText);

        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, CodePointChunker.Instance);
        if (diff.DiffBlocks.Sum(b => (long)b.DeleteCountA + b.InsertCountB) > MaxEdits) return Replacement(oldText, newText);

        var builder = new TextOperation.Builder();
        var at = 0;
        foreach (var block in diff.DiffBlocks)
        {
            builder.Add(new TextComponent.Retain(block.DeleteStartA - at));
            // Each changed run becomes one insert followed by one delete, so equal changes give equal operations.
            builder.Add(new TextComponent.Insert(string.Concat(diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB))));
            builder.Add(new TextComponent.Delete(block.DeleteCountA));
            at = block.DeleteStartA + block.DeleteCountA;
        }
        builder.Add(new TextComponent.Retain(diff.PiecesOld.Count - at));
        return builder.Build();
    }

    /// <summary>Retains the common prefix and suffix and replaces what lies between them in one insert and one delete.</summary>
    private static TextOperation Replacement(string oldText, string newText)
    {
        var a = CodePoints.ToArray(oldText);
        var b = CodePoints.ToArray(newText);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;

        var inserted = new StringBuilder();
        CodePoints.Append(inserted, b.AsSpan(prefix, b.Length - suffix - prefix));
        var builder = new TextOperation.Builder();
        builder.Add(new TextComponent.Retain(prefix));
        builder.Add(new TextComponent.Insert(inserted.ToString()));
        builder.Add(new TextComponent.Delete(a.Length - suffix - prefix));
        builder.Add(new TextComponent.Retain(suffix));
        return builder.Build();
    }

    /// <summary>
    /// A lower bound of the code points a diff inserts and deletes: one insert or delete changes at most
    /// 2 x <see cref="Trigram"/> - 1 of a text's trigrams (runs of three code points), so the trigrams the texts do not
    /// have in common, divided by that, cannot be more than the edits.
    /// </summary>
    private static long MinimumEdits(string oldText, string newText)
    {
        var counts = new Dictionary<long, int>();
        Count(oldText, +1);
        Count(newText, -1);
        return counts.Values.Sum(c => (long)Math.Abs(c)) / (2 * Trigram - 1);

        void Count(string text, int sign)
        {
            var codePoints = CodePoints.ToArray(text);
            for (var i = 0; i + Trigram <= codePoints.Length; i++)
            {
                var key = ((long)codePoints[i] << 42) | ((long)codePoints[i + 1] << 21) | (uint)codePoints[i + 2];
                counts[key] = counts.GetValueOrDefault(key) + sign;
            }
        }
    }

    /// <summary>Splits a text into its code points, each a token of its own (a lone surrogate counts as one).</summary>
    private sealed class CodePointChunker : IChunker
    {
        public static CodePointChunker Instance { get; } = new();

        public IReadOnlyList<string> Chunk(string text)
        {
            var tokens = new List<string>(text.Length);
            for (var i = 0; i < text.Length;)
            {
                var units = CodePoints.UnitsAt(text, i);
                tokens.Add(text.Substring(i, units));
                i += units;
            }
            return tokens;
        }
    }
}
