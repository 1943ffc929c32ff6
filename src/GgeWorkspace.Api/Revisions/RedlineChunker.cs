using DiffPlex;

namespace GgeWorkspace.Api.Revisions;

/// <summary>
/// Splits text into the tokens a redline compares, so that concatenating the tokens gives the text back exactly:
/// a run of letters, marks and digits of a script written with spaces is one word; a run of white space is one token;
/// every other grapheme cluster (extended, via <see cref="StringInfo"/>) is a token of its own. That makes Chinese,
/// Japanese, Thai, Lao, Khmer and Myanmar (written without spaces) compare character by character, and keeps emoji,
/// flags, combining marks and punctuation whole.
/// </summary>
public sealed class RedlineChunker : IChunker
{
    public static RedlineChunker Instance { get; } = new();

    private enum TokenClass { Word, Space, Single }

    public IReadOnlyList<string> Chunk(string text) => Tokens(text);

    public static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        TokenClass? current = null;
        var i = 0;
        while (i < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            var kind = Classify(text, i);
            if (current is not null && (kind != current || kind == TokenClass.Single))
            {
                tokens.Add(text[start..i]);
                start = i;
            }
            current = kind;
            i += length;
        }
        if (start < text.Length) tokens.Add(text[start..]);
        return tokens;
    }

    private static TokenClass Classify(string text, int index)
    {
        var codePoint = CodePointAt(text, index);
        if (char.IsWhiteSpace(text, index)) return TokenClass.Space;
        if (IsWrittenWithoutSpaces(codePoint)) return TokenClass.Single;
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.Format => TokenClass.Word,
            _ => TokenClass.Single,
        };
    }

    /// <summary>The code point at <paramref name="index"/>; a lone surrogate is its own value.</summary>
    private static int CodePointAt(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            ? char.ConvertToUtf32(text[index], text[index + 1])
            : text[index];

    /// <summary>Scripts written without spaces between words: CJK ideographs, kana, Thai, Lao, Khmer, Myanmar, Tibetan, Yi.</summary>
    private static bool IsWrittenWithoutSpaces(int cp) =>
        cp is (>= 0x0E00 and <= 0x0EFF)            // Thai, Lao
            or (>= 0x0F00 and <= 0x0FFF)           // Tibetan
            or (>= 0x1000 and <= 0x109F)           // Myanmar
            or (>= 0x1780 and <= 0x17FF)           // Khmer
            or (>= 0x2E80 and <= 0x2FDF)           // CJK radicals, Kangxi
            or (>= 0x3000 and <= 0x30FF)           // CJK punctuation, Hiragana, Katakana
            or (>= 0x3100 and <= 0x31FF)           // Bopomofo, kana extensions
            or (>= 0x3400 and <= 0x4DBF)           // CJK extension A
            or (>= 0x4E00 and <= 0x9FFF)           // CJK unified ideographs
            or (>= 0xA000 and <= 0xA4CF)           // Yi
            or (>= 0xF900 and <= 0xFAFF)           // CJK compatibility ideographs
            or (>= 0xFF00 and <= 0xFFEF)           // Halfwidth and fullwidth forms
            or (>= 0x20000 and <= 0x3FFFF);        // CJK extensions B and later
}
