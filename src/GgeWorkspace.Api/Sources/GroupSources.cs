using System.Security.Cryptography;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// A paragraph of a reply as the group keeps it. <see cref="Id"/> is stable across re-imports: the document symbol, the
/// submitter code and the paragraph's ordinal within the reply, such as <c>A/72/304:CAN:3</c>.
/// </summary>
public sealed record StoredSourceParagraph(string Id, int Ordinal, string? Heading, string Text, IReadOnlyList<string> Footnotes);

/// <summary>One reply as the group keeps it, paragraphs in document order.</summary>
public sealed record StoredReply(
    string Code, string Submitter, string SubmitterEnglish, string? OriginalLanguage, DateOnly? Date, IReadOnlyList<StoredSourceParagraph> Paragraphs)
{
    /// <summary>The reply's sections in order: each run of paragraphs under one sub-heading (the first may have none).</summary>
    public IReadOnlyList<(string? Heading, IReadOnlyList<StoredSourceParagraph> Paragraphs)> Sections()
    {
        var sections = new List<(string? Heading, IReadOnlyList<StoredSourceParagraph> Paragraphs)>();
        foreach (var paragraph in Paragraphs)
        {
            if (sections.Count == 0 || sections[^1].Heading != paragraph.Heading) sections.Add((paragraph.Heading, new List<StoredSourceParagraph>()));
            ((List<StoredSourceParagraph>)sections[^1].Paragraphs).Add(paragraph);
        }
        return sections;
    }
}

/// <summary>
/// A document of views (such as A/72/304) was imported into a group, with its replies. <see cref="ContentHash"/> is the SHA-256
/// of the text as given, so importing the same text again changes nothing; a different text of the same symbol replaces the replies.
/// </summary>
public sealed record SourceDocumentImported(
    Guid GroupId, Guid DocumentId, string Symbol, string Title, string Language, string ContentHash, DateTimeOffset ImportedAt,
    IReadOnlyList<StoredReply> Replies, int UnclassifiedLines) : IGroupEvent;

/// <summary>
/// A document of views in one group: one stream per group and symbol (<see cref="StreamIdFor"/>), inline snapshot so the
/// replies are readable right after the import and a re-import is checked against the stored hash.
/// </summary>
public sealed record GroupSourceDocument(
    Guid Id, Guid GroupId, string Symbol, string Title, string Language, string ContentHash, DateTimeOffset ImportedAt,
    IReadOnlyList<StoredReply> Replies, int UnclassifiedLines)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>The document's versions in other languages, in the order they were first imported; none in snapshots of older streams.</summary>
    public IReadOnlyList<SourceLanguageVersion> LanguageVersions { get; init; } = [];

    /// <summary>Every event type of a source document's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(SourceDocumentImported), typeof(SourceLanguageVersionImported), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a source document changes by an event: Marten's snapshot uses it; a re-import replaces it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static GroupSourceDocument? Evolve(GroupSourceDocument? state, object e) => (state, e) switch
    {
        (null, SourceDocumentImported x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, SourceDocumentImported x) => state.With(x),
        (not null, SourceLanguageVersionImported x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(GroupSourceDocument), e),
    };

    public static GroupSourceDocument From(SourceDocumentImported e) =>
        new(e.DocumentId, e.GroupId, e.Symbol, e.Title, e.Language, e.ContentHash, e.ImportedAt, e.Replies, e.UnclassifiedLines);

    /// <summary>A re-import replaces the replies and keeps the language versions; import a version again to align it with the new text.</summary>
    public GroupSourceDocument With(SourceDocumentImported e) => From(e) with { LanguageVersions = LanguageVersions };

    /// <summary>A version in a language the document holds already replaces that one, in its place.</summary>
    public GroupSourceDocument With(SourceLanguageVersionImported e)
    {
        var version = new SourceLanguageVersion(e.Language, e.Title, e.Official, e.Note, e.ContentHash, e.ImportedAt, e.Replies, e.Unaligned);
        return VersionIn(e.Language) is null
            ? this with { LanguageVersions = [.. LanguageVersions, version] }
            : this with { LanguageVersions = [.. LanguageVersions.Select(v => v.Language == e.Language ? version : v)] };
    }

    /// <summary>The languages the document is held in: its own first, then its versions.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Languages => [Language, .. LanguageVersions.Select(v => v.Language)];

    public bool Holds(string language) => Languages.Contains(language, StringComparer.Ordinal);

    public SourceLanguageVersion? VersionIn(string language) => LanguageVersions.FirstOrDefault(v => v.Language == language);

    /// <summary>The document read in <paramref name="language"/> (its own when null); 404 for a language it is not held in.</summary>
    public SourceReading In(string? language) =>
        language is null || language == Language ? new SourceReading(this, null)
        : VersionIn(language) is { } version ? new SourceReading(this, version)
        : throw new NotFoundException($"{Symbol} is not held in {language} in this group: it is held in {string.Join(", ", Languages)}.");

    public StoredReply? ReplyFor(string code) => Replies.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>A paragraph by its stable id, with the reply it belongs to.</summary>
    public (StoredReply Reply, StoredSourceParagraph Paragraph)? Find(string paragraphId) =>
        (from reply in Replies
         from paragraph in reply.Paragraphs
         where paragraph.Id == paragraphId
         select ((StoredReply, StoredSourceParagraph)?)(reply, paragraph)).FirstOrDefault();

    /// <summary>The document stream of a symbol in a group: name-based, so every import of the same symbol lands on it.</summary>
    public static Guid StreamIdFor(Guid groupId, string symbol) => StreamIds.NameBased($"gge-workspace/sources/{groupId:D}/{symbol}");
}

/// <summary>Pure decisions on importing a document of views.</summary>
public static class SourceDecisions
{
    public static string ParagraphId(string symbol, string code, int ordinal) => $"{symbol}:{code}:{ordinal}";

    public static string ContentHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// The events importing <paramref name="document"/> (read from text with hash <paramref name="contentHash"/>) produces: none
    /// when the group already holds exactly that text.
    /// </summary>
    public static IReadOnlyList<SourceDocumentImported> Import(
        Guid groupId, SourceDocument document, string contentHash, GroupSourceDocument? existing, DateTimeOffset now)
    {
        if (existing is not null && existing.ContentHash == contentHash) return [];
        var replies = document.Replies.Select(r => Store(document.Symbol, r)).ToList();
        return
        [
            new SourceDocumentImported(groupId, GroupSourceDocument.StreamIdFor(groupId, document.Symbol), document.Symbol, document.Title,
                document.Language, contentHash, now, replies, document.Unclassified.Count),
        ];
    }

    private static StoredReply Store(string symbol, Reply reply)
    {
        var footnotes = reply.Footnotes.ToDictionary(f => f.Number, f => f.Text);
        var paragraphs = reply.Sections
            .SelectMany(s => s.Paragraphs.Select(p => new StoredSourceParagraph(
                ParagraphId(symbol, reply.Code, p.Ordinal), p.Ordinal, s.Heading, p.Text,
                [.. p.FootnoteRefs.Select(n => footnotes.TryGetValue(n, out var text) ? $"{n} {text}" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))])))
            .ToList();
        return new StoredReply(reply.Code, reply.Submitter, reply.SubmitterEnglish, reply.OriginalLanguage, reply.Date, paragraphs);
    }
}
