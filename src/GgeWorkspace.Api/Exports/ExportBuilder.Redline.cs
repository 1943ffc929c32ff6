using FluentValidation.Results;
using RevisionSegment = GgeWorkspace.Api.Revisions.RedlineSegment;

namespace GgeWorkspace.Api.Exports;

/// <summary>The redline variant: the exported version against an earlier revision, every change credited to who made it.</summary>
public static partial class ExportBuilder
{
    /// <summary>
    /// The exported version against revision <paramref name="against"/>: every paragraph and section of either; removed ones,
    /// and moved paragraphs where they stood, in their old places; insertions and deletions credited to who made them and when.
    /// </summary>
    private static BuiltSections RedlineSections(
        DraftHistory history, Point point, int against, IReadOnlyDictionary<Guid, IReadOnlyList<ExportReservation>> reservations, DisplayNames names,
        string? language = null)
    {
        var (older, olderSequence) = RevisionNumbered(history, against);
        if (language is not null) older = InLanguage(history, older, olderSequence, language);
        if (older.GlobalSequence > point.ContentSequence || point.Revision is { } r && r.Number <= against)
            throw new ValidationException([new ValidationFailure("against", "A redline compares with a revision issued before the exported version.")]);

        var textChanges = history.Events
            .Where(e => e.Sequence > older.GlobalSequence && e.Sequence <= point.ContentSequence && e.Data is IParagraphTextChange)
            .Select(e => (IParagraphTextChange)e.Data)
            .GroupBy(c => c.ParagraphId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IParagraphTextChange>)[.. g]);
        if (language is not null) textChanges = TranslationTextChanges(history, older.Snapshot, point.Snapshot, language);
        var redline = Redline.Between(older.Snapshot, point.Snapshot, textChanges);
        var credits = new RedlineCredits(history, older, point.ContentSequence, point.Cutoff, names.Of);
        var olderReservations = ReservationsAt(history, olderSequence, names);
        var olderParagraphs = older.Snapshot.Paragraphs().ToDictionary(p => p.ParagraphId);
        var newerSectionOf = SectionsOf(point.Snapshot);
        var newerParagraphs = point.Snapshot.Paragraphs().ToDictionary(p => p.ParagraphId);
        var olderPoints = older.Snapshot.Paragraphs().SelectMany(p => p.Points.SelectMany(x => x.SubPoints.Prepend(x)).Select(x => (p, x)))
            .ToDictionary(x => x.x.PointId, x => AsParagraph(x.p, x.x));

        // Paragraphs of the newer version in their sections, in order; then what is only in the older one, where it stood.
        var lists = new Dictionary<Guid, List<ExportParagraph>>();
        List<ExportParagraph> ListOf(Guid section) => lists.TryGetValue(section, out var l) ? l : lists[section] = [];
        var olderOnly = new Dictionary<Guid, ExportParagraph>();
        var renumberedBy = (Credit: (ExportCredit?)null, Sequence: 0L);
        var moves = 0;
        foreach (var p in redline.Paragraphs)
        {
            var by = credits.Structural(p);
            if (by is { } structural && structural.Sequence > renumberedBy.Sequence) renumberedBy = structural;
            var previousReservations = olderReservations.GetValueOrDefault(p.ParagraphId, []);
            if (p.Kind == ParagraphRedlineKind.Removed)
            {
                var old = olderParagraphs[p.ParagraphId];
                var segments = Segments(p.Segments, credits, by?.Credit);
                olderOnly[p.ParagraphId] = new ExportParagraph(p.ParagraphId, null, old.Text, ParagraphStatus.Deleted, [], [], [], [],
                    new ExportParagraphChange(ParagraphChangeKind.Removed, p.OldNumber, segments, by?.Credit ?? credits.Fallback, null, null, previousReservations),
                    LanguageOf(old.Text));
                continue;
            }

            var kind = p.Kind switch
            {
                ParagraphRedlineKind.Added => ParagraphChangeKind.Added,
                _ when p.Moved => ParagraphChangeKind.Moved,
                ParagraphRedlineKind.Changed => ParagraphChangeKind.Changed,
                _ => ParagraphChangeKind.Unchanged,
            };
            var moveName = kind == ParagraphChangeKind.Moved ? $"move{++moves}" : null;
            var numberBy = p.OldNumber is { } was && was != p.NewNumber && kind != ParagraphChangeKind.Moved
                ? renumberedBy.Credit ?? credits.Fallback : by?.Credit;
            var change = new ExportParagraphChange(kind, p.OldNumber, Segments(p.Segments, credits, kind == ParagraphChangeKind.Added ? by?.Credit : null),
                by?.Credit ?? (kind == ParagraphChangeKind.Unchanged || kind == ParagraphChangeKind.Changed ? null : credits.Fallback),
                numberBy, moveName, kind == ParagraphChangeKind.Added ? [] : previousReservations);
            ListOf(newerSectionOf[p.ParagraphId]).Add(Paragraph(point.Paragraphs[p.ParagraphId], p.NewNumber, reservations, [], change) with
            {
                Points = RedlinePoints(newerParagraphs[p.ParagraphId].Points, olderPoints, textChanges, credits, by?.Credit ?? credits.Fallback, point.Paragraphs),
            });
            if (moveName is not null)
            {
                var old = olderParagraphs[p.ParagraphId];
                olderOnly[p.ParagraphId] = new ExportParagraph(p.ParagraphId, null, old.Text, old.Status, [], [], [], [],
                    change with { Kind = ParagraphChangeKind.MovedAway, NumberBy = change.By }, LanguageOf(old.Text));
            }
        }

