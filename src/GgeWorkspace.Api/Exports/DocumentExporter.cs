namespace GgeWorkspace.Api.Exports;

/// <summary>An exported file, ready to be sent or saved.</summary>
public sealed record ExportedFile(string FileName, string ContentType, byte[] Content);

/// <summary>The one entry point for every format and variant: pure, no database, no clock (PDF is rendered from the DOCX by <see cref="PdfRenderer"/>).</summary>
public static class DocumentExporter
{
    /// <summary>The formats written here, without an outside program: all but PDF.</summary>
    public static IReadOnlyList<ExportFormat> Formats { get; } = [ExportFormat.Docx, ExportFormat.AkomaNtoso, ExportFormat.Markdown, ExportFormat.Html];

    public static ExportedFile Export(ExportDocument document, ExportFormat format)
    {
        var content = format switch
        {
            ExportFormat.Docx => DocxExporter.Export(document),
            ExportFormat.AkomaNtoso => AknExporter.Export(document),
            ExportFormat.Markdown => MarkdownExporter.Export(document),
            ExportFormat.Html => HtmlExporter.Export(document),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        return new ExportedFile(FileName(document, format), ContentType(format), content);
    }

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Docx => DocxExporter.ContentType,
        ExportFormat.AkomaNtoso => AknExporter.ContentType,
        ExportFormat.Markdown => "text/markdown; charset=utf-8",
        ExportFormat.Html => "text/html; charset=utf-8",
        ExportFormat.Pdf => PdfRenderer.ContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Docx => ".docx",
        ExportFormat.AkomaNtoso => ".akn.xml",
        ExportFormat.Markdown => ".md",
        ExportFormat.Html => ".html",
        ExportFormat.Pdf => ".pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>
    /// "A-AC.289-CRP.1_Rev.1_negotiation.docx": the symbol (or title) with every character outside [A-Za-z0-9._-] turned
    /// into "-", the version ("zero-draft", "Rev.1", "as-of-1234"), the variant and, for a recipient copy, "for-" and the
    /// delegation. Safe in any file system and header.
    /// </summary>
    public static string FileName(ExportDocument document, ExportFormat format)
    {
        var name = string.IsNullOrWhiteSpace(document.ProvisionalSymbol) ? document.Title : document.ProvisionalSymbol;
        var version = document.Version switch
        {
            { RevisionNumber: 0 } => "zero-draft",
            { RevisionNumber: { } n } => $"Rev.{n}",
            { AsOfSequence: { } sequence } => $"as-of-{sequence}",
            _ => "current",
        };
        var variant = document.Variant switch
        {
            ExportVariant.ChairsText => "chairs-text",
            var other => other.ToString().ToLowerInvariant(),
        };
        var recipient = document.PreparedFor is { Length: > 0 } delegation ? $"_for-{AknExporter.Slug(delegation)}" : "";
        return $"{AknExporter.Slug(name)}_{version}_{variant}{recipient}{Extension(format)}";
    }
}
