using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using GgeWorkspace.Api.Exports;
using static GgeWorkspace.UnitTests.Exports.ExportSamples;

namespace GgeWorkspace.UnitTests.Exports;

using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

public sealed class DocxExportTests
{
    public static TheoryData<ExportVariant, bool> Variants()
    {
        var data = new TheoryData<ExportVariant, bool>();
        foreach (var variant in Enum.GetValues<ExportVariant>())
        {
            data.Add(variant, false);
            data.Add(variant, true);
        }
        return data;
    }

    private static ExportDocument Sample(ExportVariant variant, bool adopted) =>
        variant == ExportVariant.Redline ? Redline() with { Adopted = adopted } : Report(variant, adopted);

    private static WordprocessingDocument Open(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), false);

    private static List<Paragraph> BodyParagraphs(WordprocessingDocument docx) =>
        [.. docx.MainDocumentPart!.Document!.Body!.Elements<Paragraph>()];

    private static string TextOf(OpenXmlElement element) => string.Concat(element.Descendants<Text>().Select(t => t.Text));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_passes_the_OpenXml_validator_with_zero_errors(ExportVariant variant, bool adopted)
    {
        using var docx = Open(DocxExporter.Export(Sample(variant, adopted)));

        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(docx)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("zh")]
    [InlineData("ru")]
    public void Documents_in_other_languages_pass_the_validator_and_arabic_ones_run_right_to_left_throughout(string language)
    {
        using var docx = Open(DocxExporter.Export(Report(ExportVariant.Compilation) with { Language = language }));

        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(docx));
        var title = BodyParagraphs(docx).Single(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Title");
        Assert.Equal(language == "ar", title.ParagraphProperties!.BiDi is not null);
    }

    [Fact]
    public void Every_footnote_reference_has_its_footnote()
    {
        using var docx = Open(DocxExporter.Export(Report(ExportVariant.Negotiation)));

        var references = docx.MainDocumentPart!.Document!.Descendants<FootnoteReference>().Select(r => r.Id!.Value).ToList();
        var footnotes = docx.MainDocumentPart.FootnotesPart!.Footnotes!.Elements<Footnote>().Select(f => f.Id!.Value).Where(id => id > 0).ToList();
        Assert.Equal([1L, 2L, 3L], references);
        Assert.Equal(references, footnotes);
    }

    [Fact]
    public void A_redline_holds_tracked_insertions_and_deletions_with_two_authors_and_their_times()
    {
        using var docx = Open(DocxExporter.Export(Redline()));
        var body = docx.MainDocumentPart!.Document!.Body!;

        var insertions = body.Descendants<InsertedRun>().Select(i => (Author: i.Author?.Value, Date: i.Date?.Value, Text: TextOf(i))).ToList();
        var deletions = body.Descendants<DeletedRun>()
            .Select(d => (Author: d.Author?.Value, Date: d.Date?.Value, Text: string.Concat(d.Descendants<DeletedText>().Select(t => t.Text)))).ToList();

        Assert.Contains(("Expert of Canada", CanadaEdit.UtcDateTime, "examined"), insertions);
        Assert.Contains(("Expert of Canada", CanadaEdit.UtcDateTime, "considered"), deletions);
        Assert.Contains(("Expert of Japan", JapanEdit.UtcDateTime, " in advancing nuclear disarmament"), deletions);
        Assert.Contains(("Expert of Canada", CanadaEdit.UtcDateTime, "The Group met in Geneva."), insertions);
        Assert.Equal(["Expert of Canada", "Expert of Japan"],
            insertions.Select(i => i.Author).Concat(deletions.Select(d => d.Author)).Distinct().Order());
        var ids = body.Descendants<InsertedRun>().Select(i => i.Id!.Value)
            .Concat(body.Descendants<DeletedRun>().Select(d => d.Id!.Value))
            .Concat(body.Descendants<Inserted>().Select(i => i.Id!.Value)).Concat(body.Descendants<Deleted>().Select(d => d.Id!.Value)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_redline_tracks_numbers_with_their_tabs_whole_paragraph_marks_and_moves_as_moved_from_and_moved_to()
    {
        using var docx = Open(DocxExporter.Export(Redline()));
        var paragraphs = BodyParagraphs(docx);

        var removed = paragraphs.Single(p => p.Descendants<DeletedText>().Any(t => t.Text.StartsWith("The Group was established", StringComparison.Ordinal)));
        Assert.NotNull(removed.ParagraphProperties!.ParagraphMarkRunProperties!.GetFirstChild<Deleted>());
        var removedNumber = removed.Elements<DeletedRun>().First();
        Assert.Equal("1.", string.Concat(removedNumber.Descendants<DeletedText>().Select(t => t.Text)));
        Assert.Single(removedNumber.Descendants<TabChar>());

        var added = paragraphs.Single(p => TextOf(p).Contains("met in Geneva", StringComparison.Ordinal));
        Assert.NotNull(added.ParagraphProperties!.ParagraphMarkRunProperties!.GetFirstChild<Inserted>());
        Assert.Empty(added.Elements<Run>());
        Assert.Single(added.Elements<InsertedRun>().First().Descendants<TabChar>());

        var movedTo = paragraphs.Single(p => p.Descendants<MoveToRangeStart>().Any());
        var movedFrom = paragraphs.Single(p => p.Descendants<MoveFromRangeStart>().Any());
        Assert.Equal("move1", movedTo.Descendants<MoveToRangeStart>().Single().Name!.Value);
        Assert.Equal("move1", movedFrom.Descendants<MoveFromRangeStart>().Single().Name!.Value);
        Assert.Equal("3." + Arabic, TextOf(movedTo));
        Assert.Equal("4." + Arabic, string.Concat(movedFrom.Descendants<DeletedText>().Select(t => t.Text)));
        Assert.Empty(movedTo.Elements<Run>());
        Assert.Empty(movedFrom.Elements<Run>());
        Assert.True(paragraphs.IndexOf(movedFrom) < paragraphs.IndexOf(movedTo));
    }

    [Fact]
    public void A_redline_names_the_version_it_compares_with_in_its_title_block_and_document_properties()
    {
        var bytes = DocxExporter.Export(Redline());
        using var docx = Open(bytes);

        Assert.Contains(BodyParagraphs(docx).Select(TextOf), t => t == "Rev.2 \u2014 changes against Rev.1");
        using var properties = docx.CoreFilePropertiesPart!.GetStream();
        Assert.Contains("<dc:description>Rev.2: changes against Rev.1</dc:description>", new StreamReader(properties).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_arabic_and_chinese_text_reads_back_exactly_and_creates_no_fields()
    {
        using var docx = Open(DocxExporter.Export(Report(ExportVariant.Clean)));
        var texts = BodyParagraphs(docx).Select(TextOf).ToList();

        Assert.Contains(texts, t => t == "3." + ExportText.Sanitize(Hostile + "\u0001\u0008\uFFFF"));
        Assert.Contains("4." + Arabic, texts);
        Assert.Contains("5." + Chinese, texts);
        Assert.Empty(docx.MainDocumentPart!.Document!.Descendants<SimpleField>());
        Assert.Empty(docx.MainDocumentPart!.Document!.Descendants<FieldCode>());
        var footnotes = docx.MainDocumentPart.FootnotesPart!.Footnotes!.Elements<Footnote>().Select(TextOf).ToList();
        Assert.Contains(" Reservation by Cuba <&>: " + Hostile, footnotes);
    }

    [Fact]
    public void Arabic_paragraphs_run_right_to_left_and_chinese_ones_carry_east_asian_font_and_language()
    {
        using var docx = Open(DocxExporter.Export(Report(ExportVariant.Negotiation)));
        var paragraphs = BodyParagraphs(docx);

        var arabic = paragraphs.Single(p => TextOf(p).Contains(Arabic[^10..], StringComparison.Ordinal));
        Assert.NotNull(arabic.ParagraphProperties!.BiDi);
        Assert.All(arabic.Elements<Run>().Where(r => TextOf(r).Contains(Arabic[^10..], StringComparison.Ordinal)), r =>
        {
            Assert.NotNull(r.RunProperties!.RightToLeftText);
            Assert.Equal("ar-SA", r.RunProperties.Languages!.Bidi!.Value);
        });

        var chinese = paragraphs.Single(p => TextOf(p).Contains(Chinese[..5], StringComparison.Ordinal));
        var run = chinese.Elements<Run>().Single(r => TextOf(r).Contains(Chinese[..5], StringComparison.Ordinal));
        Assert.Equal("zh-CN", run.RunProperties!.Languages!.EastAsia!.Value);
        Assert.Equal("SimSun", run.RunProperties.RunFonts!.EastAsia!.Value);
    }

    [Fact]
    public void The_negotiation_text_shows_brackets_options_and_status_and_reservations_become_footnotes()
    {
        using var docx = Open(DocxExporter.Export(Report(ExportVariant.Negotiation)));
        var texts = BodyParagraphs(docx).Select(TextOf).ToList();

        Assert.Contains("2.The [Group] considered the role of verification [in advancing nuclear disarmament.]\u2003(under negotiation)", texts);
        Assert.Contains("Option 1: [The Group examined verification.] / Option 2: [The Group reviewed verification work.]", texts);
        Assert.DoesNotContain(texts, t => t.Contains("Withdrawn text.", StringComparison.Ordinal));
        var footnote = docx.MainDocumentPart!.FootnotesPart!.Footnotes!.Elements<Footnote>().Single(f => f.Id!.Value == 1);
        Assert.Equal(" Reservation by France: France does not join consensus on the word \"role\".", TextOf(footnote));
    }

    [Fact]
    public void The_compilation_attributes_proposals_and_the_chairs_text_does_not()
    {
        using var compilation = Open(DocxExporter.Export(Report(ExportVariant.Compilation)));
        using var chairs = Open(DocxExporter.Export(Report(ExportVariant.ChairsText)));

        var attribution = "Proposed by Canada; supported by Japan, Mexico; objected to by Cuba";
        Assert.Contains(attribution, BodyParagraphs(compilation).Select(TextOf));
        Assert.Contains("Delete (rejected): ", BodyParagraphs(compilation).Select(TextOf));
        Assert.DoesNotContain(BodyParagraphs(chairs).Select(TextOf), t => t.Contains("Proposed by", StringComparison.Ordinal));
        Assert.Contains("Replace: The Group examined the role of verification.", BodyParagraphs(chairs).Select(TextOf));
    }

    [Fact]
    public void Only_a_document_not_adopted_has_the_advance_unedited_version_banner_and_core_properties_come_from_the_model()
    {
        using var draft = Open(DocxExporter.Export(Report()));
        using var adopted = Open(DocxExporter.Export(Report(adopted: true)));

        Assert.Contains(DocxExporter.NotForCirculation, TextOf(draft.MainDocumentPart!.HeaderParts.Single().Header!), StringComparison.Ordinal);
        Assert.DoesNotContain(DocxExporter.NotForCirculation, TextOf(adopted.MainDocumentPart!.HeaderParts.Single().Header!), StringComparison.Ordinal);
        Assert.Equal(Created.UtcDateTime, draft.PackageProperties.Created);
        Assert.Equal(Rev1Date.UtcDateTime, draft.PackageProperties.Modified);
        Assert.Equal("Report of the Group of Governmental Experts", draft.PackageProperties.Title);
    }

    [Fact]
    public void Every_page_carries_the_symbol_in_its_header_and_its_number_in_a_PAGE_field_and_the_distribution_follows_adoption()
    {
        using var draft = Open(DocxExporter.Export(Report()));
        using var adopted = Open(DocxExporter.Export(Report(adopted: true)));

        var header = draft.MainDocumentPart!.HeaderParts.Single().Header!;
        Assert.Equal("GGE/NDV/2019/CRP.1", TextOf(header.Elements<Paragraph>().First()));
        var footer = draft.MainDocumentPart!.FooterParts.Single().Footer!;
        Assert.Equal(" PAGE ", Assert.Single(footer.Descendants<FieldCode>()).Text);
        var section = draft.MainDocumentPart!.Document!.Body!.Elements<SectionProperties>().Single();
        Assert.Single(section.Elements<HeaderReference>());
        Assert.Single(section.Elements<FooterReference>());

        Assert.Contains("Distr.: Restricted", BodyParagraphs(draft).Select(TextOf));
        Assert.Contains("Distr.: General", BodyParagraphs(adopted).Select(TextOf));
        Assert.Equal("Distr.: Restricted", draft.PackageProperties.ContentStatus);
    }

    [Fact]
    public void A_recipient_copy_names_the_delegation_in_its_header_and_its_properties_and_the_sequence_stays_in_the_properties()
    {
        var bytes = DocxExporter.Export(Report() with { Sequence = 192, PreparedFor = "Canada" });
        using var copy = Open(bytes);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(copy));

        Assert.Contains("Prepared for the delegation of Canada", copy.MainDocumentPart!.HeaderParts.Single().Header!.Elements<Paragraph>().Select(TextOf));
        Assert.Equal("Prepared for the delegation of Canada", copy.PackageProperties.Description);
        var custom = copy.CustomFilePropertiesPart!.Properties!
            .Elements<DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty>().ToDictionary(p => p.Name!.Value!, p => p.InnerText);
        Assert.Equal("Canada", custom["Prepared for"]);
        Assert.Equal("192", custom["Event sequence"]);
        Assert.Equal("Rev.1", custom["Version"]);
        Assert.DoesNotContain(BodyParagraphs(copy).Select(TextOf), t => t.Contains("192", StringComparison.Ordinal));
    }
}