        // What is only in the older version goes right after the paragraph before it there that stayed in its place.
        foreach (var section in older.Snapshot.Sections.SelectMany(s => s.SubSections.Prepend(s)))
        {
            var list = ListOf(section.SectionId);
            var insertAt = 0;
            foreach (var p in section.Paragraphs)
            {
                if (olderOnly.TryGetValue(p.ParagraphId, out var ghost)) list.Insert(insertAt++, ghost);
                else if (list.FindIndex(x => x.Id == p.ParagraphId && x.Change?.Kind != ParagraphChangeKind.MovedAway) is >= 0 and var at) insertAt = at + 1;
            }
        }

        var olderSections = older.Snapshot.Sections.SelectMany(s => s.SubSections.Prepend(s)).ToDictionary(s => s.SectionId);
        var newerIds = point.Snapshot.Sections.SelectMany(s => s.SubSections.Prepend(s)).Select(s => s.SectionId).ToHashSet();
        var sectionsRenumberedBy = credits.LatestSectionChange();

        ExportSection Newer(SnapshotSection s)
        {
            var sub = Placed(s.SubSections.Select(Newer).ToList(), older.Snapshot.Sections.FirstOrDefault(o => o.SectionId == s.SectionId)?.SubSections ?? []);
            ExportSectionChange change = olderSections.TryGetValue(s.SectionId, out var old)
                ? new ExportSectionChange(old.Heading == s.Heading ? ParagraphChangeKind.Unchanged : ParagraphChangeKind.Changed, old.Number, old.Heading,
                    old.Heading == s.Heading ? null : credits.Section(s.SectionId, removed: false), old.Number == s.Number ? null : sectionsRenumberedBy)
                : new ExportSectionChange(ParagraphChangeKind.Added, null, null, credits.Section(s.SectionId, removed: false), null);
            return new ExportSection(s.SectionId, s.Number, s.Heading, ListOf(s.SectionId), sub, change);
        }

        ExportSection Removed(SnapshotSection s) => new(s.SectionId, s.Number, s.Heading, ListOf(s.SectionId),
            [.. s.SubSections.Where(x => !newerIds.Contains(x.SectionId)).Select(Removed)],
            new ExportSectionChange(ParagraphChangeKind.Removed, s.Number, s.Heading, credits.Section(s.SectionId, removed: true), null));

        // Removed sections go right after the section before them in the older version that is still there.
        List<ExportSection> Placed(List<ExportSection> newer, IReadOnlyList<SnapshotSection> olderSiblings)
        {
            var insertAt = 0;
            foreach (var s in olderSiblings)
            {
                if (!newerIds.Contains(s.SectionId)) newer.Insert(insertAt++, Removed(s));
                else if (newer.FindIndex(x => x.Id == s.SectionId) is >= 0 and var at) insertAt = at + 1;
            }
            return newer;
        }

