using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.VariantTypes;
using DocumentFormat.OpenXml.Wordprocessing;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace GgeWorkspace.Api.Exports;

using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

/// <summary>The DOCX document's properties (core and custom) and what repeats on every page (header and footer).</summary>
public static partial class DocxExporter
{
    private sealed partial class DocxWriter
    {
        /// <summary>
        /// On every page: the symbol (else the title), the delegation a recipient copy is prepared for, and the "advance unedited
        /// version" banner on anything not adopted.
        /// </summary>
        private Header RunningHeader()
        {
            var header = new Header(Styled("RunningHeader", Plain(string.IsNullOrWhiteSpace(document.ProvisionalSymbol) ? document.Title : document.ProvisionalSymbol)));
            if (document.PreparedForLine is { } preparedFor) header.Append(Styled("RunningHeader", Plain(preparedFor)));
            if (!document.Adopted) header.Append(Styled("Header", Plain(NotForCirculation)));
            return header;
        }

        /// <summary>The page number as a PAGE field, so Word and LibreOffice number each page themselves.</summary>
        private Footer PageNumberFooter() => new(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(new Text("1")),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End })));

        private void WriteCoreProperties(CoreFilePropertiesPart part)
        {
            const string cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
            const string dc = "http://purl.org/dc/elements/1.1/";
            const string dcterms = "http://purl.org/dc/terms/";
            const string xsi = "http://www.w3.org/2001/XMLSchema-instance";
            using var stream = part.GetStream(FileMode.Create);
            using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            xml.WriteStartDocument(true);
            xml.WriteStartElement("cp", "coreProperties", cp);
            xml.WriteAttributeString("xmlns", "dc", null, dc);
            xml.WriteAttributeString("xmlns", "dcterms", null, dcterms);
            xml.WriteAttributeString("xmlns", "xsi", null, xsi);
            xml.WriteElementString("title", dc, ExportText.Sanitize(document.Title));
            xml.WriteElementString("subject", dc, ExportText.Sanitize(document.ProvisionalSymbol));
            xml.WriteElementString("creator", dc, ExportText.Sanitize(document.GroupName));
            xml.WriteElementString("language", dc, document.Language);
            xml.WriteElementString("version", cp, ExportText.Sanitize(document.Version.Label));
            xml.WriteElementString("contentStatus", cp, $"Distr.: {document.Distribution}");
            var description = string.Join("; ", new[]
            {
                document.Variant == ExportVariant.Redline ? $"{document.Version.Label}: changes against {AgainstLabel}" : null,
                document.PreparedForLine,
            }.OfType<string>());
            if (description.Length > 0) xml.WriteElementString("description", dc, ExportText.Sanitize(description));
            foreach (var (name, date) in new[] { ("created", document.CreatedAt), ("modified", document.Date) })
            {
                xml.WriteStartElement(name, dcterms);
                xml.WriteAttributeString("type", xsi, "dcterms:W3CDTF");
                xml.WriteString(ExportText.IsoDateTime(date));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }

        /// <summary>
        /// File > Properties > Custom: the version as named in the text, the global event sequence it reflects (export again as
        /// of it for the same file), the variant and, for a recipient copy, the delegation.
        /// </summary>
        private void WriteCustomProperties(CustomFilePropertiesPart part)
        {
            var properties = new Properties();
            var pid = 2;
            void Add(string name, OpenXmlElement value) => properties.Append(new CustomDocumentProperty(value)
            {
                FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}",
                PropertyId = pid++,
                Name = name,
            });
            Add("Version", new VTLPWSTR(ExportText.Sanitize(document.Version.Label)));
            if (document.Sequence is { } sequence)
                Add("Event sequence", new VTInt64(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Add("Variant", new VTLPWSTR(document.Variant.ToString()));
            if (document.PreparedFor is { } delegation) Add("Prepared for", new VTLPWSTR(ExportText.Sanitize(delegation)));
            part.Properties = properties;
        }
    }
}
