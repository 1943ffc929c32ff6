using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ParagraphStatus = GgeWorkspace.Api.Drafts.ParagraphStatus;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace GgeWorkspace.Api.Exports;

// Inside the namespace: GgeWorkspace.Text (the text algebra) would otherwise hide Word's Text element.
using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

/// <summary>
/// Word (DOCX) in the layout of a UN document: symbol and date block, title, section headings, paragraphs with hanging
/// numbers (a literal number and a tab against a hanging indent, so renumbering can be a tracked change), reservations as
/// footnotes, a running header (symbol, the delegation of a recipient copy, the "advance unedited version" banner on anything
/// not adopted) and page numbers in the footer. A redline uses real tracked changes
/// (w:ins / w:del with the author and time of each change), so Word's Accept and Reject work on it.
/// </summary>
public static partial class DocxExporter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string NotForCirculation = "ADVANCE UNEDITED VERSION \u2014 NOT FOR CIRCULATION";

    /// <summary>The author of a redline's mark when no event names who made it (none should).</summary>
    public const string RenumberingAuthor = "Secretariat";

    public static byte[] Export(ExportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            new DocxWriter(document, package).Write();
        }
        return DeterministicZip.Normalize(stream.ToArray(), document.Date);
    }

    private sealed partial class DocxWriter(ExportDocument document, WordprocessingDocument package)
    {
        private const string TextFont = "Times New Roman";
        private const string EastAsianFont = "SimSun";
        private readonly List<Footnote> footnotes = [];
        private int revisionId;

        public void Write()
        {
            // Relationship ids are given explicitly: generated ones are random and would change the bytes.
            var main = package.AddNewPart<MainDocumentPart>(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdMain");
            WriteCoreProperties(package.AddNewPart<CoreFilePropertiesPart>(
                "application/vnd.openxmlformats-package.core-properties+xml", "rIdCore"));
            main.AddNewPart<StyleDefinitionsPart>("rIdStyles").Styles = Styles(document.Language);

            var body = new Body();
            foreach (var p in Front()) body.Append(p);
            foreach (var section in document.Sections) AppendSection(body, section, "Heading1");

            var footnotesPart = main.AddNewPart<FootnotesPart>("rIdFootnotes");
            footnotesPart.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
            foreach (var footnote in footnotes) footnotesPart.Footnotes.Append(footnote);

            var sectionProperties = new SectionProperties();
            main.AddNewPart<HeaderPart>("rIdHeader").Header = RunningHeader();
            sectionProperties.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = "rIdHeader" });
            main.AddNewPart<FooterPart>("rIdFooter").Footer = PageNumberFooter();
            sectionProperties.Append(new FooterReference { Type = HeaderFooterValues.Default, Id = "rIdFooter" });
            WriteCustomProperties(package.AddNewPart<CustomFilePropertiesPart>("rIdCustom"));
            sectionProperties.Append(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Right = 1247U, Bottom = 1440, Left = 1247U, Header = 720U, Footer = 720U, Gutter = 0U });
            body.Append(sectionProperties);
            main.Document = new Document(body);
        }

        private IEnumerable<Paragraph> Front()
        {
            var symbol = string.IsNullOrWhiteSpace(document.ProvisionalSymbol) ? document.Title : document.ProvisionalSymbol;
            yield return Styled("SymbolBlock", Plain(symbol, bold: true));
            yield return Styled("SymbolBlock", Plain($"Distr.: {document.Distribution}"));
            yield return Styled("SymbolBlock", Plain(document.LongDate));
            yield return Styled("SymbolBlock", Plain(ExportWords.Of(document).OriginalLine(document.OriginalLanguage ?? document.Language)));
            yield return Styled("GroupName", Plain(document.GroupName));
            if (document.MandateReference.Length > 0) yield return Styled("GroupName", Plain(document.MandateReference));
            yield return Styled("Title", Plain(document.Title));
            yield return Styled("VersionLabel", Plain(VersionLine()));
        }

        private string VersionLine() => document.Variant switch
        {
            ExportVariant.Clean => document.Version.Label,
            ExportVariant.Negotiation => $"{document.Version.Label} \u2014 negotiation text",
            ExportVariant.Compilation => $"{document.Version.Label} \u2014 compilation of proposals",
            ExportVariant.ChairsText => $"{document.Version.Label} \u2014 Chair\u2019s text",
            ExportVariant.Redline => $"{document.Version.Label} \u2014 changes against {AgainstLabel}",
            _ => document.Version.Label,
        };

        private void AppendSection(Body body, ExportSection section, string headingStyle)
        {
            body.Append(document.Variant == ExportVariant.Redline
                ? RedlineHeading(section, headingStyle)
                : Styled(headingStyle, Plain($"{section.Number}\t{section.Heading}", bold: true)));
            foreach (var paragraph in section.Paragraphs)
            {
                if (paragraph.Status == ParagraphStatus.Deleted && document.Variant != ExportVariant.Redline) continue;
                foreach (var p in Paragraphs(paragraph)) body.Append(p);
            }
            foreach (var sub in section.SubSections) AppendSection(body, sub, "Heading2");
        }

        /// <summary>
        /// A numbered paragraph (its number, a tab, the text under a hanging indent), then its points (a) and sub-points (i), each
        /// a level further in with the same hanging indent, so a wrapped line aligns with the text and not the letter.
        /// </summary>
        private IEnumerable<Paragraph> Paragraphs(ExportParagraph paragraph, ExportPoint? point = null, int depth = 0)
        {
            var language = paragraph.Language ?? document.Language;
            var p = new Paragraph(ParagraphProperties(depth switch { 0 => "NumberedParagraph", 1 => "Point", _ => "SubPoint" }, language));

            if (document.Variant == ExportVariant.Redline && paragraph.Change is { } pointChange && point is not null)
                AppendPointRedline(p, point, pointChange, language);
            else if (document.Variant == ExportVariant.Redline && paragraph.Change is { } change)
                AppendRedline(p, paragraph, change, language);
            else
            {
                if (point is not null) p.Append(Run(point.Number, language), TabRun(language));
                else if (paragraph.Number is { } number) p.Append(Run($"{number}.", language), TabRun(language));
                var nodes = BracketedText.Of(paragraph.Text, paragraph.Brackets);
                if (document.Variant == ExportVariant.Clean) p.Append(Run(string.Concat(Flatten(nodes)), language));
                else p.Append(Run(BracketedText.Marked(nodes), language));
                if (ExportWords.StaleNote(document, paragraph) is { } stale) p.Append(Run($"\u2003{stale}", document.Language, italic: true));
                if (document.Variant == ExportVariant.Negotiation)
                    p.Append(Run($"\u2003({ExportWords.Of(document).Status(paragraph.Status)})", document.Language, italic: true));
                AppendFootnotes(p, paragraph.Reservations, language, SegmentKind.Unchanged, null);
            }
            yield return p;

            if (document.Variant is ExportVariant.Negotiation or ExportVariant.Compilation or ExportVariant.ChairsText && paragraph.Options.Count > 0)
            {
                var options = string.Join(" / ", paragraph.Options.Select(o => $"{ExportWords.Of(document).Option} {o.Number}: [{o.Text}]"));
                yield return new Paragraph(ParagraphProperties("OptionText", language), Run(options, language));
            }
            if (document.Variant is ExportVariant.Compilation or ExportVariant.ChairsText)
            {
                foreach (var proposal in paragraph.Proposals)
                {
                    yield return new Paragraph(ParagraphProperties("ProposalText", language),
                        Run($"{ExportText.ProposalLabel(proposal)}: ", document.Language, italic: true), Run(proposal.Text, language));
                    if (document.Variant == ExportVariant.Compilation)
                        yield return new Paragraph(ParagraphProperties("ProposalAttribution", document.Language),
                            Run(proposal.Attribution, document.Language, italic: true));
                }
            }
            foreach (var sub in point?.SubPoints ?? paragraph.Points)
                foreach (var subParagraph in Paragraphs(sub.Content, sub, depth + 1)) yield return subParagraph;
        }

        private static IEnumerable<string> Flatten(IEnumerable<TextNode> nodes) => nodes.SelectMany(n => n switch
        {
            PlainText t => [t.Text],
            BracketNode b => Flatten(b.Children),
            _ => [],
        });

        private string NextRevisionId() => (++revisionId).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A reference to a new footnote holding <paramref name="reservation"/>.</summary>
        private Run FootnoteRun(ExportReservation reservation, string language)
        {
            var id = footnotes.Count + 1;
            footnotes.Add(new Footnote(new Paragraph(
                ParagraphProperties("FootnoteText", language),
                new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReferenceMark()),
                Run($" Reservation by {reservation.Delegation}: {reservation.Text}", language))) { Id = id });
            return new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReference { Id = id });
        }

        private static ParagraphProperties ParagraphProperties(string style, string language)
        {
            var properties = new ParagraphProperties(new ParagraphStyleId { Val = style });
            if (ExportText.IsRightToLeft(language)) properties.Append(new BiDi());
            return properties;
        }

        private Paragraph Styled(string style, Run run) => new(ParagraphProperties(style, document.Language), run);

        private Run Plain(string text, bool bold = false) => Run(text, document.Language, bold: bold);

        private static Run TabRun(string language) => new(RunProperties(language, false, false), new TabChar());

        /// <summary>A run of text in <paramref name="language"/>; tabs and line breaks in the text become w:tab and w:br.</summary>
        private static Run Run(string text, string language, bool italic = false, bool bold = false)
        {
            var run = new Run(RunProperties(language, italic, bold));
            var clean = ExportText.Sanitize(text).Replace("\r\n", "\n");
            var pieces = clean.Split('\n');
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0) run.Append(new Break());
                var tabbed = pieces[i].Split('\t');
                for (var j = 0; j < tabbed.Length; j++)
                {
                    if (j > 0) run.Append(new TabChar());
                    if (tabbed[j].Length > 0) run.Append(new Text(tabbed[j].Replace('\r', ' ')) { Space = SpaceProcessingModeValues.Preserve });
                }
            }
            return run;
        }

        private static RunProperties RunProperties(string language, bool italic, bool bold)
        {
            var properties = new RunProperties();
            if (ExportText.IsEastAsian(language))
                properties.RunFonts = new RunFonts { Ascii = TextFont, HighAnsi = TextFont, EastAsia = EastAsianFont, ComplexScript = TextFont };
            if (bold) { properties.Bold = new Bold(); properties.BoldComplexScript = new BoldComplexScript(); }
            if (italic) { properties.Italic = new Italic(); properties.ItalicComplexScript = new ItalicComplexScript(); }
            if (ExportText.IsRightToLeft(language))
            {
                properties.RunFonts = new RunFonts { Ascii = TextFont, HighAnsi = TextFont, ComplexScript = TextFont };
                properties.RightToLeftText = new RightToLeftText();
                properties.Languages = new Languages { Bidi = ExportText.WordLanguage(language) };
            }
            else if (ExportText.IsEastAsian(language))
                properties.Languages = new Languages { Val = "en-US", EastAsia = ExportText.WordLanguage(language) };
            else
                properties.Languages = new Languages { Val = ExportText.WordLanguage(language) };
            return properties;
        }

        /// <summary>The styles, their defaults in <paramref name="language"/> (the document's) for its script, the other scripts' UN defaults.</summary>
        private static Styles Styles(string language)
        {
            var defaultLanguage = ExportText.IsRightToLeft(language) || ExportText.IsEastAsian(language) ? "en-US" : ExportText.WordLanguage(language);
            var eastAsian = ExportText.IsEastAsian(language) ? ExportText.WordLanguage(language) : "zh-CN";
            var bidi = ExportText.IsRightToLeft(language) ? ExportText.WordLanguage(language) : "ar-SA";
            var styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = TextFont, HighAnsi = TextFont, EastAsia = EastAsianFont, ComplexScript = TextFont },
                    new FontSize { Val = "20" },
                    new FontSizeComplexScript { Val = "20" },
                    new Languages { Val = defaultLanguage, EastAsia = eastAsian, Bidi = bidi })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "120", Line = "240", LineRule = LineSpacingRuleValues.Auto }))));

            styles.Append(
                ParagraphStyle("Normal", "Normal", null, null, null, isDefault: true),
                ParagraphStyle("Title", "Title", new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "240" }),
                    new StyleRunProperties(new Bold(), new BoldComplexScript(), new FontSize { Val = "28" }, new FontSizeComplexScript { Val = "28" })),
                ParagraphStyle("Heading1", "heading 1", new StyleParagraphProperties(
                        new KeepNext(), new Tabs(new TabStop { Val = TabStopValues.Left, Position = 567 }),
                        new SpacingBetweenLines { Before = "240", After = "120" }, new Indentation { Left = "567", Hanging = "567" },
                        new OutlineLevel { Val = 0 }),
                    new StyleRunProperties(new Bold(), new BoldComplexScript(), new FontSize { Val = "24" }, new FontSizeComplexScript { Val = "24" })),
                ParagraphStyle("Heading2", "heading 2", new StyleParagraphProperties(
                        new KeepNext(), new Tabs(new TabStop { Val = TabStopValues.Left, Position = 1134 }),
                        new SpacingBetweenLines { Before = "120", After = "120" }, new Indentation { Left = "1134", Hanging = "567" },
                        new OutlineLevel { Val = 1 }),
                    new StyleRunProperties(new Bold(), new BoldComplexScript())),
                ParagraphStyle("SymbolBlock", "Symbol block", new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }, new Justification { Val = JustificationValues.Right }), null),
                ParagraphStyle("GroupName", "Group name", new StyleParagraphProperties(new SpacingBetweenLines { Before = "240", After = "0" }), null),
                ParagraphStyle("VersionLabel", "Version label", new StyleParagraphProperties(new SpacingBetweenLines { After = "240" }), new StyleRunProperties(new Italic(), new ItalicComplexScript())),
                ParagraphStyle("NumberedParagraph", "Numbered paragraph", new StyleParagraphProperties(
                    new Tabs(new TabStop { Val = TabStopValues.Left, Position = 1134 }),
                    new Indentation { Left = "1134", Hanging = "567" }, new Justification { Val = JustificationValues.Both }), null),
                ParagraphStyle("Point", "Point", new StyleParagraphProperties(
                    new Tabs(new TabStop { Val = TabStopValues.Left, Position = 1701 }),
                    new Indentation { Left = "1701", Hanging = "567" }, new Justification { Val = JustificationValues.Both }), null),
                ParagraphStyle("SubPoint", "Sub-point", new StyleParagraphProperties(
                    new Tabs(new TabStop { Val = TabStopValues.Left, Position = 2268 }),
                    new Indentation { Left = "2268", Hanging = "567" }, new Justification { Val = JustificationValues.Both }), null),
                ParagraphStyle("OptionText", "Option text", new StyleParagraphProperties(new Indentation { Left = "1134" }), null),
                ParagraphStyle("ProposalText", "Proposal text", new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }, new Indentation { Left = "1701" }), null),
                ParagraphStyle("ProposalAttribution", "Proposal attribution", new StyleParagraphProperties(new Indentation { Left = "1701" }),
                    new StyleRunProperties(new FontSize { Val = "18" }, new FontSizeComplexScript { Val = "18" })),
                ParagraphStyle("FootnoteText", "footnote text", new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }),
                    new StyleRunProperties(new FontSize { Val = "17" }, new FontSizeComplexScript { Val = "17" })),
                ParagraphStyle("Header", "header", new StyleParagraphProperties(new Justification { Val = JustificationValues.Center }),
                    new StyleRunProperties(new Bold(), new BoldComplexScript())),
                ParagraphStyle("RunningHeader", "Running header", new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }),
                    new StyleRunProperties(new FontSize { Val = "17" }, new FontSizeComplexScript { Val = "17" })),
                ParagraphStyle("Footer", "footer", new StyleParagraphProperties(new Justification { Val = JustificationValues.Center }),
                    new StyleRunProperties(new FontSize { Val = "17" }, new FontSizeComplexScript { Val = "17" })),
                new Style(new StyleName { Val = "footnote reference" }, new StyleRunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }))
                {
                    Type = StyleValues.Character,
                    StyleId = "FootnoteReference",
                });
            return styles;
        }

        private static Style ParagraphStyle(string id, string name, StyleParagraphProperties? paragraph, StyleRunProperties? run, string? basedOn = "Normal", bool isDefault = false)
        {
            var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
            if (isDefault) style.Default = true;
            else if (basedOn is not null) style.Append(new BasedOn { Val = basedOn });
            style.Append(new PrimaryStyle());
            if (paragraph is not null) style.Append(paragraph);
            if (run is not null) style.Append(run);
            return style;
        }
    }
}
