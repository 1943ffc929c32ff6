using System.Net;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// A standalone HTML page for quick reading: every text is HTML-encoded, each paragraph carries its own lang and dir so
/// Arabic runs right to left inside an English document (and a bidi control in one paragraph cannot reorder another),
/// and brackets are highlighted with &lt;mark&gt;.
/// </summary>
public static class HtmlExporter
{
    private const string Style =
        "body{font-family:'Times New Roman',serif;max-width:45em;margin:2em auto}" +
        ".symbol{text-align:right}.num{display:inline-block;min-width:2.5em}" +
        "mark.bracket{background:#fff3b0}mark.contentious{background:#ffd6d6}mark.trading{background:#d6e9ff}" +
        "mark.awaitingInstructions{background:#e6e6e6}.status{font-style:italic;color:#555}" +
        ".point{margin-left:2.5em}.subpoint{margin-left:5em}.option,.proposal,.attribution{margin-left:3em}.attribution{font-size:90%;font-style:italic}" +
        ".banner{font-weight:bold;text-align:center}ins{text-decoration:underline;color:#0645ad}del{color:#b00}";

    public static byte[] Export(ExportDocument document)
    {
        var html = new StringBuilder();
        var notes = new List<string>();
        var dir = ExportText.IsRightToLeft(document.Language) ? "rtl" : "ltr";
        html.Append($"<!DOCTYPE html>\n<html lang=\"{E(document.Language)}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<meta name=\"gge-version\" content=\"{E(document.Version.Label)}\">\n");
        if (document.Sequence is { } sequence) html.Append($"<meta name=\"gge-event-sequence\" content=\"{sequence}\">\n");
        if (document.PreparedFor is { } delegation) html.Append($"<meta name=\"gge-prepared-for\" content=\"{E(delegation)}\">\n");
        html.Append("<title>").Append(E(document.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        if (document.PreparedForLine is { } preparedFor) html.Append("<p class=\"banner\">").Append(E(preparedFor)).Append("</p>\n");
        if (!document.Adopted) html.Append("<p class=\"banner\">").Append(E(DocxExporter.NotForCirculation)).Append("</p>\n");
        if (!string.IsNullOrWhiteSpace(document.ProvisionalSymbol)) html.Append("<p class=\"symbol\">").Append(E(document.ProvisionalSymbol)).Append("</p>\n");
        html.Append("<p class=\"symbol\">Distr.: ").Append(E(document.Distribution)).Append("</p>\n");
        html.Append("<p class=\"symbol\">").Append(E(document.LongDate)).Append("</p>\n");
        html.Append("<p>").Append(E(document.GroupName)).Append("</p>\n");
        html.Append("<h1>").Append(E(document.Title)).Append("</h1>\n");
        html.Append("<p class=\"version\">").Append(E(document.Version.Label));
        if (document.Against is { } against) html.Append(" \u2014 changes against ").Append(E(ExportText.AgainstLabel(against)));
        html.Append("</p>\n");
        foreach (var section in document.Sections) Section(html, notes, document, section, "h2");
        if (notes.Count > 0)
        {
            html.Append("<hr>\n<ol class=\"footnotes\">\n");
            foreach (var (note, i) in notes.Select((n, i) => (n, i + 1))) html.Append($"<li id=\"fn-{i}\">").Append(note).Append("</li>\n");
            html.Append("</ol>\n");
        }
        html.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void Section(StringBuilder html, List<string> notes, ExportDocument document, ExportSection section, string heading)
    {
        html.Append($"<{heading}>");
        if (document.Variant == ExportVariant.Redline && section.Change is { } change)
            html.Append(Changed(change.Kind, change.PreviousNumber, section.Number)).Append(' ').Append(Changed(change.Kind, change.PreviousHeading, section.Heading));
        else html.Append(E(section.Number)).Append(' ').Append(E(section.Heading));
        html.Append($"</{heading}>\n");
        foreach (var paragraph in section.Paragraphs)
        {
            if (paragraph.Status == ParagraphStatus.Deleted && document.Variant != ExportVariant.Redline) continue;
            Paragraph(html, notes, document, paragraph);
        }
        foreach (var sub in section.SubSections) Section(html, notes, document, sub, "h3");
    }

    /// <summary>A paragraph, then its points (a) and sub-points (i), each a level further in (classes point and subpoint).</summary>
    private static void Paragraph(StringBuilder html, List<string> notes, ExportDocument document, ExportParagraph paragraph, ExportPoint? point = null, int depth = 0)
    {
        var language = paragraph.Language ?? document.Language;
        var attributes = $" lang=\"{E(language)}\" dir=\"{(ExportText.IsRightToLeft(language) ? "rtl" : "ltr")}\"";
        var level = depth switch { 0 => "paragraph", 1 => "point", _ => "subpoint" };
        var translation = paragraph.Translation is { } status ? $" data-translation=\"{status.ToString().ToLowerInvariant()}\"" : "";
        html.Append($"<p id=\"{AknExporter.ParagraphWId(paragraph.Id)}\" class=\"{level} {ExportText.StatusToken(paragraph.Status)}\"{attributes}{translation}>");
        var number = point is not null ? E(point.Number) : paragraph.Number is { } n ? $"{n}." : "";
        if (point is null && paragraph.Change is { PreviousNumber: { } previous } && previous != paragraph.Number)
            number = $"<del>{previous}.</del>" + (paragraph.Number is { } current ? $"<ins>{current}.</ins>" : "");
        html.Append("<span class=\"num\">").Append(number).Append("</span>");

        if (document.Variant == ExportVariant.Redline && paragraph.Change is { } change)
        {
            foreach (var segment in ExportText.Shown(change).Where(s => s.Text.Length > 0))
            {
                var title = segment.Author is null ? "" : $" title=\"{E(segment.Author)}{(segment.At is { } at ? ", " + ExportText.IsoDateTime(at) : "")}\"";
                html.Append(segment.Kind switch
                {
                    SegmentKind.Inserted => $"<ins{title}>{E(segment.Text)}</ins>",
                    SegmentKind.Deleted => $"<del{title}>{E(segment.Text)}</del>",
                    _ => E(segment.Text),
                });
            }
        }
        else
        {
            var nodes = BracketedText.Of(paragraph.Text, paragraph.Brackets);
            Nodes(html, nodes, marks: document.Variant != ExportVariant.Clean);
            var words = $" lang=\"{E(document.Language)}\" dir=\"{(ExportText.IsRightToLeft(document.Language) ? "rtl" : "ltr")}\"";
            if (ExportWords.StaleNote(document, paragraph) is { } stale) html.Append($" <span class=\"translation-stale\"{words}>").Append(E(stale)).Append("</span>");
            if (document.Variant == ExportVariant.Negotiation)
                html.Append($" <span class=\"status\"{words}>(").Append(E(ExportWords.Of(document).Status(paragraph.Status))).Append(")</span>");
        }
        foreach (var reservation in paragraph.Reservations)
        {
            notes.Add(E($"Reservation by {reservation.Delegation}: {reservation.Text}"));
            html.Append($"<sup><a href=\"#fn-{notes.Count}\">{notes.Count}</a></sup>");
        }
        html.Append("</p>\n");

        if (document.Variant is ExportVariant.Negotiation or ExportVariant.Compilation or ExportVariant.ChairsText && paragraph.Options.Count > 0)
        {
            html.Append($"<p class=\"option\"{attributes}>");
            html.AppendJoin(" / ", paragraph.Options.Select(o => $"{E(ExportWords.Of(document).Option)} {o.Number}: <mark class=\"bracket alternative\">[{E(o.Text)}]</mark>"));
            html.Append("</p>\n");
        }
        if (document.Variant is ExportVariant.Compilation or ExportVariant.ChairsText)
        {
            foreach (var proposal in paragraph.Proposals)
            {
                html.Append($"<p class=\"proposal\"{attributes}><em>").Append(E(ExportText.ProposalLabel(proposal))).Append(":</em> ").Append(E(proposal.Text)).Append("</p>\n");
                if (document.Variant == ExportVariant.Compilation)
                    html.Append("<p class=\"attribution\">").Append(E(proposal.Attribution)).Append("</p>\n");
            }
        }
        foreach (var sub in point?.SubPoints ?? paragraph.Points) Paragraph(html, notes, document, sub.Content, sub, depth + 1);
    }

    private static void Nodes(StringBuilder html, IEnumerable<TextNode> nodes, bool marks)
    {
        foreach (var node in nodes)
        {
            if (node is PlainText t) html.Append(E(t.Text));
            else if (node is BracketNode b && !marks) Nodes(html, b.Children, marks);
            else if (node is BracketNode bracket)
            {
                html.Append($"<mark class=\"bracket {ExportText.BracketToken(bracket.Kind)}\">").Append(bracket.Opens ? "[" : "");
                Nodes(html, bracket.Children, marks);
                html.Append(bracket.Closes ? "]" : "").Append("</mark>");
            }
        }
    }

    /// <summary>A section's number or heading in a redline: the old one deleted and the new one inserted where they differ.</summary>
    private static string Changed(ParagraphChangeKind kind, string? before, string now) => kind switch
    {
        ParagraphChangeKind.Added => $"<ins>{E(now)}</ins>",
        ParagraphChangeKind.Removed => $"<del>{E(now)}</del>",
        _ when before is not null && before != now => $"<del>{E(before)}</del><ins>{E(now)}</ins>",
        _ => E(now),
    };

    /// <summary>HTML-encodes text (also quotes, for attributes) after making it XML-safe.</summary>
    private static string E(string text) => WebUtility.HtmlEncode(ExportText.Sanitize(text));
}
