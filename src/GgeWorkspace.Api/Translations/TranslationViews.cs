namespace GgeWorkspace.Api.Translations;

/// <summary>A run of words of a word diff: kept, deleted from the older text or inserted by the newer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WordChangeKind>))]
public enum WordChangeKind
{
    Kept,
    Deleted,
    Inserted,
}

public sealed record WordChange(WordChangeKind Kind, string Text);

/// <summary>
/// One paragraph's translation into one language, as members read it. <see cref="Id"/> is the translation's own text id (the
/// paragraph id live editing names); <see cref="Status"/> and <see cref="ParagraphStatus"/> are the working text's; when stale,
/// <see cref="ChangesSince"/> is the word diff from the working text it translated to the working text now.
/// </summary>
public sealed record TranslationView(
    Guid Id, Guid ParagraphId, int? Number, string Language, TranslationStatus Status, string? Text, long TextVersion,
    IReadOnlyList<Bracket> Brackets, long? SourceTextVersion, long WorkingTextVersion, ParagraphStatus ParagraphStatus,
    IReadOnlyList<WordChange>? ChangesSince)
{
    public IReadOnlyList<AuthorshipRun>? Authorship { get; init; }

    public static TranslationView Of(Paragraph working, Paragraph? translation, string language, int? number, bool withAuthorship)
    {
        var status = Translation.StatusOf(translation, working);
        return new TranslationView(
            Translation.IdOf(working.Id, language), working.Id, number, language, status, translation?.Text, translation?.TextVersion ?? 0,
            translation?.Brackets ?? [], translation?.SourceTextVersion, working.TextVersion, working.Status,
            status == TranslationStatus.Stale ? WordDiff(translation!.SourceText ?? "", working.Text) : null)
        {
            Authorship = withAuthorship ? translation?.Authorship : null,
        };
    }

    /// <summary>What changed from <paramref name="older"/> to <paramref name="newer"/>, word by word (characters in scripts written without spaces).</summary>
    public static IReadOnlyList<WordChange> WordDiff(string older, string newer)
    {
        var before = RedlineChunker.Tokens(older);
        var after = RedlineChunker.Tokens(newer);
        var changes = new List<WordChange>();
        void Add(WordChangeKind kind, IEnumerable<string> tokens)
        {
            var text = string.Concat(tokens);
            if (text.Length == 0) return;
            if (changes.Count > 0 && changes[^1].Kind == kind) changes[^1] = changes[^1] with { Text = changes[^1].Text + text };
            else changes.Add(new WordChange(kind, text));
        }
        var kept = 0;
        foreach (var change in TokenDiff.Between(before, after))
        {
            Add(WordChangeKind.Kept, before.Skip(kept).Take(change.DeleteStart - kept));
            Add(WordChangeKind.Deleted, before.Skip(change.DeleteStart).Take(change.DeleteCount));
            Add(WordChangeKind.Inserted, after.Skip(change.InsertStart).Take(change.InsertCount));
            kept = change.DeleteStart + change.DeleteCount;
        }
        Add(WordChangeKind.Kept, before.Skip(kept));
        return changes;
    }
}

/// <summary>Current, stale and missing translations into one language: of the whole draft, and per section (sub-sections counted in their own row).</summary>
public sealed record TranslationCounts(string Language, int Current, int Stale, int Missing, IReadOnlyList<SectionTranslationCounts> Sections);

public sealed record SectionTranslationCounts(Guid SectionId, string Number, int Current, int Stale, int Missing);

/// <summary>The translations of a draft into one language, paragraph by paragraph in document order.</summary>
public sealed record DraftTranslationsView(Guid DraftId, string WorkingLanguage, string Language, IReadOnlyList<TranslationView> Paragraphs);
