using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// A redline's tracked changes. Everything that differs between the two versions is inside w:ins, w:del, w:moveFrom or
/// w:moveTo (numbers, their tabs, footnote references, section headings, whole paragraph marks), so accepting every change
/// gives exactly the newer version and rejecting every change exactly the older one. A moved paragraph appears where it stood
/// as moved from, and where it stands as moved to, the two joined by the name of their ranges.
/// </summary>
public static partial class DocxExporter
{
    private sealed partial class DocxWriter
    {
        private string AgainstLabel => document.Against is { } against ? ExportText.AgainstLabel(against) : "an earlier version";

        private Paragraph RedlineHeading(ExportSection section, string style)
        {
            var p = new Paragraph(ParagraphProperties(style, document.Language));
            var number = $"{section.Number}\t";
            var heading = section.Heading;
            switch (section.Change)
            {
                case { Kind: ParagraphChangeKind.Added, By: var by }:
                    Mark(p, inserted: true, by);
                    p.Append(Tracked(SegmentKind.Inserted, number + heading, by, document.Language, bold: true));
                    break;
                case { Kind: ParagraphChangeKind.Removed, By: var by }:
                    Mark(p, inserted: false, by);
                    p.Append(Tracked(SegmentKind.Deleted, number + heading, by, document.Language, bold: true));
                    break;
                case { PreviousNumber: var oldNumber, PreviousHeading: var oldHeading } change:
                    if (oldNumber is not null && oldNumber != section.Number)
                        p.Append(Tracked(SegmentKind.Deleted, oldNumber, change.NumberBy, document.Language, bold: true),
                            Tracked(SegmentKind.Inserted, section.Number, change.NumberBy, document.Language, bold: true));
                    else p.Append(Run(section.Number, document.Language, bold: true));
                    p.Append(Run("\t", document.Language, bold: true));
                    if (oldHeading is not null && oldHeading != heading)
                        p.Append(Tracked(SegmentKind.Deleted, oldHeading, change.By, document.Language, bold: true),
                            Tracked(SegmentKind.Inserted, heading, change.By, document.Language, bold: true));
                    else p.Append(Run(heading, document.Language, bold: true));
                    break;
                default:
                    p.Append(Run(number + heading, document.Language, bold: true));
                    break;
            }
            return p;
        }

        /// <summary>A point in a redline: an added one tracked whole with its letter, any other with its text changes under its letter now.</summary>
        private void AppendPointRedline(Paragraph p, ExportPoint point, ExportParagraphChange change, string language)
        {
            if (change.Kind == ParagraphChangeKind.Added)
            {
                Mark(p, inserted: true, change.By);
                p.Append(Tracked(SegmentKind.Inserted, $"{point.Number}\t", change.By, language));
            }
            else p.Append(Run(point.Number, language), TabRun(language));
            AppendSegments(p, change.Segments, language);
        }

        private void AppendRedline(Paragraph p, ExportParagraph paragraph, ExportParagraphChange change, string language)
        {
            var by = change.By;
            switch (change.Kind)
            {
                case ParagraphChangeKind.Added:
                    Mark(p, inserted: true, by);
                    p.Append(Tracked(SegmentKind.Inserted, $"{paragraph.Number}.\t", by, language));
                    AppendSegments(p, change.Segments, language);
                    AppendFootnotes(p, paragraph.Reservations, language, SegmentKind.Inserted, by);
                    break;
                case ParagraphChangeKind.Removed:
                    Mark(p, inserted: false, by);
                    p.Append(Tracked(SegmentKind.Deleted, $"{change.PreviousNumber}.\t", by, language));
                    AppendSegments(p, change.Segments, language);
                    AppendFootnotes(p, change.PreviousReservations ?? [], language, SegmentKind.Deleted, by);
                    break;
                case ParagraphChangeKind.MovedAway:
                    Mark(p, inserted: false, by);
                    AppendMove(p, change, from: true, $"{change.PreviousNumber}.\t", change.PreviousReservations ?? [], language);
                    break;
                case ParagraphChangeKind.Moved:
                    Mark(p, inserted: true, by);
                    AppendMove(p, change, from: false, $"{paragraph.Number}.\t", paragraph.Reservations, language);
                    break;
                default:
                    if (change.PreviousNumber is { } previous && paragraph.Number is { } number && previous != number)
                        p.Append(Tracked(SegmentKind.Deleted, $"{previous}.", change.NumberBy, language),
                            Tracked(SegmentKind.Inserted, $"{number}.", change.NumberBy, language));
                    else p.Append(Run($"{paragraph.Number}.", language));
                    p.Append(TabRun(language));
                    AppendSegments(p, change.Segments, language);
                    var before = change.PreviousReservations ?? [];
                    AppendFootnotes(p, [.. before.Where(r => paragraph.Reservations.Contains(r))], language, SegmentKind.Unchanged, null);
                    foreach (var gone in before.Where(r => !paragraph.Reservations.Contains(r)))
                        AppendFootnotes(p, [gone], language, SegmentKind.Deleted, new ExportCredit(gone.Delegation, document.Date));
                    foreach (var added in paragraph.Reservations.Where(r => !before.Contains(r)))
                        AppendFootnotes(p, [added], language, SegmentKind.Inserted, new ExportCredit(added.Delegation, document.Date));
                    break;
            }
        }

