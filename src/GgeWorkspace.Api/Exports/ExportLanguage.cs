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

    /// <summary>A translation as an export shows it: its text, brackets, authorship (when known) and text version.</summary>
    private sealed record ExportedTranslation(string Text, IReadOnlyList<Bracket> Brackets, IReadOnlyList<AuthorshipRun> Authorship, long TextVersion);

    /// <summary>
    /// Each paragraph's translation into <paramref name="language"/> and whether it is current, stale or missing against the
    /// exported working text. A revision shows its translations as it recorded them when it was issued; one issued before
    /// revisions recorded translations, and a state as of a sequence, show each translation as it stood at
    /// <paramref name="cutoff"/>.
    /// </summary>
    private static Dictionary<Guid, (ExportedTranslation? Translation, TranslationStatus Status)> TranslationsOf(
        DraftHistory history, IEnumerable<SnapshotParagraph> paragraphs, string language, long cutoff)
    {
        var texts = paragraphs.ToList();
        var recorded = texts.Where(p => p.Translations is not null)
            .ToDictionary(p => p.ParagraphId, p => p.Translations!.FirstOrDefault(t => t.Language == language));
        var replayed = texts.Where(p => p.Translations is null).ToDictionary(p => Translation.IdOf(p.ParagraphId, language));
        var states = new Dictionary<Guid, Paragraph>();
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= cutoff))
        {
            if (!replayed.ContainsKey(e.StreamId)) continue;
            if (Drafts.Paragraph.Replay(states.GetValueOrDefault(e.StreamId), e.StreamId, e.Sequence, e.Data) is { } next) states[e.StreamId] = next;
        }

        var result = new Dictionary<Guid, (ExportedTranslation?, TranslationStatus)>();
        foreach (var p in texts)
        {
            if (recorded.TryGetValue(p.ParagraphId, out var snapshot))
            {
                result[p.ParagraphId] = snapshot is null
                    ? (null, TranslationStatus.Missing)
                    : (new ExportedTranslation(snapshot.Text, snapshot.Brackets, [], snapshot.TextVersion), snapshot.Status);
                continue;
            }
            var state = states.GetValueOrDefault(Translation.IdOf(p.ParagraphId, language));
            if (state?.Damage is { } damage) throw new ParagraphDamagedException(state.Id, damage.Sequence ?? 0, damage.Reason);
            result[p.ParagraphId] = state is null
                ? (null, TranslationStatus.Missing)
                : (new ExportedTranslation(state.Text, state.Brackets, state.Authorship, state.TextVersion),
                    state.SourceText == p.Text ? TranslationStatus.Current : TranslationStatus.Stale);
        }
        return result;
    }

    /// <summary>The paragraph with its translation's text and brackets; the missing mark when it has none.</summary>
    private static SnapshotParagraph Translated(SnapshotParagraph p, ExportedTranslation? translation, string language) => translation is null
        ? p with { Text = ExportWords.For(language).MissingMarker, Brackets = [], Authorship = [], TextVersion = 0 }
        : p with { Text = translation.Text, Brackets = translation.Brackets, Authorship = translation.Authorship, TextVersion = translation.TextVersion };

    private static RevisionSnapshot Translated(RevisionSnapshot snapshot, IReadOnlyDictionary<Guid, (ExportedTranslation? Translation, TranslationStatus)> translations, string language)
    {
        SnapshotSection Section(SnapshotSection s) => s with
        {
            Paragraphs = [.. s.Paragraphs.Select(p => Translated(p, translations[p.ParagraphId].Translation, language))],
            SubSections = [.. s.SubSections.Select(Section)],
        };
        return snapshot with { Sections = [.. snapshot.Sections.Select(Section)] };
    }

    /// <summary>The exported version with every paragraph in <paramref name="language"/>, and each translation's status.</summary>
    private static (Point Point, IReadOnlyDictionary<Guid, TranslationStatus> Statuses) InLanguage(DraftHistory history, Point point, string language)
    {
        var translations = TranslationsOf(history, point.Revision?.Snapshot.Paragraphs() ?? point.Snapshot.Paragraphs(), language, point.Cutoff);
        var snapshot = Translated(point.Snapshot, translations, language);
        var texts = snapshot.Paragraphs().ToDictionary(p => p.ParagraphId);
        var points = PointTranslationsOf(history, point.Paragraphs.Where(p => !texts.ContainsKey(p.Key)).Select(p => p.Value), language, point.Cutoff);
        IReadOnlyDictionary<Guid, Paragraph> paragraphs = point.Paragraphs.ToDictionary(p => p.Key, p => texts.TryGetValue(p.Key, out var t)
            ? p.Value with { Text = t.Text, Brackets = t.Brackets, Authorship = t.Authorship, TextVersion = t.TextVersion }
            : points.TryGetValue(p.Key, out var pt) ? Translated(p.Value, pt.Translation, language) : p.Value);
        var statuses = translations.Concat(points).ToDictionary(t => t.Key, t => t.Value.Status);
        return (point with { Paragraphs = paragraphs, Snapshot = snapshot }, statuses);
    }

    /// <summary>
    /// Each point's translation into <paramref name="language"/> as it stood at <paramref name="cutoff"/> (a point is a text
    /// of its own, translated as a paragraph is), and whether it is current, stale or missing against the point's text.
    /// </summary>
    private static Dictionary<Guid, (ExportedTranslation? Translation, TranslationStatus Status)> PointTranslationsOf(
        DraftHistory history, IEnumerable<Paragraph> points, string language, long cutoff)
    {
        var byTranslation = points.ToDictionary(p => Translation.IdOf(p.Id, language));
        var states = new Dictionary<Guid, Paragraph>();
        foreach (var e in history.Events.TakeWhile(e => e.Sequence <= cutoff))
            if (byTranslation.ContainsKey(e.StreamId) && Drafts.Paragraph.Replay(states.GetValueOrDefault(e.StreamId), e.StreamId, e.Sequence, e.Data) is { } next)
                states[e.StreamId] = next;
        return byTranslation.ToDictionary(t => t.Value.Id, t => states.GetValueOrDefault(t.Key) is { } state
            ? (new ExportedTranslation(state.Text, state.Brackets, state.Authorship, state.TextVersion),
                state.SourceText == t.Value.Text ? TranslationStatus.Current : TranslationStatus.Stale)
            : ((ExportedTranslation?)null, TranslationStatus.Missing));
    }

    /// <summary>A point with its translation's text and brackets; the missing mark when it has none.</summary>
    private static Paragraph Translated(Paragraph p, ExportedTranslation? translation, string language) => translation is null
        ? p with { Text = ExportWords.For(language).MissingMarker, Brackets = [], Authorship = [], Options = [] }
        : p with { Text = translation.Text, Brackets = translation.Brackets, Authorship = translation.Authorship, TextVersion = translation.TextVersion };

    /// <summary>A revision a redline compares with, its text in <paramref name="language"/>.</summary>
    private static RevisionIssued InLanguage(DraftHistory history, RevisionIssued revision, long issuedAt, string language) =>
        revision with { Snapshot = Translated(revision.Snapshot, TranslationsOf(history, revision.Snapshot.Paragraphs(), language, issuedAt), language) };

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
            Paragraphs = [.. s.Paragraphs.Select(p => WithTranslation(p, statuses))],
            SubSections = WithTranslations(s.SubSections, statuses),
        }),
    ];

    private static ExportParagraph WithTranslation(ExportParagraph p, IReadOnlyDictionary<Guid, TranslationStatus> statuses) =>
        p with
        {
            Translation = statuses.TryGetValue(p.Id, out var status) ? status : p.Translation,
            Points = [.. p.Points.Select(point => WithTranslation(point, statuses))],
        };

    private static ExportPoint WithTranslation(ExportPoint point, IReadOnlyDictionary<Guid, TranslationStatus> statuses) =>
        point with { Content = WithTranslation(point.Content, statuses), SubPoints = [.. point.SubPoints.Select(s => WithTranslation(s, statuses))] };
}
