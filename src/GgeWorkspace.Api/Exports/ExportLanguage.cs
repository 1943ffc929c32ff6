using System.Reflection;
using GgeWorkspace.Api.Translations;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// The words an export prints around the text, in the export's language: "Option", the paragraph statuses, the marks of a
/// missing or stale translation and the "Original:" line. From the data file export-words.json; English for any other language.
/// </summary>
public sealed record ExportWords(
    string Option, string TranslationMissing, string TranslationStale, string Original, IReadOnlyDictionary<string, string> Statuses,
    IReadOnlyDictionary<string, string> Languages)
{
    private static readonly Dictionary<string, ExportWords> All = Load();

    public static ExportWords For(string language) => All.GetValueOrDefault(language) ?? All[OfficialLanguages.English];

    /// <summary>"under negotiation", "en cours de négociation" ...: a paragraph status as the negotiation text shows it.</summary>
    public string Status(ParagraphStatus status) => Statuses[ExportText.StatusToken(status)];

    /// <summary>The words of <paramref name="document"/>'s language.</summary>
    public static ExportWords Of(ExportDocument document) => For(document.Language);

    /// <summary>
    /// "(traduction non encore mise à jour)" after a stale translation in the variants the Group negotiates on (negotiation,
    /// compilation, Chair's text), where a delegate must know the text may not say what the working text now says; null
    /// otherwise. The clean text, the one circulated as is, carries no such note; its metadata still says which are stale.
    /// </summary>
    public static string? StaleNote(ExportDocument document, ExportParagraph paragraph) =>
        paragraph.Translation == Translations.TranslationStatus.Stale
        && document.Variant is ExportVariant.Negotiation or ExportVariant.Compilation or ExportVariant.ChairsText
            ? $"({Of(document).TranslationStale})"
            : null;

    /// <summary>"[Traduction manquante]": what stands in place of a paragraph that has no translation into this language.</summary>
    public string MissingMarker => $"[{TranslationMissing}]";

    /// <summary>"Original: English", "Original : anglais": the language the text was negotiated in.</summary>
    public string OriginalLine(string language) =>
        string.Format(CultureInfo.InvariantCulture, Original, Languages.GetValueOrDefault(language) ?? ExportText.LanguageName(language));

    private static Dictionary<string, ExportWords> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("exports/export-words.json")
            ?? throw new InvalidOperationException("The export words (exports/export-words.json) are not embedded.");
        return JsonSerializer.Deserialize<Dictionary<string, ExportWords>>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("The export words are empty.");
    }
}