        /// <summary>
        /// One side of a move: where the paragraph stood (its old number and text, with what was deleted since as deletions) or
        /// where it stands (its new number and text, with what was inserted since as insertions).
        /// </summary>
        private void AppendMove(Paragraph p, ExportParagraphChange change, bool from, string number, IReadOnlyList<ExportReservation> notes, string language)
        {
            var by = change.By ?? new ExportCredit(RenumberingAuthor, document.Date);
            var id = NextRevisionId();
            var author = ExportText.Sanitize(by.Author);
            p.Append(from
                ? new MoveFromRangeStart { Id = id, Name = change.MoveName, Author = author, Date = by.At.UtcDateTime }
                : new MoveToRangeStart { Id = id, Name = change.MoveName, Author = author, Date = by.At.UtcDateTime });
            OpenXmlElement Moved(string text) => from
                ? new MoveFromRun(DeletedRun(text, language)) { Id = NextRevisionId(), Author = author, Date = by.At.UtcDateTime }
                : new MoveToRun(Run(text, language)) { Id = NextRevisionId(), Author = author, Date = by.At.UtcDateTime };
            p.Append(Moved(number));
            var skipped = from ? SegmentKind.Inserted : SegmentKind.Deleted;
            foreach (var segment in change.Segments.Where(s => s.Kind != skipped && s.Text.Length > 0))
                p.Append(segment.Kind == SegmentKind.Unchanged ? Moved(segment.Text) : Tracked(segment.Kind, segment.Text, Credit(segment), language));
            foreach (var note in notes)
            {
                var reference = FootnoteRun(note, language);
                p.Append(from
                    ? new MoveFromRun(reference) { Id = NextRevisionId(), Author = author, Date = by.At.UtcDateTime }
                    : new MoveToRun(reference) { Id = NextRevisionId(), Author = author, Date = by.At.UtcDateTime });
            }
            p.Append(from ? new MoveFromRangeEnd { Id = id } : new MoveToRangeEnd { Id = id });
        }

        private void AppendSegments(Paragraph p, IEnumerable<RedlineSegment> segments, string language)
        {
            foreach (var segment in segments.Where(s => s.Text.Length > 0))
                p.Append(segment.Kind == SegmentKind.Unchanged ? Run(segment.Text, language) : Tracked(segment.Kind, segment.Text, Credit(segment), language));
        }

        private ExportCredit Credit(RedlineSegment segment) => new(segment.Author ?? RenumberingAuthor, segment.At ?? document.Date);

        /// <summary>A whole paragraph added or removed also tracks its paragraph mark, so accepting or rejecting leaves no empty line.</summary>
        private void Mark(Paragraph p, bool inserted, ExportCredit? by)
        {
            var credit = by ?? new ExportCredit(RenumberingAuthor, document.Date);
            var mark = new ParagraphMarkRunProperties();
            mark.Append(inserted
                ? new Inserted { Id = NextRevisionId(), Author = ExportText.Sanitize(credit.Author), Date = credit.At.UtcDateTime }
                : new Deleted { Id = NextRevisionId(), Author = ExportText.Sanitize(credit.Author), Date = credit.At.UtcDateTime });
            p.ParagraphProperties!.Append(mark);
        }

        private OpenXmlElement Tracked(SegmentKind kind, string text, ExportCredit? by, string language, bool bold = false)
        {
            var credit = by ?? new ExportCredit(RenumberingAuthor, document.Date);
            var author = ExportText.Sanitize(credit.Author);
            return kind == SegmentKind.Inserted
                ? new InsertedRun(Run(text, language, bold: bold)) { Id = NextRevisionId(), Author = author, Date = credit.At.UtcDateTime }
                : new DeletedRun(DeletedRun(text, language, bold)) { Id = NextRevisionId(), Author = author, Date = credit.At.UtcDateTime };
        }

        /// <summary>A run of deleted text (w:delText), tabs and line breaks kept.</summary>
        private static Run DeletedRun(string text, string language, bool bold = false)
        {
            var run = new Run(RunProperties(language, false, bold));
            var pieces = ExportText.Sanitize(text).Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0) run.Append(new Break());
                var tabbed = pieces[i].Split('\t');
                for (var j = 0; j < tabbed.Length; j++)
                {
                    if (j > 0) run.Append(new TabChar());
                    if (tabbed[j].Length > 0) run.Append(new DeletedText(tabbed[j].Replace('\r', ' ')) { Space = SpaceProcessingModeValues.Preserve });
                }
            }
            return run;
        }

        /// <summary>Footnote references for <paramref name="notes"/>, tracked as <paramref name="kind"/> by <paramref name="by"/> unless unchanged.</summary>
        private void AppendFootnotes(Paragraph p, IReadOnlyList<ExportReservation> notes, string language, SegmentKind kind, ExportCredit? by)
        {
            foreach (var note in notes)
            {
                var run = FootnoteRun(note, language);
                var credit = by ?? new ExportCredit(RenumberingAuthor, document.Date);
                p.Append(kind switch
                {
                    SegmentKind.Inserted => new InsertedRun(run) { Id = NextRevisionId(), Author = ExportText.Sanitize(credit.Author), Date = credit.At.UtcDateTime },
                    SegmentKind.Deleted => new DeletedRun(run) { Id = NextRevisionId(), Author = ExportText.Sanitize(credit.Author), Date = credit.At.UtcDateTime },
                    _ => run,
                });
            }
        }
    }
}
