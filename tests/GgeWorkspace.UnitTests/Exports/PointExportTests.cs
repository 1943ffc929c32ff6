using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using ParagraphStatus = GgeWorkspace.Api.Drafts.ParagraphStatus;
using BracketKind = GgeWorkspace.Api.Drafts.BracketKind;
using GgeWorkspace.Api.Exports;
using static GgeWorkspace.UnitTests.Exports.ExportSamples;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace GgeWorkspace.UnitTests.Exports;

/// <summary>Points (a), (b) and sub-points (i), (ii) of a paragraph in every format and variant.</summary>
public sealed class PointExportTests
{
    private static readonly XNamespace Akn = AknExporter.Namespace;

    public static TheoryData<ExportVariant> Variants() => [ExportVariant.Clean, ExportVariant.Negotiation, ExportVariant.Compilation, ExportVariant.ChairsText];

    private static ExportPoint Point(int id, string number, string[] path, string text, params ExportPoint[] subPoints) =>
        new(number, path, ExportSamples.Paragraph(id, null, text, ParagraphStatus.UnderNegotiation,
            brackets: id == 12 ? [new ExportBracket(0, 5, BracketKind.Contentious)] : null,
            options: id == 12 ? [new ExportOption(1, "build capacity in all States:")] : null), subPoints);

    /// <summary>The sample report whose paragraph 1 recommends (a), (b) with sub-points (i), (ii), and (c).</summary>
    private static ExportDocument WithPoints(ExportVariant variant)
    {
        var report = Report(variant);
        var introduction = report.Sections[0];
        var recommending = ExportSamples.Paragraph(1, 1, "The Group recommends that States:", ParagraphStatus.UnderNegotiation) with
        {
            Points =
            [
                Point(11, "(a)", ["a"], "share best practices;"),
                Point(12, "(b)", ["b"], "build capacity:",
                    Point(13, "(i)", ["b", "i"], "in developing States;"),
                    Point(14, "(ii)", ["b", "ii"], "in regional organizations;")),
                Point(15, "(c)", ["c"], "report on progress."),
            ],
        };
        return report with { Sections = [introduction with { Paragraphs = [recommending, .. introduction.Paragraphs.Skip(1)] }, .. report.Sections.Skip(1)] };
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Akoma_Ntoso_holds_points_in_a_list_under_the_paragraph_valid_against_the_subset_schema(ExportVariant variant)
    {
        var bytes = AknExporter.Export(WithPoints(variant));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = AknExporter.Schema() };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} {e.Exception?.LineNumber}:{e.Exception?.LinePosition} {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(bytes), settings))
            while (reader.Read()) { }
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var xml = XDocument.Load(new MemoryStream(bytes));
        var paragraph = xml.Descendants(Akn + "paragraph").First(p => (string?)p.Attribute("eId") == "sec_1__para_1");
        Assert.Equal("The Group recommends that States:", paragraph.Element(Akn + "intro")!.Value);
        var points = paragraph.Element(Akn + "list")!.Elements(Akn + "point").ToList();
        Assert.Equal(["(a)", "(b)", "(c)"], points.Select(p => p.Element(Akn + "num")!.Value));
        Assert.Equal(["sec_1__para_1__point_a", "sec_1__para_1__point_b", "sec_1__para_1__point_c"], points.Select(p => (string?)p.Attribute("eId")));
        Assert.Equal(AknExporter.PointWId(P(11)), (string?)points[0].Attribute("wId"));
        var subPoints = points[1].Element(Akn + "list")!.Elements(Akn + "point").ToList();
        Assert.Equal(["sec_1__para_1__point_b__point_i", "sec_1__para_1__point_b__point_ii"], subPoints.Select(p => (string?)p.Attribute("eId")));
        Assert.Equal("in regional organizations;", subPoints[1].Element(Akn + "content")!.Value);
        var eIds = xml.Descendants().Select(e => (string?)e.Attribute("eId")).OfType<string>().ToList();
        Assert.Equal(eIds.Count, eIds.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Word_sets_points_with_a_hanging_indent_a_level_in_and_sub_points_further_in(ExportVariant variant)
    {
        using var docx = WordprocessingDocument.Open(new MemoryStream(DocxExporter.Export(WithPoints(variant))), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(docx).Select(e => $"{e.Path?.XPath}: {e.Description}"));

        var body = docx.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().ToList();
        string? StyleOf(string text) => body.First(p => string.Concat(p.Descendants<WordText>().Select(t => t.Text)).Contains(text, StringComparison.Ordinal))
            .ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        var point = body.First(p => string.Concat(p.Descendants<WordText>().Select(t => t.Text)).Contains("share best practices;", StringComparison.Ordinal));
        Assert.Equal("(a)", point.Elements<Run>().First().InnerText);
        Assert.NotNull(point.Elements<Run>().ElementAt(1).GetFirstChild<TabChar>());
        Assert.Equal(("Point", "SubPoint", "NumberedParagraph"),
            (StyleOf("share best practices;"), StyleOf("in developing States;"), StyleOf("The Group recommends that States:")));

        var styles = docx.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        int Left(string style) => int.Parse(styles[style].StyleParagraphProperties!.Indentation!.Left!.Value!, System.Globalization.CultureInfo.InvariantCulture);
        string? Hanging(string style) => styles[style].StyleParagraphProperties!.Indentation!.Hanging?.Value;
        Assert.True(Left("NumberedParagraph") < Left("Point") && Left("Point") < Left("SubPoint"));
        Assert.Equal(("567", "567"), (Hanging("Point"), Hanging("SubPoint")));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Markdown_and_HTML_show_each_point_with_its_letter_after_its_paragraph(ExportVariant variant)
    {
        var document = WithPoints(variant);
        var markdown = System.Text.Encoding.UTF8.GetString(MarkdownExporter.Export(document));
        var html = System.Text.Encoding.UTF8.GetString(HtmlExporter.Export(document));

        Assert.Contains("&emsp;\\(a\\) share best practices;", markdown);
        Assert.Contains("&emsp;&emsp;\\(ii\\) in regional organizations;", markdown);
        Assert.True(markdown.IndexOf("recommends", StringComparison.Ordinal) < markdown.IndexOf("\\(a\\)", StringComparison.Ordinal));
        Assert.True(markdown.IndexOf("\\(i\\)", StringComparison.Ordinal) < markdown.IndexOf("\\(c\\)", StringComparison.Ordinal));
        Assert.Contains($"<p id=\"{AknExporter.ParagraphWId(P(13))}\" class=\"subpoint", html);
        Assert.Contains("<span class=\"num\">(c)</span>report on progress.", html);
    }
}
