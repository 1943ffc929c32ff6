namespace GgeWorkspace.Api.Exports;

/// <summary>
/// A redline in Akoma Ntoso: each change is an &lt;ins&gt; or &lt;del&gt; whose refersTo names its author (a TLCPerson in the
/// references, showAs the author as the redline names them) and whose gge:author and gge:date repeat who and when; numbers and
/// headings that changed hold the old one in &lt;del&gt; and the new one in &lt;ins&gt;. A moved paragraph also appears where it
/// stood (eId ..._para_moved_n, no wId), its text in &lt;del&gt;.
/// </summary>
public static partial class AknExporter
{
    private sealed partial class AknWriter
    {
        private List<string>? authors;

        /// <summary>Everyone a change of the redline is credited to, in order of first appearance; each is the TLCPerson author_n.</summary>
        private List<string> Authors => authors ??= [.. Credits().Select(c => c.Author).Distinct(StringComparer.Ordinal)];

        private IEnumerable<ExportCredit> Credits()
        {
            IEnumerable<ExportSection> All(IEnumerable<ExportSection> sections) => sections.SelectMany(s => All(s.SubSections).Prepend(s));
            foreach (var section in All(document.Sections))
            {
                if (section.Change?.By is { } by) yield return by;
                if (section.Change?.NumberBy is { } numberBy) yield return numberBy;
                foreach (var change in section.Paragraphs.Select(p => p.Change).OfType<ExportParagraphChange>())
                {
                    if (change.By is { } paragraphBy) yield return paragraphBy;
                    if (change.NumberBy is { } renumberedBy) yield return renumberedBy;
                    foreach (var segment in change.Segments)
                        if (segment.Author is { } author) yield return new ExportCredit(author, segment.At ?? document.Date);
                }
            }
        }

        private static string AuthorEId(int index) => $"author_{index + 1}";

        private void AuthorReferences()
        {
            foreach (var (author, i) in Authors.Select((a, i) => (a, i)))
                Tlc("TLCPerson", AuthorEId(i), $"/akn/ontology/persons/un/gge/{Slug(author).ToLowerInvariant()}", author);
        }

        /// <summary>An &lt;ins&gt; or &lt;del&gt; of <paramref name="text"/>, credited to <paramref name="by"/> when known.</summary>
        private void Tracked(SegmentKind kind, string text, ExportCredit? by)
        {
            xml.WriteStartElement(kind == SegmentKind.Inserted ? "ins" : "del", Namespace);
            if (by is not null)
            {
                xml.WriteAttributeString("refersTo", "#" + AuthorEId(Authors.IndexOf(by.Author)));
                xml.WriteAttributeString("author", WorkspaceNamespace, Text(by.Author));
                xml.WriteAttributeString("date", WorkspaceNamespace, ExportText.IsoDateTime(by.At));
            }
            xml.WriteString(Text(text));
            xml.WriteEndElement();
        }

        private void RedlineNumber(ExportParagraph paragraph, ExportParagraphChange change)
        {
            var (previous, current) = (change.PreviousNumber, paragraph.Number);
            xml.WriteStartElement("num", Namespace);
            switch (change.Kind)
            {
                case ParagraphChangeKind.Added: Tracked(SegmentKind.Inserted, $"{current}.", change.By); break;
                case ParagraphChangeKind.Removed or ParagraphChangeKind.MovedAway: Tracked(SegmentKind.Deleted, $"{previous}.", change.By); break;
                case ParagraphChangeKind.Moved when previous != current:
                    Tracked(SegmentKind.Deleted, $"{previous}.", change.By);
                    Tracked(SegmentKind.Inserted, $"{current}.", change.By);
                    break;
                default:
                    if (previous is not null && previous != current)
                    {
                        Tracked(SegmentKind.Deleted, $"{previous}.", change.NumberBy);
                        Tracked(SegmentKind.Inserted, $"{current}.", change.NumberBy);
                    }
                    else xml.WriteString($"{current}.");
                    break;
            }
            xml.WriteEndElement();
        }

        private void RedlineHeading(ExportSection section, ExportSectionChange change, string eId)
        {
            xml.WriteStartElement("num", Namespace);
            TrackedValue(change.Kind, section.Number, change.PreviousNumber, change.By, change.NumberBy);
            xml.WriteEndElement();

            xml.WriteStartElement("heading", Namespace);
            xml.WriteAttributeString("eId", eId + "__heading");
            TrackedValue(change.Kind, section.Heading, change.PreviousHeading, change.By, change.By);
            xml.WriteEndElement();
        }

        /// <summary>
        /// A section's number or heading as its change left it: inserted or deleted whole with an added or removed section
        /// (credited to <paramref name="by"/>), the old value deleted and the new inserted when it changed (credited to
        /// <paramref name="changedBy"/>), else written as it is.
        /// </summary>
        private void TrackedValue(ParagraphChangeKind kind, string current, string? previous, ExportCredit? by, ExportCredit? changedBy)
        {
            if (kind == ParagraphChangeKind.Added) Tracked(SegmentKind.Inserted, current, by);
            else if (kind == ParagraphChangeKind.Removed) Tracked(SegmentKind.Deleted, current, by);
            else if (previous is not null && previous != current)
            {
                Tracked(SegmentKind.Deleted, previous, changedBy);
                Tracked(SegmentKind.Inserted, current, changedBy);
            }
            else xml.WriteString(Text(current));
        }
    }
}
