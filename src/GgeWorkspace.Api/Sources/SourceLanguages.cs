namespace GgeWorkspace.Api.Sources;

/// <summary>The six languages of the United Nations, as ISO 639-1 codes, in the order the Organization lists them.</summary>
public static class UnLanguages
{
    public static readonly IReadOnlyList<string> All = ["ar", "zh", "en", "fr", "ru", "es"];

    public static bool IsOne(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);

    public const string Listed = "ar, zh, en, fr, ru or es";
}

/// <summary>
/// A language version of a document of views as it is sent (docs/sources.md, "Language versions"): JSON naming the symbol, the
/// language, a title, whether the version is official, a note, and per reply (by State code) the submitter's name and the
/// sections in the order of the document, each with its heading and its paragraphs in order. A paragraph may be null: this
/// version does not translate it, and it keeps its place so that the paragraphs after it still align.
/// </summary>
public sealed record LanguageVersionText(
    string? Symbol, string? Language, string? Title, bool? Official, string? Note, IReadOnlyList<LanguageVersionReply>? Replies);

public sealed record LanguageVersionReply(string? Code, string? Submitter, IReadOnlyList<LanguageVersionSection>? Sections);

public sealed record LanguageVersionSection(string? Heading, IReadOnlyList<string?>? Paragraphs);

/// <summary>A paragraph of a reply in another language, aligned with the paragraph of the same ordinal in the document.</summary>
public sealed record TranslatedParagraph(int Ordinal, string Text);

/// <summary>
/// A reply in another language: the submitter's name in it, the sub-heading of each section of the reply in order (null where
/// the version has none), and the paragraphs that aligned.
/// </summary>
public sealed record TranslatedReply(string Code, string Submitter, IReadOnlyList<string?> Headings, IReadOnlyList<TranslatedParagraph> Paragraphs);

public enum AlignmentGapKind
{
    /// <summary>A reply of the document that the version does not hold.</summary>
    ReplyMissing,
    /// <summary>A reply of the version whose code is no reply of the document.</summary>
    ReplyNotInDocument,
    /// <summary>The reply has another number of sections in the version; sections align by position.</summary>
    SectionCount,
    /// <summary>A paragraph of the document with no paragraph at its place in the version (the version's section is shorter).</summary>
    ParagraphMissing,
    /// <summary>A paragraph of the version with no paragraph at its place in the document (the version's section is longer).</summary>
    ParagraphNotInDocument,
}

/// <summary>What did not align when a language version was imported: the reply, the document's ordinal where there is one, and why.</summary>
public sealed record AlignmentGap(AlignmentGapKind Kind, string Code, int? Ordinal, string Detail);

/// <summary>One language version of a document as the group keeps it: only what aligned, and the report of what did not.</summary>
public sealed record SourceLanguageVersion(
    string Language, string Title, bool Official, string? Note, string ContentHash, DateTimeOffset ImportedAt,
    IReadOnlyList<TranslatedReply> Replies, IReadOnlyList<AlignmentGap> Unaligned);

/// <summary>
/// A version of a document of views in another language was imported (by the Secretariat) and aligned with the document by reply
/// and paragraph. <see cref="Official"/> is false for a working translation. A later import of the same language replaces it.
/// </summary>
public sealed record SourceLanguageVersionImported(
    Guid GroupId, Guid DocumentId, string Symbol, string Language, string Title, bool Official, string? Note, string ContentHash,
    DateTimeOffset ImportedAt, IReadOnlyList<TranslatedReply> Replies, IReadOnlyList<AlignmentGap> Unaligned) : IGroupEvent;

/// <summary>A reply paragraph read in one language: <see cref="Missing"/> when it has no text in that language (the text is then null).</summary>
public sealed record SourceParagraphView(string Id, int Ordinal, string? Heading, string? Text, IReadOnlyList<string> Footnotes, bool Missing);

/// <summary>A cited reply paragraph with its text in the language asked for.</summary>
public sealed record CitedSourceText(
    string SourceParagraphId, string Code, string? Submitter, string Language, bool Official, string? Heading, string? Text, bool Missing);

