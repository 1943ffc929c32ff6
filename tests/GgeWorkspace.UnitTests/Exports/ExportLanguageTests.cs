using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using DocxParagraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;
using DocxText = DocumentFormat.OpenXml.Wordprocessing.Text;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Translations;

namespace GgeWorkspace.UnitTests.Exports;

public sealed class ExportLanguageTests
{
    private static readonly Guid GroupId = Guid.Parse("0190d000-0000-7000-8000-000000000001");
    private static readonly Guid DraftId = Guid.Parse("0190d000-0000-7000-8000-000000000002");
    private static readonly Guid Introduction = Guid.Parse("0190d000-0000-7000-8000-000000000003");
    private static readonly Guid P1 = Guid.Parse("0190d000-0000-7000-8000-000000000011");
    private static readonly Guid P2 = Guid.Parse("0190d000-0000-7000-8000-000000000012");
    private static readonly XNamespace Akn = AknExporter.Namespace;

    private sealed class Story
    {
        private readonly List<ExportEvent> _events = [];
        private DateTimeOffset _clock = new(2019, 1, 14, 9, 0, 0, TimeSpan.Zero);
        private long _sequence;

        public void Append(Guid stream, object data)
        {
            _clock = _clock.AddHours(1);
            _events.Add(new ExportEvent(++_sequence, _clock, stream, data, "demo-chair", "Ingrid Halvorsen"));
        }

        public DateTimeOffset Now => _clock;

        public DraftHistory History => new(GroupId, DraftId, [.. _events]);
    }

    /// <summary>An English report of two paragraphs; the first translated into French and Arabic, the second into neither.</summary>
    private static Story Report()
    {
        var story = new Story();
        story.Append(GroupId, new GroupCreated(GroupId, "Group of Governmental Experts", "A/RES/71/67", "Europe/Zurich"));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-chair", "Ingrid Halvorsen", MemberRole.Chair, "NOR", ContributionAttribution.NominatingState));
        story.Append(DraftId, new DraftCreated(GroupId, DraftId, "Report of the Group", "GGE/NDV/2019/CRP.1", DraftKind.Report, null));
        story.Append(DraftId, new SectionAdded(GroupId, DraftId, Introduction, "Introduction", null, null));
        foreach (var (id, text, after) in new[] { (P1, "The Group met in Geneva.", (Guid?)null), (P2, "Verification must be effective.", P1) })
        {
            story.Append(id, new ParagraphProposed(GroupId, DraftId, id, text, "demo-chair", "NOR", story.Now));
            story.Append(DraftId, new ParagraphPlaced(GroupId, DraftId, id, Introduction, after));
        }
        Translate(story, P1, "fr", "Le Groupe s’est réuni à Genève.", "The Group met in Geneva.");
        Translate(story, P1, "ar", "اجتمع الفريق في جنيف 🌍.", "The Group met in Geneva.");
        return story;
    }

    private static void Translate(Story story, Guid paragraphId, string language, string text, string source)
    {
        var id = Translation.IdOf(paragraphId, language);
        story.Append(DraftId, new DraftTranslationLanguageAdded(GroupId, DraftId, language));
        story.Append(id, new TranslationStarted(GroupId, DraftId, id, paragraphId, language, text, 0, source, "demo-secretariat", story.Now));
    }

    private static ExportDocument Build(Story story, ExportVariant variant, string? language) =>
        ExportBuilder.Build(story.History, new ExportRequest(variant, Language: language)).Document;

    private static string Text(ExportDocument document, ExportFormat format) =>
        System.Text.Encoding.UTF8.GetString(DocumentExporter.Export(document, format).Content);

    [Fact]
    public void A_missing_translation_is_marked_not_replaced()
    {
        var document = Build(Report(), ExportVariant.Clean, "fr");

        var paragraphs = document.AllParagraphs().ToList();
        Assert.Equal("fr", document.Language);
        Assert.Equal(("Le Groupe s’est réuni à Genève.", TranslationStatus.Current), (paragraphs[0].Text, paragraphs[0].Translation));
        Assert.Equal(("[Traduction manquante]", TranslationStatus.Missing), (paragraphs[1].Text, paragraphs[1].Translation));
        var akn = XDocument.Parse(Text(document, ExportFormat.AkomaNtoso));
        Assert.DoesNotContain("Verification must be effective", akn.ToString(), StringComparison.Ordinal);
        Assert.Equal(["current", "missing"], akn.Descendants(Akn + "paragraph").Select(p => (string?)p.Attribute(XName.Get("translation", AknExporter.WorkspaceNamespace))));
    }

