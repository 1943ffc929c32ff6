namespace GgeWorkspace.Api.Translations;

/// <summary>A draft's numbered paragraphs and their translations into one or more languages, from the inline snapshots.</summary>
public sealed record DraftTranslations(Draft Draft, DraftOutline Outline, IReadOnlyDictionary<Guid, Paragraph> Paragraphs, IReadOnlyDictionary<Guid, Paragraph> Translations)
{
    public static async Task<DraftTranslations> LoadAsync(IQuerySession session, Draft draft, IReadOnlyList<string> languages, CancellationToken ct)
    {
        var outline = DraftOutline.Of(draft);
        var ids = outline.ParagraphNumbers.Keys.ToArray();
        var paragraphs = ids.Length == 0 ? [] : await session.LoadManyAsync<Paragraph>(ct, ids);
        var translationIds = ids.SelectMany(id => languages.Select(language => Translation.IdOf(id, language))).ToArray();
        var translations = translationIds.Length == 0 ? [] : await session.LoadManyAsync<Paragraph>(ct, translationIds);
        return new DraftTranslations(draft, outline, paragraphs.Where(p => !p.IsTranslation).ToDictionary(p => p.Id),
            translations.Where(t => t.IsTranslation).ToDictionary(t => t.Id));
    }

    public Paragraph? TranslationOf(Guid paragraphId, string language) => Translations.GetValueOrDefault(Translation.IdOf(paragraphId, language));

    /// <summary>Every numbered paragraph (deleted ones are not numbered) in document order with its section.</summary>
    public IEnumerable<(OutlineSection Section, OutlineParagraph Placed, Paragraph Paragraph)> Numbered()
    {
        foreach (var section in Outline.Sections.SelectMany(s => new[] { s }.Concat(s.SubSections)))
            foreach (var placed in section.Paragraphs)
                if (Paragraphs.TryGetValue(placed.ParagraphId, out var paragraph) && !paragraph.IsDeleted)
                    yield return (section, placed, paragraph);
    }

    /// <summary>Current, stale and missing translations per language other than the working language, and per section.</summary>
    public IReadOnlyList<TranslationCounts> Counts() =>
    [
        .. OfficialLanguages.Official.Where(l => l != Draft.WorkingLanguage).Select(language =>
        {
            var rows = Numbered().Select(n => (n.Section, Status: Translation.StatusOf(TranslationOf(n.Paragraph.Id, language), n.Paragraph))).ToList();
            int Count(IEnumerable<TranslationStatus> statuses, TranslationStatus status) => statuses.Count(s => s == status);
            var sections = rows.GroupBy(r => r.Section.SectionId)
                .Select(g => new SectionTranslationCounts(g.Key, g.First().Section.Number, Count(g.Select(r => r.Status), TranslationStatus.Current),
                    Count(g.Select(r => r.Status), TranslationStatus.Stale), Count(g.Select(r => r.Status), TranslationStatus.Missing)))
                .ToList();
            var all = rows.Select(r => r.Status).ToList();
            return new TranslationCounts(language, Count(all, TranslationStatus.Current), Count(all, TranslationStatus.Stale), Count(all, TranslationStatus.Missing), sections);
        }),
    ];
}