/// <summary>Aligning a language version with the document it translates: replies by code, sections by position, paragraphs by ordinal.</summary>
public static class SourceAlignment
{
    /// <summary>
    /// The replies of <paramref name="version"/> that align with <paramref name="document"/>, and what did not align. A reply aligns
    /// by its State code; its sections align by position (their headings with them) and, within a section, each paragraph with the
    /// paragraph of the same place, so a paragraph keeps the ordinal (and the id) it has in the document. Where a section has more or
    /// fewer paragraphs in the version, the paragraphs past the shorter one are reported and not kept.
    /// </summary>
    public static (IReadOnlyList<TranslatedReply> Replies, IReadOnlyList<AlignmentGap> Unaligned) Align(
        GroupSourceDocument document, string language, LanguageVersionText version)
    {
        var given = version.Replies ?? [];
        var gaps = new List<AlignmentGap>();
        var replies = new List<TranslatedReply>();
        var original = document.Language;

        foreach (var extra in given.Where(r => document.ReplyFor(r.Code ?? "") is null))
            gaps.Add(new(AlignmentGapKind.ReplyNotInDocument, extra.Code ?? "", null,
                $"{extra.Code} is no reply of {document.Symbol}: its text in {language} is not kept."));

        foreach (var reply in document.Replies)
        {
            var translated = given.FirstOrDefault(r => string.Equals(r.Code, reply.Code, StringComparison.OrdinalIgnoreCase));
            if (translated is null)
            {
                gaps.Add(new(AlignmentGapKind.ReplyMissing, reply.Code, null, $"The reply of {reply.SubmitterEnglish} ({reply.Code}) is not in the {language} version."));
                continue;
            }
            var sections = reply.Sections();
            var versionSections = translated.Sections ?? [];
            if (sections.Count != versionSections.Count)
                gaps.Add(new(AlignmentGapKind.SectionCount, reply.Code, null,
                    $"{reply.Code} has {sections.Count} section(s) in {original} and {versionSections.Count} in {language}; sections align by position."));

            var headings = new List<string?>();
            var paragraphs = new List<TranslatedParagraph>();
            for (var i = 0; i < Math.Max(sections.Count, versionSections.Count); i++)
            {
                var inDocument = i < sections.Count ? sections[i].Paragraphs : [];
                var inVersion = i < versionSections.Count ? versionSections[i].Paragraphs ?? [] : [];
                if (i < sections.Count) headings.Add(i < versionSections.Count ? Trimmed(versionSections[i].Heading) : null);
                for (var j = 0; j < Math.Max(inDocument.Count, inVersion.Count); j++)
                {
                    if (j < inDocument.Count && j < inVersion.Count)
                    {
                        if (Trimmed(inVersion[j]) is { } text) paragraphs.Add(new TranslatedParagraph(inDocument[j].Ordinal, text));
                    }
                    else if (j < inDocument.Count)
                        gaps.Add(new(AlignmentGapKind.ParagraphMissing, reply.Code, inDocument[j].Ordinal,
                            $"{reply.Code}, section {i + 1}: {inDocument.Count} paragraph(s) in {original}, {inVersion.Count} in {language}; " +
                            $"paragraph {inDocument[j].Ordinal} has no text in {language}."));
                    else if (inVersion[j] is not null)
                        gaps.Add(new(AlignmentGapKind.ParagraphNotInDocument, reply.Code, null,
                            $"{reply.Code}, section {i + 1}: {inDocument.Count} paragraph(s) in {original}, {inVersion.Count} in {language}; " +
                            $"paragraph {j + 1} of the section in {language} is not kept."));
                }
            }
            replies.Add(new TranslatedReply(reply.Code, Trimmed(translated.Submitter) ?? "", headings, paragraphs));
        }
        return (replies, gaps);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>Pure decisions on language versions of a document of views.</summary>
public static class SourceLanguageDecisions
{
    /// <summary>
    /// The event importing <paramref name="version"/> as the document's <paramref name="language"/> version produces: none when the
    /// group already holds exactly this version (same hash).
    /// </summary>
    public static IReadOnlyList<SourceLanguageVersionImported> Import(
        GroupSourceDocument document, string language, LanguageVersionText version, string contentHash, DateTimeOffset now)
    {
        if (language == document.Language)
            throw InvalidFieldsException.Field("language",
                $"{document.Symbol} was imported in {language}: that text is the document itself (POST /sources/import), not a version of it.");
        if (version.Symbol is { } symbol && symbol != document.Symbol)
            throw InvalidFieldsException.Field("symbol", $"This is a version of {symbol}, not of {document.Symbol}.");
        if (document.VersionIn(language) is { } existing && existing.ContentHash == contentHash) return [];

        var (replies, gaps) = SourceAlignment.Align(document, language, version);
        var title = string.IsNullOrWhiteSpace(version.Title) ? $"{document.Symbol} ({language})" : version.Title.Trim();
        return
        [
            new SourceLanguageVersionImported(document.GroupId, document.Id, document.Symbol, language, title, version.Official ?? false,
                string.IsNullOrWhiteSpace(version.Note) ? null : version.Note.Trim(), contentHash, now, replies, gaps),
        ];
    }

    /// <summary>The hash of a version as sent: the SHA-256 of its JSON, so the same version sent again changes nothing.</summary>
    public static string ContentHash(LanguageVersionText version) =>
        SourceDecisions.ContentHash(JsonSerializer.Serialize(version, HashJson));

    private static readonly JsonSerializerOptions HashJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>
/// A document read in one of the languages it holds: its own (<see cref="GroupSourceDocument.Language"/>, official) or a
/// version. Text a version lacks is marked missing, never filled in from another language.
/// </summary>
public sealed class SourceReading(GroupSourceDocument document, SourceLanguageVersion? version)
{
    public string Language => version?.Language ?? document.Language;

    public bool Official => version?.Official ?? true;

    public GroupSourceDocument Document => document;

    private TranslatedReply? Translated(StoredReply reply) =>
        version?.Replies.FirstOrDefault(r => string.Equals(r.Code, reply.Code, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the version does not hold the reply at all.</summary>
    public bool IsMissing(StoredReply reply) => version is not null && Translated(reply) is null;

    /// <summary>The submitter's name in this language, or null when the version does not give it.</summary>
    public string? SubmitterOf(StoredReply reply) =>
        version is null ? reply.Submitter : Translated(reply) is { Submitter.Length: > 0 } t ? t.Submitter : null;

    public IReadOnlyList<SourceParagraphView> ParagraphsOf(StoredReply reply)
    {
        if (version is null) return [.. reply.Paragraphs.Select(p => new SourceParagraphView(p.Id, p.Ordinal, p.Heading, p.Text, p.Footnotes, false))];
        var translated = Translated(reply);
        var views = new List<SourceParagraphView>();
        var sections = reply.Sections();
        for (var i = 0; i < sections.Count; i++)
        {
            var heading = translated is not null && i < translated.Headings.Count ? translated.Headings[i] : null;
            foreach (var p in sections[i].Paragraphs)
            {
                var text = translated?.Paragraphs.FirstOrDefault(t => t.Ordinal == p.Ordinal)?.Text;
                // Footnotes are kept in the document's own language only.
                views.Add(new SourceParagraphView(p.Id, p.Ordinal, heading, text, [], text is null));
            }
        }
        return views;
    }

    public SourceParagraphView Paragraph(StoredReply reply, StoredSourceParagraph paragraph) =>
        ParagraphsOf(reply).Single(p => p.Id == paragraph.Id);
}

/// <summary>Reads of the group's sources in a language: the documents that hold it, and cited paragraphs' texts in it.</summary>
public static class SourceLanguageReads
{
    /// <summary>
    /// The texts of <paramref name="sourceParagraphIds"/> in <paramref name="language"/>, from the group's
    /// <paramref name="documents"/>; 404 when none of them holds the language. A paragraph whose document does not hold it is missing.
    /// </summary>
    public static IReadOnlyList<CitedSourceText> Texts(IReadOnlyList<GroupSourceDocument> documents, string language, IEnumerable<string> sourceParagraphIds)
    {
        RequireHeldByOne(documents, language);
        return [.. sourceParagraphIds.Select(id => Text(documents, language, id))];
    }

    public static void RequireHeldByOne(IReadOnlyList<GroupSourceDocument> documents, string language)
    {
        if (!documents.Any(d => d.Holds(language)))
            throw new NotFoundException($"No source document of this group is held in {language}.");
    }

    private static CitedSourceText Text(IReadOnlyList<GroupSourceDocument> documents, string language, string id)
    {
        var parts = id.Split(':');
        var document = documents.FirstOrDefault(d => d.Symbol == parts[0]);
        // A paragraph the group's documents no longer hold, or a document not held in this language: missing, not replaced.
        if (document?.Find(id) is not { } found || !document.Holds(language))
            return new CitedSourceText(id, parts.Length > 2 ? parts[^2] : "", null, language, false, null, null, true);
        var reading = document.In(language);
        var paragraph = reading.Paragraph(found.Reply, found.Paragraph);
        return new CitedSourceText(id, found.Reply.Code, reading.SubmitterOf(found.Reply), language, reading.Official, paragraph.Heading, paragraph.Text, paragraph.Missing);
    }
}
