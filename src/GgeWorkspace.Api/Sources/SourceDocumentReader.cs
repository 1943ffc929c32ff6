using System.Reflection;
using System.Text.RegularExpressions;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// Reads the Chinese text of A/72/304 as extracted from the PDF into a <see cref="SourceDocument"/>.
/// </summary>
/// <remarks>
/// <para>The extraction puts a blank line after every printed line, so a blank line says nothing about paragraphs.
/// Where a blank line is missing, a page ended (or the extractor split a printed line after a footnote marker).</para>
/// <para><b>Where a paragraph ends.</b> A paragraph ends after a line when either
/// (1) the next line starts a block: a chapter heading, a submitter, a "[原件：…]" or date line, a sub-heading,
/// an item marker ("1.", "(a)", "(一)", "-", a bullet), or a line indented after a blank line (the original's
/// first-line indent); or
/// (2) the line ends a sentence (。！？, possibly followed by a closing quote or bracket and a footnote marker) and
/// is shorter than the measure: at least one full-width character narrower than the previous line of the same
/// paragraph (justified lines of one block share a width), or, for a paragraph's first line, than the body
/// measure of 35 full-width characters, less two characters when the line is indented.
/// A line that ends with a footnote marker and is followed directly by text, with no blank line between,
/// continues on that text: the extractor broke the printed line after the superscript.</para>
/// <para>A sub-heading is a line at the start of a block that is not an item, does not end in punctuation and is
/// shorter than 30 full-width characters. A submitter is the line just before a "[原件：…]" line, whatever
/// blank lines or page furniture lie between.</para>
/// <para>Footnotes start at a separator line and run to the end of the page; each starts with its number, and
/// continues until the next number in sequence. A line made only of an address is the PDF's link target for a
/// footnote's address: it is reported as unclassified, since its text duplicates the footnote's.</para>
/// <para>Joining wrapped lines inserts no space, except between two Latin-script words; an address broken
/// across lines is joined without a space.</para>
/// </remarks>
public static partial class SourceDocumentReader
{
    public const string Symbol = "A/72/304";
    public const string Title = "核裁军核查：秘书长的报告";
    public const string Language = "zh";
    public const string EmbeddedResourceName = "sources/A-72-304.zh.txt";

    private const int OneCharacter = 2;
    private const int BodyMeasure = 35 * OneCharacter;
    private const int FirstLineIndent = 2 * OneCharacter;
    private const int LongestSubHeading = 30 * OneCharacter;

