using System.IO.Compression;
using GgeWorkspace.Api.Exports;
using static GgeWorkspace.UnitTests.Exports.ExportSamples;

namespace GgeWorkspace.UnitTests.Exports;

public sealed class ExportDeterminismTests
{
    public static TheoryData<ExportFormat, ExportVariant> Cases()
    {
        var data = new TheoryData<ExportFormat, ExportVariant>();
        foreach (var format in DocumentExporter.Formats)
            foreach (var variant in Enum.GetValues<ExportVariant>())
                data.Add(format, variant);
        return data;
    }

    private static ExportDocument Sample(ExportVariant variant) => variant == ExportVariant.Redline ? Redline() : Report(variant);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_same_document_exports_byte_identical_files(ExportFormat format, ExportVariant variant)
    {
        var first = DocumentExporter.Export(Sample(variant), format);
        var second = DocumentExporter.Export(Sample(variant), format);

        Assert.Equal(first.Content, second.Content);
        Assert.Equal(first.FileName, second.FileName);
    }

    [Fact]
    public void Docx_entries_come_in_a_fixed_order_stamped_with_the_document_date()
    {
        var bytes = DocxExporter.Export(Report());
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);

        Assert.Equal("[Content_Types].xml", zip.Entries[0].FullName);
        Assert.Equal("_rels/.rels", zip.Entries[1].FullName);
        Assert.Equal(zip.Entries.Skip(2).Select(e => e.FullName).Order(StringComparer.Ordinal), zip.Entries.Skip(2).Select(e => e.FullName));
        Assert.Contains(zip.Entries, e => e.FullName == "docProps/core.xml");
        Assert.All(zip.Entries, e => Assert.Equal(Rev1Date.UtcDateTime.Date, e.LastWriteTime.DateTime));
    }
}
