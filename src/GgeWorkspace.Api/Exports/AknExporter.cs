using System.Xml;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// Akoma Ntoso 3.0 following the UN's AKN4UN guidelines: <c>&lt;akomaNtoso&gt;&lt;doc name="report"&gt;</c> with FRBR
/// identification (IRIs under /akn/un/doc/report/), lifecycle and workflow from the events, the States and experts as
/// references, paragraph statuses in proprietary metadata, a preface and a main body of sections and paragraphs.
/// Positional eIds (sec_1__para_3) change with numbering; the stable paragraph id is the wId. Checked against
/// akn-subset.xsd in the tests.
/// </summary>
public static partial class AknExporter
{
    public const string Namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    /// <summary>The namespace of this workspace's own metadata inside &lt;proprietary&gt; and on mappings.</summary>
    public const string WorkspaceNamespace = "urn:gge-workspace:akn";

    public const string ContentType = "application/akn+xml";

    public static byte[] Export(ExportDocument document)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
        }))
        {
            new AknWriter(document, xml).Write();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The XML schemas of what this exporter writes: the subset of Akoma Ntoso 3.0 (akn-subset.xsd) and the workspace's
    /// own metadata (gge-akn.xsd), with xml:lang from the XML namespace (xml-lang.xsd).
    /// </summary>
    public static System.Xml.Schema.XmlSchemaSet Schema()
    {
        var schemas = new System.Xml.Schema.XmlSchemaSet();
        foreach (var (targetNamespace, name) in new[] { ("http://www.w3.org/XML/1998/namespace", "xml-lang.xsd"), (Namespace, "akn-subset.xsd"), (WorkspaceNamespace, "gge-akn.xsd") })
        {
            using var stream = typeof(AknExporter).Assembly.GetManifestResourceStream($"exports/{name}")
                ?? throw new InvalidOperationException($"The embedded schema exports/{name} is missing.");
            using var reader = XmlReader.Create(stream);
            schemas.Add(targetNamespace, reader);
        }
        schemas.Compile();
        return schemas;
    }

    /// <summary>"sec_1", "sec_1__sec_2", "sec_1__para_3": the positional eIds, and the stable wIds.</summary>
    public static string ParagraphWId(Guid id) => $"para_{id:D}";

    /// <summary>A point's stable wId; its eId is positional: "sec_1__para_5__point_a__point_ii".</summary>
    public static string PointWId(Guid id) => $"point_{id:D}";

    public static string SectionWId(Guid id) => $"sec_{id:D}";

    private sealed record Placed(ExportParagraph Paragraph, string EId, ExportSection Section);

    private sealed partial class AknWriter(ExportDocument document, XmlWriter xml)
    {
        private readonly string language = ExportText.Iso6392(document.Language);
        private readonly List<Placed> placed = [];
        private int noteCount;

        private string Number => Slug(string.IsNullOrWhiteSpace(document.ProvisionalSymbol) ? document.Title : document.ProvisionalSymbol);

        private string WorkIri => $"/akn/un/doc/report/{ExportText.IsoDate(document.CreatedAt)}/{Number}";

        private string ExpressionIri => $"{WorkIri}/{language}@{ExportText.IsoDate(document.Date)}" +
            (document.Version.RevisionNumber is { } n ? (n == 0 ? "" : $";rev{n}") : $";seq{document.Version.AsOfSequence}");

        private string ManifestationIri => $"{ExpressionIri}.akn";

        /// <summary>
        /// The component a variant is, in the expression's and the manifestation's FRBRthis: "main" for the clean text, the variant
        /// otherwise ("negotiation", "chairs-text", "redline-against-1" against Rev.1), so each variant of one version and language has
        /// its own IRI while the expression (the version's text in that language) stays the same.
        /// </summary>
        private string Component => document.Variant switch
        {
            ExportVariant.Clean => "main",
            ExportVariant.ChairsText => "chairs-text",
            ExportVariant.Redline => AgainstComponent(),
            var other => other.ToString().ToLowerInvariant(),
        };

        private string AgainstComponent() => document.Against is { RevisionNumber: { } n } ? $"redline-against-{n}" : "redline";

        public void Write()
        {
            Place(document.Sections, "");
            xml.WriteStartDocument();
            xml.WriteStartElement("akomaNtoso", Namespace);
            xml.WriteAttributeString("xmlns", "gge", null, WorkspaceNamespace);
            xml.WriteStartElement("doc", Namespace);
            xml.WriteAttributeString("name", "report");
            if (document.Variant == ExportVariant.Redline) xml.WriteAttributeString("contains", "multipleVersions");
            Meta();
            Preface();
            MainBody();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        private void Place(IReadOnlyList<ExportSection> sections, string prefix)
        {
            foreach (var (section, i) in sections.Select((s, i) => (s, i + 1)))
            {
                var eId = $"{prefix}sec_{i}";
                foreach (var (paragraph, removed) in Visible(section).Select((p, k) => (p, k)))
                    placed.Add(new Placed(paragraph, ParagraphEId(eId, paragraph, removed), section));
                Place(section.SubSections, eId + "__");
            }
        }

        private static string ParagraphEId(string sectionEId, ExportParagraph paragraph, int index) =>
            paragraph.Number is { } n ? $"{sectionEId}__para_{n}"
            : IsMovedAway(paragraph) ? $"{sectionEId}__para_moved_{index + 1}"
            : $"{sectionEId}__para_removed_{index + 1}";

        /// <summary>Where a moved paragraph stood, in a redline: not the paragraph itself (that is where it stands now), so no wId.</summary>
        private static bool IsMovedAway(ExportParagraph paragraph) => paragraph.Change?.Kind == ParagraphChangeKind.MovedAway;

        private IEnumerable<ExportParagraph> Visible(ExportSection section) =>
            section.Paragraphs.Where(p => document.Variant == ExportVariant.Redline || p.Status != ParagraphStatus.Deleted);

        private void MainBody()
        {
            xml.WriteStartElement("mainBody", Namespace);
            if (document.Sections.Count == 0)
                xml.WriteElementString("p", Namespace, "");
            Sections(document.Sections, "");
            xml.WriteEndElement();
        }

        private void Sections(IReadOnlyList<ExportSection> sections, string prefix)
        {
            foreach (var (section, i) in sections.Select((s, i) => (s, i + 1)))
            {
                var eId = $"{prefix}sec_{i}";
                xml.WriteStartElement("section", Namespace);
                xml.WriteAttributeString("eId", eId);
                xml.WriteAttributeString("wId", SectionWId(section.Id));
                if (document.Variant == ExportVariant.Redline && section.Change is { } change) RedlineHeading(section, change, eId);
                else
                {
                    xml.WriteElementString("num", Namespace, Text(section.Number));
                    xml.WriteStartElement("heading", Namespace);
                    xml.WriteAttributeString("eId", eId + "__heading");
                    xml.WriteString(Text(section.Heading));
                    xml.WriteEndElement();
                }
                var paragraphs = placed.Where(p => p.Section == section).ToList();
                foreach (var p in paragraphs) Paragraph(p);
                Sections(section.SubSections, eId + "__");
                if (paragraphs.Count == 0 && section.SubSections.Count == 0)
                {
                    // A section must hold content or sub-elements (hierarchy content model); an empty one gets an empty paragraph.
                    xml.WriteStartElement("intro", Namespace);
                    xml.WriteElementString("p", Namespace, "");
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
        }

        private void Paragraph(Placed placedParagraph)
        {
            var paragraph = placedParagraph.Paragraph;
            var eId = placedParagraph.EId;
            xml.WriteStartElement("paragraph", Namespace);
            xml.WriteAttributeString("eId", eId);
            if (!IsMovedAway(paragraph)) xml.WriteAttributeString("wId", ParagraphWId(paragraph.Id));
            if (paragraph.Language is { } own && own != document.Language)
                xml.WriteAttributeString("xml", "lang", null, own);
            if (document.Variant != ExportVariant.Clean)
                xml.WriteAttributeString("class", ExportText.StatusToken(paragraph.Status));
            if (paragraph.Translation is { } translation)
                xml.WriteAttributeString("gge", "translation", WorkspaceNamespace, translation.ToString().ToLowerInvariant());
            if (document.Variant == ExportVariant.Redline && paragraph.Change is { } numbered) RedlineNumber(paragraph, numbered);
            else if (paragraph.Number is { } number) xml.WriteElementString("num", Namespace, $"{number}.");

            Body(paragraph, eId, paragraph.Points);
            xml.WriteEndElement();
        }

        /// <summary>
        /// A paragraph's or point's text with its notes, options and proposals: its content or, when it has points, its intro
        /// followed by the list of its points (a), (b), each a point with its num and, in turn, its own body.
        /// </summary>
        private void Body(ExportParagraph paragraph, string eId, IReadOnlyList<ExportPoint> points)
        {
            var hasPoints = points.Count > 0;
            xml.WriteStartElement(hasPoints ? "intro" : "content", Namespace);
            xml.WriteAttributeString("eId", eId + (hasPoints ? "__intro" : "__content"));
            xml.WriteStartElement("p", Namespace);
            if (document.Variant == ExportVariant.Redline && paragraph.Change is { } change)
            {
                foreach (var segment in ExportText.Shown(change).Where(s => s.Text.Length > 0))
                {
                    if (segment.Kind == SegmentKind.Unchanged && change.Kind == ParagraphChangeKind.MovedAway) Tracked(SegmentKind.Deleted, segment.Text, change.By);
                    else if (segment.Kind == SegmentKind.Unchanged) xml.WriteString(Text(segment.Text));
                    else Tracked(segment.Kind, segment.Text, segment.Author is { } author ? new ExportCredit(author, segment.At ?? document.Date) : null);
                }
            }
            else
            {
                var nodes = BracketedText.Of(paragraph.Text, paragraph.Brackets);
                if (document.Variant == ExportVariant.Clean) WritePlain(nodes);
                else WriteBracketed(nodes);
                if (ExportWords.StaleNote(document, paragraph) is { } stale) xml.WriteElementString("i", Namespace, Text($" {stale}"));
            }
            foreach (var reservation in paragraph.Reservations)
            {
                noteCount++;
                xml.WriteStartElement("authorialNote", Namespace);
                xml.WriteAttributeString("eId", $"{eId}__authorialNote_{noteCount}");
                xml.WriteAttributeString("marker", noteCount.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("placement", "bottom");
                xml.WriteAttributeString("class", "reservation");
                xml.WriteElementString("p", Namespace, Text($"Reservation by {reservation.Delegation}: {reservation.Text}"));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();

            if (document.Variant is ExportVariant.Negotiation or ExportVariant.Compilation or ExportVariant.ChairsText)
            {
                foreach (var option in paragraph.Options)
                {
                    xml.WriteStartElement("p", Namespace);
                    xml.WriteAttributeString("class", "option");
                    xml.WriteString(Text($"{ExportWords.Of(document).Option} {option.Number}: "));
                    xml.WriteStartElement("inline", Namespace);
                    xml.WriteAttributeString("name", "bracket");
                    xml.WriteAttributeString("class", ExportText.BracketToken(BracketKind.Alternative));
                    xml.WriteString(Text($"[{option.Text}]"));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
            }
            if (document.Variant is ExportVariant.Compilation or ExportVariant.ChairsText)
            {
                foreach (var proposal in paragraph.Proposals)
                {
                    xml.WriteStartElement("p", Namespace);
                    xml.WriteAttributeString("class", "proposal");
                    xml.WriteElementString("i", Namespace, Text($"{ExportText.ProposalLabel(proposal)}: "));
                    xml.WriteString(Text(proposal.Text));
                    xml.WriteEndElement();
                    if (document.Variant == ExportVariant.Compilation)
                    {
                        xml.WriteStartElement("p", Namespace);
                        xml.WriteAttributeString("class", "attribution");
                        xml.WriteString(Text(proposal.Attribution));
                        xml.WriteEndElement();
                    }
                }
            }
            xml.WriteEndElement();
            if (!hasPoints) return;
            xml.WriteStartElement("list", Namespace);
            xml.WriteAttributeString("eId", eId + "__list_1");
            foreach (var point in points)
            {
                var pointEId = $"{eId}__point_{point.Path[^1]}";
                xml.WriteStartElement("point", Namespace);
                xml.WriteAttributeString("eId", pointEId);
                xml.WriteAttributeString("wId", PointWId(point.Content.Id));
                if (point.Content.Language is { } own && own != document.Language)
                    xml.WriteAttributeString("xml", "lang", null, own);
                xml.WriteElementString("num", Namespace, point.Number);
                Body(point.Content, pointEId, point.SubPoints);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }

        private void WritePlain(IEnumerable<TextNode> nodes)
        {
            foreach (var node in nodes)
            {
                if (node is PlainText t) xml.WriteString(Text(t.Text));
                else if (node is BracketNode b) WritePlain(b.Children);
            }
        }

        private void WriteBracketed(IEnumerable<TextNode> nodes)
        {
            foreach (var node in nodes)
            {
                if (node is PlainText t) { xml.WriteString(Text(t.Text)); continue; }
                if (node is not BracketNode b) continue;
                xml.WriteStartElement("inline", Namespace);
                xml.WriteAttributeString("name", "bracket");
                xml.WriteAttributeString("class", ExportText.BracketToken(b.Kind));
                if (b.Opens) xml.WriteString("[");
                WriteBracketed(b.Children);
                if (b.Closes) xml.WriteString("]");
                xml.WriteEndElement();
            }
        }

        private static string Text(string text) => ExportText.Sanitize(text);
    }

    /// <summary>A symbol as an IRI or file name segment: "A/AC.289/CRP.1" -> "A-AC.289-CRP.1".</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Trim())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
            if (keep) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-', '.');
        return slug.Length == 0 ? "draft" : slug;
    }
}