    /// <summary>The Chinese text of A/72/304 shipped with the service.</summary>
    public static string EmbeddedText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The resource {EmbeddedResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static SourceDocument Read(string text)
    {
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var reading = new Reading(raw);
        reading.SeparateFootnotes();
        reading.BuildParts();
        return reading.Document();
    }

    private sealed record BodyLine(int Number, string Text, bool Indented, bool AfterBlank, bool FollowedDirectly);

    private sealed class FootnoteDraft(int number, int line, string text)
    {
        public int Number { get; } = number;
        public int Line { get; } = line;
        public string Text { get; set; } = text;
    }

    private sealed class ParagraphDraft(int firstLine, string text, int measure)
    {
        public int FirstLine { get; } = firstLine;
        public string Text { get; set; } = text;
        public int Measure { get; set; } = measure;
        public bool Closed { get; set; }
        public List<int> Refs { get; } = [];
    }

    private sealed class ReplyDraft(string submitter, int line)
    {
        public string Submitter { get; } = submitter;
        public int Line { get; } = line;
        public string? LanguageNote { get; set; }
        public string? Language { get; set; }
        public string? DateNote { get; set; }
        public DateOnly? Date { get; set; }
        public List<(string? Heading, List<SourceParagraph> Paragraphs)> Sections { get; } = [];
        public int Ordinal { get; set; }
    }

    private sealed class Reading(string[] raw)
    {
        private readonly List<SourceLine> furniture = [];
        private readonly List<UnclassifiedLine> unclassified = [];
        private readonly List<FootnoteDraft> footnotes = [];
        private readonly List<BodyLine> body = [];
        private readonly List<ChapterHeading> chapters = [];
        private readonly List<SourceParagraph> introduction = [];
        private readonly List<ReplyDraft> replies = [];
        private readonly HashSet<int> cited = [];

        private bool inIntroduction;
        private ReplyDraft? reply;
        private ParagraphDraft? paragraph;
        private int introductionOrdinal;

        private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

        public void SeparateFootnotes()
        {
            var inFootnotes = false;
            for (var i = 0; i < raw.Length; i++)
            {
                var line = raw[i];
                var number = i + 1;
                if (IsBlank(line)) continue;
                if (PageFurniture.IsFurniture(line))
                {
                    furniture.Add(new SourceLine(number, line.Trim()));
                    inFootnotes = PageFurniture.IsFootnoteSeparator(line);
                    continue;
                }
                var followedDirectly = i + 1 < raw.Length && !IsBlank(raw[i + 1]);
                if (!inFootnotes)
                {
                    var afterBlank = i == 0 || IsBlank(raw[i - 1]) || PageFurniture.IsFurniture(raw[i - 1]);
                    body.Add(new BodyLine(number, Normalize(line), char.IsWhiteSpace(line[0]), afterBlank, followedDirectly));
                    continue;
                }
                ReadFootnoteLine(number, line);
                // The footnotes run to the end of the page, which is where a blank line is missing.
                if (followedDirectly && !LinkTarget().IsMatch(raw[i + 1])) inFootnotes = false;
            }
        }

        private void ReadFootnoteLine(int number, string line)
        {
            var text = Normalize(line);
            if (LinkTarget().IsMatch(line))
            {
                unclassified.Add(new UnclassifiedLine(number, text, "link target of a footnote's address, left by the PDF; its text repeats the footnote's"));
                return;
            }
            var start = FootnoteStart().Match(text);
            var expected = footnotes.Count == 0 ? (int?)null : footnotes[^1].Number + 1;
            if (start.Success && int.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture) is var n && (expected is null || n == expected))
            {
                footnotes.Add(new FootnoteDraft(n, number, start.Groups[2].Value));
                return;
            }
            if (footnotes.Count > 0)
            {
                footnotes[^1].Text = Join(footnotes[^1].Text, text);
                return;
            }
            unclassified.Add(new UnclassifiedLine(number, text, "below a footnote separator but starts no footnote"));
        }

        public void BuildParts()
        {
            var footnoteNumbers = footnotes.Select(f => f.Number).ToHashSet();
            var continuesPrinted = false;
            for (var k = 0; k < body.Count; k++)
            {
                var line = body[k];
                var text = line.Text;
                var continuing = continuesPrinted;
                continuesPrinted = false;
                var next = k + 1 < body.Count ? body[k + 1] : null;
                var nextIsOriginal = next is not null && OriginalLine().IsMatch(next.Text);

                var chapter = ChapterLine().Match(text);
                if (chapter.Success && !continuing)
                {
                    CloseParagraph();
                    chapters.Add(new ChapterHeading(line.Number, text));
                    reply = null;
                    inIntroduction = false;
                    if (nextIsOriginal)
                    {
                        var from = FromSubmitter().Match(chapter.Groups[2].Value);
                        StartReply(from.Success ? from.Groups[1].Value : chapter.Groups[2].Value, line.Number);
                    }
                    else if (chapter.Groups[2].Value == "导言") inIntroduction = true;
                    continue;
                }
                if (nextIsOriginal && !continuing)
                {
                    CloseParagraph();
                    inIntroduction = false;
                    StartReply(text, line.Number);
                    continue;
                }
                var original = OriginalLine().Match(text);
                if (original.Success)
                {
                    CloseParagraph();
                    if (reply is { LanguageNote: null })
                    {
                        reply.LanguageNote = text;
                        var name = original.Groups[1].Value.Trim();
                        if (Submitters.OriginalLanguages.TryGetValue(name, out var code)) reply.Language = code;
                        else unclassified.Add(new UnclassifiedLine(line.Number, text, $"unknown language of the original: {name}"));
                    }
                    else unclassified.Add(new UnclassifiedLine(line.Number, text, "a \"[原件]\" line without a submitter before it"));
                    continue;
                }
                var date = DateLine().Match(text);
                if (date.Success && reply is { DateNote: null, Sections.Count: 0 })
                {
                    CloseParagraph();
                    reply.DateNote = text;
                    reply.Date = new DateOnly(Number(date, 1), Number(date, 2), Number(date, 3));
                    continue;
                }
                if (reply is null && !inIntroduction)
                {
                    unclassified.Add(new UnclassifiedLine(line.Number, text, "outside the introduction and the replies"));
                    continue;
                }

                var (content, marker) = SplitMarker(text, footnoteNumbers);
                var startsBlock = !continuing
                    && (paragraph is null || paragraph.Closed || IsItem(content) || (line.Indented && line.AfterBlank));
                if (startsBlock)
                {
                    CloseParagraph();
                    if (reply is not null && IsSubHeading(content) && marker is null)
                    {
                        reply.Sections.Add((content, []));
                        continue;
                    }
                    paragraph = new ParagraphDraft(line.Number, content, BodyMeasure - (line.Indented ? FirstLineIndent : 0));
                }
                else paragraph!.Text = Join(paragraph.Text, content);

                var width = Width(content);
                continuesPrinted = marker is not null && line.FollowedDirectly;
                paragraph.Closed = !continuesPrinted && EndsSentence(content) && width <= paragraph.Measure - OneCharacter;
                paragraph.Measure = startsBlock && line.Indented ? width + FirstLineIndent : width;
                if (marker is int m)
                {
                    paragraph.Refs.Add(m);
                    cited.Add(m);
                }
            }
            CloseParagraph();
        }

        private (string Content, int? Marker) SplitMarker(string text, HashSet<int> footnoteNumbers)
        {
            var match = TrailingMarker().Match(text);
            if (!match.Success) return (text, null);
            var number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (!footnoteNumbers.Contains(number) || cited.Contains(number)) return (text, null);
            return (match.Groups[1].Value, number);
        }

        private void StartReply(string submitter, int line)
        {
            reply = new ReplyDraft(submitter, line);
            replies.Add(reply);
            if (!Submitters.ByChineseName.ContainsKey(submitter))
                unclassified.Add(new UnclassifiedLine(line, submitter, "a submitter missing from the table of names"));
        }

        private void CloseParagraph()
        {
            if (paragraph is null) return;
            if (reply is not null)
            {
                if (reply.Sections.Count == 0) reply.Sections.Add((null, []));
                reply.Sections[^1].Paragraphs.Add(new SourceParagraph(++reply.Ordinal, paragraph.FirstLine, paragraph.Text.Trim(), [.. paragraph.Refs]));
            }
            else introduction.Add(new SourceParagraph(++introductionOrdinal, paragraph.FirstLine, paragraph.Text.Trim(), [.. paragraph.Refs]));
            paragraph = null;
        }

        public SourceDocument Document()
        {
            Footnote ToFootnote(FootnoteDraft f) => new(f.Number, f.Text.Trim());
            List<Footnote> CitedBy(IEnumerable<SourceParagraph> paragraphs)
            {
                var refs = paragraphs.SelectMany(p => p.FootnoteRefs).ToHashSet();
                return [.. footnotes.Where(f => refs.Contains(f.Number)).Select(ToFootnote)];
            }

            foreach (var f in footnotes.Where(f => !cited.Contains(f.Number)))
                unclassified.Add(new UnclassifiedLine(f.Line, $"{f.Number} {f.Text}", $"footnote {f.Number} is cited by no paragraph"));

            var built = replies.Select(r =>
            {
                var known = Submitters.ByChineseName.GetValueOrDefault(r.Submitter) ?? new Submitter("", "");
                var sections = r.Sections.Select(s => new ReplySection(s.Heading, s.Paragraphs)).ToList();
                return new Reply(r.Submitter, known.English, known.Code, r.Language, r.Date, r.Line, r.LanguageNote, r.DateNote,
                    sections, CitedBy(sections.SelectMany(s => s.Paragraphs)));
            }).ToList();

            return new SourceDocument(Symbol, Title, Language, chapters, introduction, CitedBy(introduction), built,
                [.. unclassified.OrderBy(u => u.Line)], furniture);
        }
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string Normalize(string line) => Whitespace().Replace(line.Trim(), " ");

    private static bool IsItem(string text) => Item().IsMatch(text);

    private static bool IsSubHeading(string text) =>
        !IsItem(text) && !EndsInPunctuation().IsMatch(text) && Width(text) <= LongestSubHeading;

    private static bool EndsSentence(string text) => SentenceEnd().IsMatch(text);

    /// <summary>Display width in columns: two for a full-width (CJK) character, one for the rest.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var c in text) width += IsFullWidth(c) ? 2 : 1;
        return width;
    }

