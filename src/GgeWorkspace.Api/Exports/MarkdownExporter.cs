namespace GgeWorkspace.Api.Exports;

/// <summary>
/// Markdown for quick reading. Every character of the text that Markdown could read as syntax is backslash-escaped and
/// "&lt;" and "&amp;" become entities, so text never turns into links, emphasis or raw HTML; the only HTML written is
/// &lt;ins&gt; for insertions in a redline and a comment naming the event sequence the file reflects.
/// </summary>
public static class MarkdownExporter
{
    public static byte[] Export(ExportDocument document)
    {
        var md = new StringBuilder();
        var notes = new List<string>();
        var symbol = string.IsNullOrWhiteSpace(document.ProvisionalSymbol) ? "" : $"{Escape(document.ProvisionalSymbol)} \u2014 ";
        md.Append("# ").Append(Escape(document.Title)).Append('\n').Append('\n');
        md.Append(symbol).Append(Escape(document.Version.Label));
        if (document.Against is { } against) md.Append(" \u2014 changes against ").Append(Escape(ExportText.AgainstLabel(against)));
        md.Append(" \u2014 ").Append(document.LongDate).Append('\n').Append('\n');
        md.Append('*').Append(Escape(document.GroupName)).Append("*\n\n");
        md.Append("Distr.: ").Append(Escape(document.Distribution)).Append("\n\n");
        if (document.PreparedForLine is { } preparedFor) md.Append("**").Append(Escape(preparedFor)).Append("**\n\n");
        if (document.Sequence is { } sequence) md.Append($"<!-- event sequence {sequence} -->\n\n");
        if (!document.Adopted) md.Append("**").Append(DocxExporter.NotForCirculation).Append("**\n\n");

        foreach (var section in document.Sections) Section(md, notes, document, section, "## ");

        if (notes.Count > 0)
        {
            md.Append("---\n\n");
            foreach (var (note, i) in notes.Select((n, i) => (n, i + 1))) md.Append($"[^{i}]: ").Append(note).Append('\n');
        }
        return Encoding.UTF8.GetBytes(md.ToString());
    }

    private static void Section(StringBuilder md, List<string> notes, ExportDocument document, ExportSection section, string level)
    {
        md.Append(level);
        if (document.Variant == ExportVariant.Redline && section.Change is { } change)
            md.Append(Changed(change.Kind, change.PreviousNumber, section.Number)).Append(' ').Append(Changed(change.Kind, change.PreviousHeading, section.Heading));
        else md.Append(Escape(section.Number)).Append(' ').Append(Escape(section.Heading));
        md.Append("\n\n");
        foreach (var paragraph in section.Paragraphs)
        {
            if (paragraph.Status == ParagraphStatus.Deleted && document.Variant != ExportVariant.Redline) continue;
            Paragraph(md, notes, document, paragraph);
        }
        foreach (var sub in section.SubSections) Section(md, notes, document, sub, "### ");
    }

    /// <summary>A paragraph, then its points (a) and sub-points (i), each indented by an em space a level under its own number.</summary>
    private static void Paragraph(StringBuilder md, List<string> notes, ExportDocument document, ExportParagraph paragraph, ExportPoint? point = null, int depth = 0)
    {
        var number = paragraph.Number is { } n ? $"{n}\\." : paragraph.Change?.PreviousNumber is { } old ? $"~~{old}\\.~~" : "";
        if (paragraph.Change is { PreviousNumber: { } previous } && paragraph.Number is { } current && previous != current)
            number = $"~~{previous}\\.~~ <ins>{current}\\.</ins>";
        if (point is not null) number = string.Concat(Enumerable.Repeat("&emsp;", depth)) + Escape(point.Number);
        md.Append(number).Append(' ');
        if (document.Variant == ExportVariant.Redline && paragraph.Change is { } change)
        {
            foreach (var segment in ExportText.Shown(change).Where(s => s.Text.Length > 0))
            {
                md.Append(segment.Kind switch
                {
                    SegmentKind.Inserted => $"<ins>{Escape(segment.Text)}</ins>",
                    SegmentKind.Deleted => $"~~{Escape(segment.Text)}~~",
                    _ => Escape(segment.Text),
                });
            }
        }
        else
        {
            var nodes = BracketedText.Of(paragraph.Text, paragraph.Brackets);
            md.Append(Escape(document.Variant == ExportVariant.Clean ? Plain(nodes) : BracketedText.Marked(nodes)));
            if (ExportWords.StaleNote(document, paragraph) is { } stale) md.Append(" *").Append(Escape(stale)).Append('*');
            if (document.Variant == ExportVariant.Negotiation) md.Append(" *(").Append(ExportWords.Of(document).Status(paragraph.Status)).Append(")*");
        }
        foreach (var reservation in paragraph.Reservations)
        {
            notes.Add(Escape($"Reservation by {reservation.Delegation}: {reservation.Text}"));
            md.Append($"[^{notes.Count}]");
        }
        md.Append("\n\n");

        if (document.Variant is ExportVariant.Negotiation or ExportVariant.Compilation or ExportVariant.ChairsText && paragraph.Options.Count > 0)
            md.Append("> ").Append(Escape(string.Join(" / ", paragraph.Options.Select(o => $"{ExportWords.Of(document).Option} {o.Number}: [{o.Text}]")))).Append("\n\n");
        if (document.Variant is ExportVariant.Compilation or ExportVariant.ChairsText)
        {
            foreach (var proposal in paragraph.Proposals)
            {
                md.Append("> *").Append(Escape(ExportText.ProposalLabel(proposal))).Append(":* ").Append(Escape(proposal.Text)).Append('\n');
                if (document.Variant == ExportVariant.Compilation) md.Append(">\n> ").Append(Escape(proposal.Attribution)).Append('\n');
                md.Append('\n');
            }
        }
        foreach (var sub in point?.SubPoints ?? paragraph.Points) Paragraph(md, notes, document, sub.Content, sub, depth + 1);
    }

    private static string Plain(IEnumerable<TextNode> nodes) => string.Concat(nodes.Select(n => n switch
    {
        PlainText t => t.Text,
        BracketNode b => Plain(b.Children),
        _ => "",
    }));

    /// <summary>A section's number or heading in a redline: the old one struck through and the new one inserted where they differ.</summary>
    private static string Changed(ParagraphChangeKind kind, string? before, string now) => kind switch
    {
        ParagraphChangeKind.Added => $"<ins>{Escape(now)}</ins>",
        ParagraphChangeKind.Removed => $"~~{Escape(now)}~~",
        _ when before is not null && before != now => $"~~{Escape(before)}~~ <ins>{Escape(now)}</ins>",
        _ => Escape(now),
    };

    /// <summary>Escapes Markdown syntax; line breaks inside a paragraph become hard breaks so a line can never start a block.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in ExportText.Sanitize(text))
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\r': break;
                case '\n': builder.Append("\\\n"); break;
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '.' or '!' or '|' or '~' or '=' or '"' or '\'':
                    builder.Append('\\').Append(c);
                    break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }
}
