namespace GgeWorkspace.Api.Sources;

/// <summary>
/// The Member States' views as read from one language version of the Secretary-General's report
/// (A/72/304): the introduction, then one reply per State and the European Union's in its own chapter.
/// </summary>
public sealed record SourceDocument(
    string Symbol,
    string Title,
    string Language,
    IReadOnlyList<ChapterHeading> Chapters,
    IReadOnlyList<SourceParagraph> Introduction,
    IReadOnlyList<Footnote> IntroductionFootnotes,
    IReadOnlyList<Reply> Replies,
    IReadOnlyList<UnclassifiedLine> Unclassified,
    IReadOnlyList<SourceLine> PageFurniture);

/// <summary>A chapter heading as written, such as "二. 从各国政府收到的答复".</summary>
public sealed record ChapterHeading(int Line, string Text);

/// <summary>
/// One reply: who sent it, in which language and when, and its text. <see cref="SubmitterLine"/> is the
/// line that names the submitter (for the European Union, the chapter heading that introduces it);
/// <see cref="OriginalLanguageNote"/> and <see cref="DateNote"/> are the bracketed lines as written.
/// </summary>
public sealed record Reply(
    string Submitter,
    string SubmitterEnglish,
    string Code,
    string? OriginalLanguage,
    DateOnly? Date,
    int SubmitterLine,
    string? OriginalLanguageNote,
    string? DateNote,
    IReadOnlyList<ReplySection> Sections,
    IReadOnlyList<Footnote> Footnotes)
{
    /// <summary>Every paragraph of the reply in document order, across its sections.</summary>
    public IEnumerable<SourceParagraph> Paragraphs => Sections.SelectMany(s => s.Paragraphs);
}

/// <summary>A run of paragraphs under a sub-heading such as "结论"; the first section of a reply may have none.</summary>
public sealed record ReplySection(string? Heading, IReadOnlyList<SourceParagraph> Paragraphs);

/// <summary>
/// A paragraph of the original: its wrapped lines joined. <see cref="Ordinal"/> counts from 1 within the reply
/// (or the introduction) and does not change when the text is re-read. Footnote markers glued after the text
/// ("网站。1") are taken out of <see cref="Text"/> and listed in <see cref="FootnoteRefs"/>.
/// </summary>
public sealed record SourceParagraph(int Ordinal, int FirstLine, string Text, IReadOnlyList<int> FootnoteRefs);

/// <summary>A footnote from below a page's separator line: its number and its text, wrapped lines joined.</summary>
public sealed record Footnote(int Number, string Text);

/// <summary>A line the reader could not place, kept so that nothing is dropped silently.</summary>
public sealed record UnclassifiedLine(int Line, string Text, string Reason);

/// <summary>A line of the input, numbered from 1.</summary>
public sealed record SourceLine(int Number, string Text);