    private static bool IsFullWidth(char c) =>
        c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60')
            or (>= '\uFFE0' and <= '\uFFE6');

    /// <summary>Joins a wrapped line to the text before it: no space, except between two Latin-script words.</summary>
    public static string Join(string before, string after)
    {
        if (before.Length == 0) return after;
        if (after.Length == 0) return before;
        var lastToken = before[(before.LastIndexOf(' ') + 1)..];
        var space = !lastToken.Contains('/', StringComparison.Ordinal) && IsLatin(before[^1]) && IsLatin(after[0]);
        return space ? before + " " + after : before + after;
    }

    private static bool IsLatin(char c) => c < '\u0250' && char.IsLetterOrDigit(c);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^https?://\S+\s*$")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^(\d{1,3})\s+(\S.*)$")]
    private static partial Regex FootnoteStart();

    [GeneratedRegex(@"^([一二三四五六七八九十]+)\s*[.．、]\s*(\S.*)$")]
    private static partial Regex ChapterLine();

    [GeneratedRegex(@"^从(.+)收到的答复$")]
    private static partial Regex FromSubmitter();

    [GeneratedRegex(@"^\[原件\s*[：:]\s*(.+?)\s*\]$")]
    private static partial Regex OriginalLine();

    [GeneratedRegex(@"^\[(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\]$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^(?:\d{1,2}\.\s|\(\s*[a-z]{1,3}\s*\)|（\s*[a-z]{1,3}\s*）|\([一二三四五六七八九十]+\)|（[一二三四五六七八九十]+）|-\s|[•▪●\uE000-\uF8FF])")]
    private static partial Regex Item();

    [GeneratedRegex(@"[。！？；：，、.;:,!?]$")]
    private static partial Regex EndsInPunctuation();

    [GeneratedRegex(@"[。！？][”’」』）)]?\s*$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(.*[。！？；：，、”’」』）)》])\s?(\d{1,2})$")]
    private static partial Regex TrailingMarker();
}