    [Fact]
    public void A_point_is_exported_in_its_own_translation_or_marked_missing_never_in_the_working_text()
    {
        var story = Report();
        var (pointA, pointB) = (Guid.Parse("0190d000-0000-7000-8000-000000000021"), Guid.Parse("0190d000-0000-7000-8000-000000000022"));
        foreach (var (id, text, after) in new[] { (pointA, "share best practices;", (Guid?)null), (pointB, "report on progress.", pointA) })
        {
            story.Append(id, new ParagraphAdded(GroupId, DraftId, id, text, "demo-chair", "NOR", story.Now, ParentParagraphId: P1));
            story.Append(DraftId, new PointPlaced(GroupId, DraftId, id, P1, after));
        }
        Translate(story, pointA, "fr", "partager les meilleures pratiques ;", "share best practices;");

        var points = Build(story, ExportVariant.Negotiation, "fr").AllParagraphs().First().Points;

        Assert.Equal(
            [("(a)", "partager les meilleures pratiques ;", TranslationStatus.Current), ("(b)", "[Traduction manquante]", TranslationStatus.Missing)],
            points.Select(p => (p.Number, p.Content.Text, p.Content.Translation)));
    }

    [Fact]
    public void A_stale_translation_is_marked_stale_in_negotiation_variants()
    {
        var story = Report();
        story.Append(P1, new ParagraphTextChanged(GroupId, DraftId, P1, TextOperation.FromDiff("The Group met in Geneva.", "The Group met in New York."), 0,
            TextChangeKind.Replaced, "demo-chair", "NOR", story.Now));

        foreach (var variant in new[] { ExportVariant.Negotiation, ExportVariant.Compilation, ExportVariant.ChairsText })
            Assert.True(Text(Build(story, variant, "fr"), ExportFormat.AkomaNtoso).Contains("(traduction non encore mise à jour)", StringComparison.Ordinal),
                $"{variant}: {string.Join(" | ", Build(story, variant, "fr").AllParagraphs().Select(p => $"{p.Text} {p.Translation}"))}");
        var clean = Build(story, ExportVariant.Clean, "fr");
        Assert.DoesNotContain("mise à jour", Text(clean, ExportFormat.AkomaNtoso), StringComparison.Ordinal);
        Assert.Equal(TranslationStatus.Stale, clean.AllParagraphs().First().Translation);
        Assert.Equal("Le Groupe s’est réuni à Genève.", clean.AllParagraphs().First().Text);
    }

    [Fact]
    public void An_Arabic_export_runs_right_to_left()
    {
        var bytes = DocumentExporter.Export(Build(Report(), ExportVariant.Negotiation, "ar"), ExportFormat.Docx).Content;

        using var docx = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(docx));
        var translated = docx.MainDocumentPart!.Document!.Body!.Elements<DocxParagraph>()
            .First(p => string.Concat(p.Descendants<DocxText>().Select(t => t.Text)).Contains("اجتمع الفريق في جنيف 🌍.", StringComparison.Ordinal));
        Assert.NotNull(translated.ParagraphProperties!.BiDi);
        var run = translated.Elements<Run>().First(r => r.InnerText.Contains("جنيف", StringComparison.Ordinal));
        Assert.NotNull(run.RunProperties!.RightToLeftText);
        Assert.Equal("Times New Roman", run.RunProperties.RunFonts!.ComplexScript!.Value);
        Assert.Equal("ar-SA", run.RunProperties.Languages!.Bidi!.Value);
        Assert.Equal("ar-SA", docx.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<Languages>().Single().Bidi!.Value);
        Assert.Equal("ar", docx.PackageProperties.Language);
        Assert.Contains(docx.MainDocumentPart.Document.Body.Descendants<DocxText>(), t => t.Text == "الأصل: بالإنكليزية");
    }

    [Fact]
    public void A_French_export_is_a_French_expression_that_validates_against_the_schema()
    {
        var xml = DocumentExporter.Export(Build(Report(), ExportVariant.Negotiation, "fr"), ExportFormat.AkomaNtoso).Content;

        var akn = XDocument.Load(new MemoryStream(xml));
        akn.Validate(AknExporter.Schema(), (_, e) => throw new XmlException(e.Message));
        Assert.Equal("fra", (string?)akn.Descendants(Akn + "FRBRlanguage").Single().Attribute("language"));
        Assert.Contains("/fra@", (string?)akn.Descendants(Akn + "FRBRExpression").Single().Element(Akn + "FRBRthis")!.Attribute("value"), StringComparison.Ordinal);
        Assert.Equal("en", (string?)akn.Descendants(XName.Get("export", AknExporter.WorkspaceNamespace)).Single().Attribute("originalLanguage"));
        Assert.Contains("[Traduction manquante]", akn.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_language_or_in_the_working_language_the_export_is_the_working_text_unchanged()
    {
        var story = Report();

        var plain = DocumentExporter.Export(Build(story, ExportVariant.Negotiation, null), ExportFormat.Docx).Content;
        var english = DocumentExporter.Export(Build(story, ExportVariant.Negotiation, "en"), ExportFormat.Docx).Content;

        Assert.Equal(plain, english);
        Assert.All(Build(story, ExportVariant.Negotiation, null).AllParagraphs(), p => Assert.Null(p.Translation));
    }

    [Theory]
    [InlineData("de")]
    [InlineData("EN")]
    [InlineData("")]
    public void A_language_other_than_the_six_is_refused(string language)
    {
        var result = new ExportDraftValidator().Validate(new ExportDraft(GroupId, DraftId, "docx", "clean", null, null, null, language));

        Assert.Contains(result.Errors, e => e.PropertyName == "Language");
    }
}
