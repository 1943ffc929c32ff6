namespace GgeWorkspace.Api.Revisions;

/// <summary>A paragraph as it stood in a revision: stable id, positional number, text and everything negotiated about it.</summary>
public sealed record SnapshotParagraph(
    Guid ParagraphId,
    int Number,
    Guid SectionId,
    string Text,
    ParagraphStatus Status,
    long TextVersion,
    IReadOnlyList<Bracket> Brackets,
    IReadOnlyList<ParagraphOption> Options,
    IReadOnlyList<AuthorshipRun> Authorship)
{
    /// <summary>The paragraph's translations as they stood (null in revisions issued before translations were kept).</summary>
    public IReadOnlyList<SnapshotTranslation>? Translations { get; init; }
}

/// <summary>A translation of a paragraph as it stood in a revision, current or stale against the working text of that revision.</summary>
public sealed record SnapshotTranslation(
    string Language, string Text, long TextVersion, long? SourceTextVersion, Translations.TranslationStatus Status, IReadOnlyList<Bracket> Brackets);

/// <summary>A section as it stood in a revision: its number ("I." or "A."), heading, own paragraphs and sub-sections.</summary>
public sealed record SnapshotSection(
    Guid SectionId, string Number, string Heading, int Level, IReadOnlyList<SnapshotParagraph> Paragraphs, IReadOnlyList<SnapshotSection> SubSections);

/// <summary>
/// The whole content of a draft at one moment, stored in the <see cref="RevisionIssued"/> event so a revision never changes.
/// Withdrawn (deleted) paragraphs and deleted sections are not part of the text, so they are not in it.
/// </summary>
public sealed record RevisionSnapshot(string Title, string? ProvisionalSymbol, IReadOnlyList<SnapshotSection> Sections)
{
    /// <summary>Every paragraph in document order (a section's own paragraphs, then its sub-sections').</summary>
    public IEnumerable<SnapshotParagraph> Paragraphs() =>
        Sections.SelectMany(s => s.Paragraphs.Concat(s.SubSections.SelectMany(sub => sub.Paragraphs)));

    /// <summary>
    /// The snapshot of <paramref name="draft"/> now, numbered by <see cref="DraftOutline"/>. <paramref name="paragraphs"/> must
    /// hold every numbered paragraph of the draft (a missing one is a bug in the caller, not a user error).
    /// </summary>
    public static RevisionSnapshot From(Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, IReadOnlyDictionary<Guid, Paragraph>? translations = null)
    {
        var outline = DraftOutline.Of(draft);

        SnapshotSection Section(OutlineSection section) => new(
            section.SectionId, section.Number, section.Heading, section.Level,
            [.. section.Paragraphs.Select(p => Paragraph(p, section.SectionId))],
            [.. section.SubSections.Select(Section)]);

        SnapshotParagraph Paragraph(OutlineParagraph placed, Guid sectionId)
        {
            var p = paragraphs.TryGetValue(placed.ParagraphId, out var found)
                ? found
                : throw new ArgumentException($"Paragraph {placed.ParagraphId} of the draft is missing.", nameof(paragraphs));
            return new SnapshotParagraph(p.Id, placed.Number, sectionId, p.Text, p.Status, p.TextVersion, p.Brackets, p.Options, p.Authorship)
            {
                Translations = translations is null ? null : [.. TranslationsOf(p)],
            };
        }

        IEnumerable<SnapshotTranslation> TranslationsOf(Paragraph p)
        {
            foreach (var language in draft.TranslationLanguages)
                if (translations!.TryGetValue(Translations.Translation.IdOf(p.Id, language), out var t))
                    yield return new SnapshotTranslation(language, t.Text, t.TextVersion, t.SourceTextVersion, Translations.Translation.StatusOf(t, p), t.Brackets);
        }

        return new RevisionSnapshot(draft.Title, draft.ProvisionalSymbol, [.. outline.Sections.Select(Section)]);
    }
}