/// <summary>
/// Exports in a language other than the draft's working language: each paragraph's text is its translation into that
/// language, or a mark that there is none. The text is never filled in from the working text.
/// </summary>
public static partial class ExportBuilder
{
    /// <summary>The draft's working language as of <paramref name="cutoff"/>.</summary>
    private static string WorkingLanguageAt(DraftHistory history, long cutoff)
    {
        Draft? draft = null;
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= cutoff).Where(e => e.StreamId == history.DraftId)) draft = Draft.Evolve(draft, e.Data);
        return draft?.WorkingLanguage ?? OfficialLanguages.DefaultWorkingLanguage;
    }

    /// <summary>
    /// Each paragraph's translation into <paramref name="language"/> to export with <paramref name="texts"/> (the working texts
    /// exported), and whether it is current, stale or missing. As of a sequence: the translation as it stood then. For a
    /// revision (<paramref name="revision"/>): its latest text that translates the revision's text, since a revision is
    /// translated after it is issued; else the translation as it stood when the revision was issued, stale or missing.
    /// </summary>
    private static Dictionary<Guid, (Paragraph? Translation, TranslationStatus Status)> TranslationsOf(
        DraftHistory history, IEnumerable<(Guid Id, string Text)> texts, string language, long cutoff, bool revision)
    {
        var wanted = texts.ToDictionary(t => Translation.IdOf(t.Id, language), t => t);
        var atCutoff = new Dictionary<Guid, Paragraph>();
        var translating = new Dictionary<Guid, Paragraph>();
        var states = new Dictionary<Guid, Paragraph>();
        foreach (var e in history.Events)
        {
            if (e.Sequence > cutoff && !revision) break;
            if (!wanted.TryGetValue(e.StreamId, out var working)) continue;
            if (Drafts.Paragraph.Replay(states.GetValueOrDefault(e.StreamId), e.StreamId, e.Sequence, e.Data) is not { } next) continue;
            states[e.StreamId] = next;
            if (e.Sequence <= cutoff) atCutoff[e.StreamId] = next;
            if (revision && next.SourceText == working.Text) translating[e.StreamId] = next;
        }
        return wanted.ToDictionary(w => w.Value.Id, w =>
        {
            var translation = translating.GetValueOrDefault(w.Key) ?? atCutoff.GetValueOrDefault(w.Key);
            if (translation?.Damage is { } damage) throw new ParagraphDamagedException(translation.Id, damage.Sequence ?? 0, damage.Reason);
            return (translation, translation is null ? TranslationStatus.Missing
                : translation.SourceText == w.Value.Text ? TranslationStatus.Current : TranslationStatus.Stale);
        });
    }

    /// <summary>The paragraph with its translation's text, brackets and authorship; the missing mark when it has none.</summary>
    private static Paragraph Translated(Paragraph working, Paragraph? translation, string language) => translation is null
        ? working with { Text = ExportWords.For(language).MissingMarker, Brackets = [], Authorship = [], TextVersion = 0 }
        : working with { Text = translation.Text, Brackets = translation.Brackets, Authorship = translation.Authorship, TextVersion = translation.TextVersion };

    /// <summary>The exported version with every paragraph in <paramref name="language"/>, and each translation's status.</summary>
    private static (Point Point, IReadOnlyDictionary<Guid, TranslationStatus> Statuses) InLanguage(DraftHistory history, Point point, string language)
    {
        var translations = TranslationsOf(history, point.Paragraphs.Values.Select(p => (p.Id, p.Text)), language, point.Cutoff, point.Revision is not null);
        var paragraphs = point.Paragraphs.ToDictionary(p => p.Key, p => Translated(p.Value, translations[p.Key].Translation, language));
        var snapshot = RevisionSnapshot.From(point.Draft, paragraphs);
        return (point with { Paragraphs = paragraphs, Snapshot = snapshot }, translations.ToDictionary(t => t.Key, t => t.Value.Status));
    }

    /// <summary>A revision a redline compares with, its text in <paramref name="language"/> (its translations as a revision's are chosen).</summary>
    private static RevisionIssued InLanguage(DraftHistory history, RevisionIssued revision, long issuedAt, string language)
    {
        var translations = TranslationsOf(history, revision.Snapshot.Paragraphs().Select(p => (p.ParagraphId, p.Text)), language, issuedAt, revision: true);
        SnapshotParagraph Paragraph(SnapshotParagraph p) => translations[p.ParagraphId].Translation is { } t
            ? p with { Text = t.Text, Brackets = t.Brackets, Authorship = t.Authorship, TextVersion = t.TextVersion }
            : p with { Text = ExportWords.For(language).MissingMarker, Brackets = [], Authorship = [], TextVersion = 0 };
        SnapshotSection Section(SnapshotSection s) => s with { Paragraphs = [.. s.Paragraphs.Select(Paragraph)], SubSections = [.. s.SubSections.Select(Section)] };
        return revision with { Snapshot = revision.Snapshot with { Sections = [.. revision.Snapshot.Sections.Select(Section)] } };
    }

    /// <summary>
    /// The text changes of the translations between two versions, under the ids of the paragraphs they translate, so a
    /// redline in a language credits each change of a translation to its translator.
    /// </summary>
    private static Dictionary<Guid, IReadOnlyList<IParagraphTextChange>> TranslationTextChanges(
        DraftHistory history, RevisionSnapshot older, RevisionSnapshot newer, string language)
    {
        var before = older.Paragraphs().ToDictionary(p => p.ParagraphId);
        var changes = new Dictionary<Guid, IReadOnlyList<IParagraphTextChange>>();
        foreach (var after in newer.Paragraphs())
        {
            if (!before.TryGetValue(after.ParagraphId, out var was) || was.TextVersion == 0 || after.TextVersion < was.TextVersion) continue;
            var id = Translation.IdOf(after.ParagraphId, language);
            changes[after.ParagraphId] = [.. history.Events
                .Where(e => e.StreamId == id && e.Data is IParagraphTextChange c && c.BaseTextVersion >= was.TextVersion && c.BaseTextVersion < after.TextVersion)
                .Select(e => (IParagraphTextChange)e.Data)];
        }
        return changes;
    }

    /// <summary>Each exported paragraph with the status of its translation into the export's language.</summary>
    private static IReadOnlyList<ExportSection> WithTranslations(IReadOnlyList<ExportSection> sections, IReadOnlyDictionary<Guid, TranslationStatus> statuses) =>
    [
        .. sections.Select(s => s with
        {
            Paragraphs = [.. s.Paragraphs.Select(p => p with { Translation = statuses.TryGetValue(p.Id, out var status) ? status : p.Translation })],
            SubSections = WithTranslations(s.SubSections, statuses),
        }),
    ];
}
