using System.Xml;

namespace GgeWorkspace.Api.Exports;

/// <summary>The Akoma Ntoso document's metadata (FRBR identification, lifecycle, workflow, references, mappings,
/// proprietary statuses) and its preface.</summary>
public static partial class AknExporter
{
    private sealed partial class AknWriter
    {
        private void Meta()
        {
            xml.WriteStartElement("meta", Namespace);

            // identification: AKN 3.0 part 2 (identification, coreProperties, workProperties, exprProperties, manifProperties).
            xml.WriteStartElement("identification", Namespace);
            xml.WriteAttributeString("source", "#secretariat");
            Frbr("FRBRWork", WorkIri, document.CreatedAt, "creation", () =>
            {
                Value("FRBRcountry", "un");
                Value("FRBRsubtype", "report");
                Value("FRBRnumber", Number);
                Value("FRBRname", document.Title);
            });
            Frbr("FRBRExpression", ExpressionIri, document.Date, document.Version.Label, () =>
            {
                Value("FRBRversionNumber", document.Version.FrbrVersionNumber);
                xml.WriteStartElement("FRBRlanguage", Namespace);
                xml.WriteAttributeString("language", language);
                xml.WriteEndElement();
            });
            Frbr("FRBRManifestation", ManifestationIri, document.Date, "export", () => Value("FRBRformat", AknExporter.ContentType));
            xml.WriteEndElement();

            var versions = document.Workflow.Where(s => s.IsVersion).ToList();
            if (versions.Count > 0)
            {
                xml.WriteStartElement("lifecycle", Namespace);
                xml.WriteAttributeString("source", "#secretariat");
                foreach (var (step, i) in versions.Select((s, i) => (s, i + 1)))
                {
                    xml.WriteStartElement("eventRef", Namespace);
                    xml.WriteAttributeString("eId", $"evt_{i}");
                    xml.WriteAttributeString("date", ExportText.IsoDate(step.At));
                    xml.WriteAttributeString("source", "#original");
                    xml.WriteAttributeString("type", i == 1 ? "generation" : "amendment");
                    xml.WriteAttributeString("showAs", WorkspaceNamespace, Text(step.What));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }

            if (document.Workflow.Count > 0)
            {
                xml.WriteStartElement("workflow", Namespace);
                xml.WriteAttributeString("source", "#secretariat");
                foreach (var (step, i) in document.Workflow.Select((s, i) => (s, i + 1)))
                {
                    xml.WriteStartElement("step", Namespace);
                    xml.WriteAttributeString("eId", $"step_{i}");
                    xml.WriteAttributeString("date", ExportText.IsoDate(step.At));
                    xml.WriteAttributeString("by", "#" + ParticipantEId(step.ActorId));
                    xml.WriteAttributeString("outcome", WorkspaceNamespace, Text(step.What));
                    xml.WriteAttributeString("at", WorkspaceNamespace, ExportText.IsoDateTime(step.At));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }

            if (document.Variant == ExportVariant.Redline && document.Renumbering.Count > 0) Mappings();

            References();
            Proprietary();
            xml.WriteEndElement();
        }

        private void Frbr(string element, string iri, DateTimeOffset date, string dateName, Action properties)
        {
            xml.WriteStartElement(element, Namespace);
            Value("FRBRthis", element switch
            {
                "FRBRWork" => $"{iri}/!main",
                "FRBRExpression" => $"{iri}/!{Component}",
                _ => $"{ExpressionIri}/!{Component}.akn",
            });
            Value("FRBRuri", iri);
            xml.WriteStartElement("FRBRdate", Namespace);
            xml.WriteAttributeString("date", ExportText.IsoDate(date));
            xml.WriteAttributeString("name", Text(dateName));
            xml.WriteEndElement();
            xml.WriteStartElement("FRBRauthor", Namespace);
            xml.WriteAttributeString("href", "#secretariat");
            xml.WriteEndElement();
            properties();
            xml.WriteEndElement();
        }

        private void Value(string element, string value)
        {
            xml.WriteStartElement(element, Namespace);
            xml.WriteAttributeString("value", Text(value));
            xml.WriteEndElement();
        }

        /// <summary>
        /// Redline renumbering: original is the eId of the paragraph where it stood (for a moved paragraph, the place it moved
        /// from), current its eId where it stands now (none when removed); both are elements of this document.
        /// </summary>
        private void Mappings()
        {
            var current = placed.Where(p => p.Paragraph.Number is not null).ToDictionary(p => p.Paragraph.Id, p => p.EId);
            var original = placed.Where(p => p.Paragraph.Number is null).ToDictionary(p => p.Paragraph.Id, p => p.EId);
            var versions = document.Workflow.Count(s => s.IsVersion);
            xml.WriteStartElement("analysis", Namespace);
            xml.WriteAttributeString("source", "#secretariat");
            xml.WriteStartElement("mappings", Namespace);
            xml.WriteAttributeString("source", "#secretariat");
            foreach (var (mapping, i) in document.Renumbering.Select((m, i) => (m, i + 1)))
            {
                var now = current.GetValueOrDefault(mapping.ParagraphId);
                var then = original.GetValueOrDefault(mapping.ParagraphId) ?? now;
                xml.WriteStartElement("mapping", Namespace);
                xml.WriteAttributeString("eId", $"map_{i}");
                if (then is not null) xml.WriteAttributeString("original", "#" + then);
                if (now is not null) xml.WriteAttributeString("current", "#" + now);
                if (versions > 0) xml.WriteAttributeString("start", $"#evt_{versions}");
                if (mapping.OldNumber is { } from) xml.WriteAttributeString("from", WorkspaceNamespace, from.ToString(CultureInfo.InvariantCulture));
                if (mapping.NewNumber is { } to) xml.WriteAttributeString("to", WorkspaceNamespace, to.ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        private void References()
        {
            xml.WriteStartElement("references", Namespace);
            xml.WriteAttributeString("source", "#secretariat");
            xml.WriteStartElement("original", Namespace);
            xml.WriteAttributeString("eId", "original");
            xml.WriteAttributeString("href", WorkIri);
            xml.WriteAttributeString("showAs", Text(document.Title));
            xml.WriteEndElement();
            Tlc("TLCOrganization", "secretariat", "/akn/ontology/organizations/un/secretariat", "Secretariat");
            foreach (var participant in document.Participants.OrderBy(p => p.Kind).ThenBy(p => p.Id, StringComparer.Ordinal))
            {
                var eId = ParticipantEId(participant.Id);
                if (participant.Kind == ParticipantKind.State)
                    Tlc("TLCOrganization", eId, $"/akn/ontology/organizations/un/{Slug(participant.Id).ToLowerInvariant()}", participant.Name);
                else
                    Tlc("TLCPerson", eId, $"/akn/ontology/persons/un/{Slug(participant.Id).ToLowerInvariant()}", participant.Name);
            }
            if (document.Variant == ExportVariant.Redline) AuthorReferences();
            xml.WriteEndElement();
        }

        private void Tlc(string element, string eId, string href, string showAs)
        {
            xml.WriteStartElement(element, Namespace);
            xml.WriteAttributeString("eId", eId);
            xml.WriteAttributeString("href", href);
            xml.WriteAttributeString("showAs", Text(showAs));
            xml.WriteEndElement();
        }

        private string ParticipantEId(string? id) =>
            id is null || !document.Participants.Any(p => p.Id == id) ? "secretariat" : $"ref_{Slug(id).ToLowerInvariant()}";

        private void Proprietary()
        {
            xml.WriteStartElement("proprietary", Namespace);
            xml.WriteAttributeString("source", "#secretariat");
            xml.WriteStartElement("gge", "export", WorkspaceNamespace);
            xml.WriteAttributeString("variant", document.Variant.ToString());
            xml.WriteAttributeString("version", Text(document.Version.Label));
            xml.WriteAttributeString("adopted", document.Adopted ? "true" : "false");
            xml.WriteAttributeString("distribution", document.Distribution);
            if (document.Sequence is { } sequence) xml.WriteAttributeString("sequence", sequence.ToString(CultureInfo.InvariantCulture));
            if (document.PreparedFor is { } delegation) xml.WriteAttributeString("preparedFor", Text(delegation));
            if (document.Against is { } against) xml.WriteAttributeString("against", Text(against.Label));
            if (document.OriginalLanguage is { } original && original != document.Language) xml.WriteAttributeString("originalLanguage", original);
            foreach (var p in placed)
            {
                xml.WriteStartElement("gge", "paragraphStatus", WorkspaceNamespace);
                xml.WriteAttributeString("href", "#" + p.EId);
                xml.WriteAttributeString("paragraph", "#" + ParagraphWId(p.Paragraph.Id));
                xml.WriteAttributeString("status", ExportText.StatusToken(p.Paragraph.Status));
                if (p.Paragraph.Change is { } change) xml.WriteAttributeString("change", change.Kind.ToString());
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        private void Preface()
        {
            xml.WriteStartElement("preface", Namespace);
            Inline("p", "docNumber", document.ProvisionalSymbol);
            xml.WriteStartElement("p", Namespace);
            xml.WriteStartElement("docDate", Namespace);
            xml.WriteAttributeString("date", ExportText.IsoDate(document.Date));
            xml.WriteString(document.LongDate);
            xml.WriteEndElement();
            xml.WriteEndElement();
            Inline("p", "docType", "Report");
            Inline("p", "docAuthority", document.GroupName);
            if (document.MandateReference.Length > 0) Inline("p", "docPurpose", document.MandateReference);
            Inline("p", "docTitle", document.Title);
            var status = document.Adopted ? $"{document.Version.Label}, adopted" : $"{document.Version.Label}, advance unedited version";
            Inline("p", "docStatus", document.Against is { } against ? $"{status}, changes against {against.Label}" : status);
            xml.WriteEndElement();
        }

        private void Inline(string block, string element, string text)
        {
            xml.WriteStartElement(block, Namespace);
            xml.WriteElementString(element, Namespace, Text(text));
            xml.WriteEndElement();
        }
    }
}
