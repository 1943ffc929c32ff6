using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using GgeWorkspace.Api.Exports;
using static GgeWorkspace.UnitTests.Exports.ExportSamples;

namespace GgeWorkspace.UnitTests.Exports;

public sealed class AknExportTests
{
    private static readonly XNamespace Akn = AknExporter.Namespace;

    private static XDocument Parse(byte[] bytes) => XDocument.Load(new MemoryStream(bytes));

    public static TheoryData<ExportVariant> Variants() => [.. Enum.GetValues<ExportVariant>()];

    private static ExportDocument Sample(ExportVariant variant) => variant == ExportVariant.Redline ? Redline() : Report(variant);

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_is_well_formed_and_valid_against_the_subset_schema(ExportVariant variant)
    {
        var bytes = AknExporter.Export(Sample(variant));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = AknExporter.Schema() };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) =>
        {
            errors.Add($"{e.Severity} {e.Exception?.LineNumber}:{e.Exception?.LinePosition} {e.Message}");
        };

        using (var reader = XmlReader.Create(new MemoryStream(bytes), settings))
            while (reader.Read()) { }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void The_document_is_an_akoma_ntoso_report_with_unique_eIds()
    {
        var xml = Parse(AknExporter.Export(Report()));

        Assert.Equal(Akn + "akomaNtoso", xml.Root!.Name);
        var doc = Assert.Single(xml.Root.Elements());
        Assert.Equal(Akn + "doc", doc.Name);
        Assert.Equal("report", (string?)doc.Attribute("name"));
        var eIds = xml.Descendants().Select(e => (string?)e.Attribute("eId")).OfType<string>().ToList();
        Assert.Equal(eIds.Count, eIds.Distinct().Count());
        Assert.Contains("sec_1__para_2", eIds);
        Assert.Contains("sec_2__sec_1__para_4", eIds);
    }

    [Fact]
    public void The_identification_holds_the_required_FRBR_elements_with_UN_IRIs_and_the_revision_number()
    {
        var identification = Parse(AknExporter.Export(Report())).Descendants(Akn + "identification").Single();
        Assert.Equal("#secretariat", (string?)identification.Attribute("source"));

        foreach (var level in new[] { "FRBRWork", "FRBRExpression", "FRBRManifestation" })
        {
            var frbr = identification.Element(Akn + level)!;
            foreach (var required in new[] { "FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor" }) Assert.NotNull(frbr.Element(Akn + required));
            Assert.StartsWith("/akn/un/doc/report/", (string?)frbr.Element(Akn + "FRBRuri")!.Attribute("value"));
        }
        var work = identification.Element(Akn + "FRBRWork")!;
        Assert.Equal("/akn/un/doc/report/2018-08-13/GGE-NDV-2019-CRP.1", (string?)work.Element(Akn + "FRBRuri")!.Attribute("value"));
        Assert.Equal("un", (string?)work.Element(Akn + "FRBRcountry")!.Attribute("value"));
        var expression = identification.Element(Akn + "FRBRExpression")!;
        Assert.Equal("1", (string?)expression.Element(Akn + "FRBRversionNumber")!.Attribute("value"));
        Assert.Equal("eng", (string?)expression.Element(Akn + "FRBRlanguage")!.Attribute("language"));
        Assert.Equal("2019-01-18", (string?)expression.Element(Akn + "FRBRdate")!.Attribute("date"));
    }

    [Fact]
    public void Each_variant_and_each_language_of_one_version_has_its_own_FRBRthis_at_expression_and_manifestation_level()
    {
        static (string Expression, string Manifestation, string Work) This(ExportDocument document)
        {
            var identification = Parse(AknExporter.Export(document)).Descendants(Akn + "identification").Single();
            string Of(string level) => (string)identification.Element(Akn + level)!.Element(Akn + "FRBRthis")!.Attribute("value")!;
            return (Of("FRBRExpression"), Of("FRBRManifestation"), Of("FRBRWork"));
        }

        var documents = new[]
        {
            Report(ExportVariant.Clean), Report(ExportVariant.Negotiation), Report(ExportVariant.Compilation), Report(ExportVariant.ChairsText),
            Redline() with { Version = ExportVersion.Revision(1), Against = ExportVersion.ZeroDraft }, Report(ExportVariant.Clean) with { Language = "fr" },
        };
        var iris = documents.Select(This).ToList();

        Assert.Equal(documents.Length, iris.Select(i => i.Expression).Distinct().Count());
        Assert.Equal(documents.Length, iris.Select(i => i.Manifestation).Distinct().Count());
        Assert.Single(iris.Select(i => i.Work).Distinct());
        Assert.Equal("/akn/un/doc/report/2018-08-13/GGE-NDV-2019-CRP.1/eng@2019-01-18;rev1/!main", iris[0].Expression);
        Assert.Equal("/akn/un/doc/report/2018-08-13/GGE-NDV-2019-CRP.1/eng@2019-01-18;rev1/!negotiation.akn", iris[1].Manifestation);
        Assert.EndsWith("/!redline-against-0", iris[4].Expression, StringComparison.Ordinal);
        Assert.Contains("/fra@", iris[5].Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycle_workflow_references_and_paragraph_status_are_in_the_metadata()
    {
        var meta = Parse(AknExporter.Export(Report())).Descendants(Akn + "meta").Single();

        Assert.Equal(["2018-08-13", "2019-01-18"], meta.Element(Akn + "lifecycle")!.Elements(Akn + "eventRef").Select(e => (string?)e.Attribute("date")));
        Assert.Equal(["#ref_chair", "#ref_chair", "#ref_expert-canada"], meta.Element(Akn + "workflow")!.Elements(Akn + "step").Select(s => (string?)s.Attribute("by")));
        var references = meta.Element(Akn + "references")!;
        Assert.Equal(["Secretariat", "Canada", "Japan"], references.Elements(Akn + "TLCOrganization").Select(o => (string?)o.Attribute("showAs")));
        Assert.Equal(["Chair of the Group", "Expert nominated by Canada"], references.Elements(Akn + "TLCPerson").Select(o => (string?)o.Attribute("showAs")));
        XNamespace gge = AknExporter.WorkspaceNamespace;
        var statuses = meta.Element(Akn + "proprietary")!.Descendants(gge + "paragraphStatus").ToDictionary(s => (string)s.Attribute("href")!, s => (string)s.Attribute("status")!);
        Assert.Equal("underNegotiation", statuses["#sec_1__para_2"]);
        Assert.Equal("parked", statuses["#sec_2__sec_1__para_5"]);
    }

    [Fact]
    public void The_preface_and_the_body_follow_the_UN_report_structure_with_brackets_as_inline_elements()
    {
        var xml = Parse(AknExporter.Export(Report()));
        var preface = xml.Descendants(Akn + "preface").Single();
        foreach (var element in new[] { "docType", "docTitle", "docNumber", "docDate", "docStatus" }) Assert.NotNull(preface.Descendants(Akn + element).SingleOrDefault());

        var paragraph = xml.Descendants(Akn + "paragraph").Single(p => (string?)p.Attribute("eId") == "sec_1__para_2");
        Assert.Equal("2.", paragraph.Element(Akn + "num")!.Value);
        Assert.Equal(AknExporter.ParagraphWId(P(2)), (string?)paragraph.Attribute("wId"));
        var brackets = paragraph.Element(Akn + "content")!.Element(Akn + "p")!.Elements(Akn + "inline").ToList();
        Assert.All(brackets, b => Assert.Equal("bracket", (string?)b.Attribute("name")));
        Assert.Equal(["[Group]", "[in advancing nuclear disarmament.]"], brackets.Select(b => b.Value));
    }

    [Fact]
    public void Wids_are_stable_across_versions_while_eIds_follow_the_numbering()
    {
        var rev1 = Parse(AknExporter.Export(Report()));
        var rev2 = Parse(AknExporter.Export(Redline()));

        string EIdOf(XDocument xml, Guid id) =>
            (string)xml.Descendants(Akn + "paragraph").Single(p => (string?)p.Attribute("wId") == AknExporter.ParagraphWId(id)).Attribute("eId")!;

        Assert.Equal("sec_2__sec_1__para_4", EIdOf(rev1, P(5)));
        Assert.Equal("sec_2__para_3", EIdOf(rev2, P(5)));
        Assert.Single(rev2.Descendants(Akn + "paragraph"), p => (string?)p.Attribute("wId") == AknExporter.ParagraphWId(P(5)));
        Assert.Equal("sec_1__para_2", EIdOf(rev1, P(2)));
        Assert.Equal("sec_1__para_2", EIdOf(rev2, P(2)));
    }

    [Fact]
    public void A_redline_maps_old_places_to_new_by_eIds_of_the_document_and_credits_each_ins_and_del_to_a_referenced_author()
    {
        var xml = Parse(AknExporter.Export(Redline()));
        XNamespace gge = AknExporter.WorkspaceNamespace;
        var eIds = xml.Descendants().Select(e => (string?)e.Attribute("eId")).OfType<string>().ToHashSet();

        var mappings = xml.Descendants(Akn + "analysis").Single().Element(Akn + "mappings")!.Elements(Akn + "mapping").ToList();
        Assert.All(mappings.SelectMany(m => new[] { (string?)m.Attribute("original"), (string?)m.Attribute("current"), (string?)m.Attribute("start") }).OfType<string>(),
            reference => Assert.Contains(reference.TrimStart('#'), eIds));
        var moved = mappings.Single(m => (string?)m.Attribute(gge + "from") == "4");
        Assert.Equal(("#sec_1__para_moved_4", "#sec_2__para_3"), ((string?)moved.Attribute("original"), (string?)moved.Attribute("current")));
        Assert.Null(mappings.Single(m => (string?)m.Attribute(gge + "from") == "1").Attribute("current"));

        var changed = xml.Descendants(Akn + "paragraph").Single(p => (string?)p.Attribute("wId") == AknExporter.ParagraphWId(P(2)));
        Assert.Equal(["examined"], changed.Descendants(Akn + "ins").Select(i => i.Value));
        Assert.Equal(["considered", " in advancing nuclear disarmament"], changed.Descendants(Akn + "del").Select(d => d.Value));
        Assert.Equal(["Expert of Canada", "Expert of Japan"], changed.Descendants(Akn + "del").Select(d => (string?)d.Attribute(gge + "author")));
        var authors = xml.Descendants(Akn + "TLCPerson").ToDictionary(t => "#" + (string)t.Attribute("eId")!, t => (string)t.Attribute("showAs")!);
        Assert.All(xml.Descendants(Akn + "ins").Concat(xml.Descendants(Akn + "del")),
            change => Assert.Equal((string?)change.Attribute(gge + "author"), authors[(string)change.Attribute("refersTo")!]));
    }

    [Fact]
    public void A_redline_names_the_version_it_compares_with_in_its_metadata_and_preface()
    {
        var xml = Parse(AknExporter.Export(Redline()));
        XNamespace gge = AknExporter.WorkspaceNamespace;

        Assert.Equal("Rev.1", (string?)xml.Descendants(gge + "export").Single().Attribute("against"));
        Assert.EndsWith("changes against Rev.1", xml.Descendants(Akn + "docStatus").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_arabic_and_chinese_text_reads_back_exactly_and_invalid_characters_become_replacement_characters()
    {
        var bytes = AknExporter.Export(Report(ExportVariant.Clean));
        var xml = Parse(bytes);

        string ContentOf(Guid id) => string.Concat(xml.Descendants(Akn + "paragraph")
            .Single(p => (string?)p.Attribute("wId") == AknExporter.ParagraphWId(id))
            .Element(Akn + "content")!.Element(Akn + "p")!.Nodes().OfType<XText>().Select(t => t.Value));

        Assert.Equal(Hostile + "\uFFFD\uFFFD\uFFFD", ContentOf(P(4)));
        Assert.Equal(Arabic, ContentOf(P(5)));
        Assert.Equal(Chinese, ContentOf(P(6)));
        Assert.DoesNotContain(xml.Descendants(), e => e.Name.LocalName == "script");
        Assert.DoesNotContain("<script>", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