        var sections = Placed([.. point.Snapshot.Sections.Select(Newer)], older.Snapshot.Sections);
        return new BuiltSections(sections, [.. redline.Paragraphs.Select(p => new ExportNumberMapping(p.ParagraphId, p.OldNumber, p.NewNumber))]);
    }

    /// <summary>
    /// The points of a paragraph of the newer version: each with its text's changes since the older version, or added whole.
    /// Points are shown under their letters now; a point removed since is not shown.
    /// </summary>
    private static List<ExportPoint> RedlinePoints(
        IReadOnlyList<SnapshotPoint> points, IReadOnlyDictionary<Guid, SnapshotParagraph> olderPoints,
        IReadOnlyDictionary<Guid, IReadOnlyList<IParagraphTextChange>> textChanges, RedlineCredits credits, ExportCredit addedBy,
        IReadOnlyDictionary<Guid, Paragraph> paragraphs) =>
    [
        .. points.Select(newer =>
        {
            var now = paragraphs[newer.PointId];
            ExportParagraphChange change;
            if (olderPoints.TryGetValue(newer.PointId, out var was))
            {
                var segments = Redline.TextRedline(was, AsParagraph(was, newer), textChanges.GetValueOrDefault(newer.PointId));
                var kind = segments.Any(s => s.Kind != RedlineSegmentKind.Unchanged) ? ParagraphChangeKind.Changed : ParagraphChangeKind.Unchanged;
                change = new ExportParagraphChange(kind, null, Segments(segments, credits, null));
            }
            else change = new ExportParagraphChange(ParagraphChangeKind.Added, null,
                [new RedlineSegment(SegmentKind.Inserted, newer.Text, addedBy.Author, addedBy.At)], addedBy);
            var content = new ExportParagraph(now.Id, null, now.Text, now.Status, [], [], [], [], change, LanguageOf(now.Text));
            return new ExportPoint(newer.Number, [newer.Number.Trim('(', ')')], content,
                RedlinePoints(newer.SubPoints, olderPoints, textChanges, credits, addedBy, paragraphs));
        }),
    ];

    /// <summary>A point of a revision in the shape the text redline compares.</summary>
    private static SnapshotParagraph AsParagraph(SnapshotParagraph paragraph, SnapshotPoint point) =>
        new(point.PointId, paragraph.Number, paragraph.SectionId, point.Text, paragraph.Status, point.TextVersion, point.Brackets, point.Options, point.Authorship);

    private static Dictionary<Guid, Guid> SectionsOf(RevisionSnapshot snapshot) => snapshot.Sections.SelectMany(s => s.SubSections.Prepend(s))
        .SelectMany(s => s.Paragraphs.Select(p => (p.ParagraphId, s.SectionId)))
        .ToDictionary(x => x.ParagraphId, x => x.SectionId);

    /// <summary>
    /// The redline's segments with display names. Text of an added paragraph written before the earlier version (copied from a
    /// workstream draft, or restored) is credited to whoever added it, <paramref name="added"/>.
    /// </summary>
    private static List<RedlineSegment> Segments(IEnumerable<RevisionSegment> segments, RedlineCredits credits, ExportCredit? added)
    {
        var result = new List<RedlineSegment>();
        foreach (var s in segments)
        {
            var kind = s.Kind switch
            {
                RedlineSegmentKind.Inserted => SegmentKind.Inserted,
                RedlineSegmentKind.Deleted => SegmentKind.Deleted,
                _ => SegmentKind.Unchanged,
            };
            var credit = kind == SegmentKind.Unchanged ? null : credits.Text(s, added);
            if (result.Count > 0 && result[^1] is var last && last.Kind == kind && last.Author == credit?.Author && last.At == credit?.At)
                result[^1] = last with { Text = last.Text + s.Text };
            else
                result.Add(new RedlineSegment(kind, s.Text, credit?.Author, credit?.At));
        }
        return result;
    }
}
