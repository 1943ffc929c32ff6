using System.Xml.Linq;

namespace GgeWorkspace.Api.Consensus;

/// <summary>One bar of the status chart: a section's label and its paragraphs by status.</summary>
public sealed record SectionStatusBar(string Label, StatusCounts Counts);

/// <summary>One point of the bracket burndown: a revision ("Zero draft", "Rev.1") and how many brackets its text held.</summary>
public sealed record RevisionBracketCount(string Revision, int Brackets);

/// <summary>
/// The pictures, as SVG documents (serve as <c>image/svg+xml</c>). Pure and deterministic: numbers in the invariant
/// culture, no time or randomness, built with XML objects so any text (headings in any of the six languages, "&lt;", "&amp;")
/// is escaped. Each has a <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> for screen readers.
/// </summary>
public static class ConsensusCharts
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The statuses in the order text usually moves, with their colours.</summary>
    public static IReadOnlyList<(ParagraphStatus Status, string Label, string Colour)> StatusLegend { get; } =
    [
        (ParagraphStatus.Proposed, "Proposed", "#9e9e9e"),
        (ParagraphStatus.UnderNegotiation, "Under negotiation", "#e69f00"),
        (ParagraphStatus.AgreedAdReferendum, "Agreed ad referendum", "#56b4e9"),
        (ParagraphStatus.Agreed, "Agreed", "#009e73"),
        (ParagraphStatus.Parked, "Parked", "#cc79a7"),
    ];

    private const double Width = 720;

    /// <summary>The bars of the status chart from the dashboard: one per top-level section, its sub-sections included.</summary>
    public static IReadOnlyList<SectionStatusBar> StatusBars(ConsensusDashboardView dashboard) =>
    [
        .. dashboard.Sections.Where(s => s.Level == 1)
            .Select(s => new SectionStatusBar($"{s.Number} {s.Heading}", s.TotalsIncludingSubSections.Statuses)),
    ];

    /// <summary>Paragraph status per section: stacked horizontal bars on one scale (the largest section fills the width), with a legend.</summary>
    public static string StatusPerSection(IReadOnlyList<SectionStatusBar> sections, string title = "Paragraph status per section")
    {
        const double labelWidth = 220, barWidth = 400, rowHeight = 28, barHeight = 18, top = 74;
        var max = Math.Max(1, sections.Count == 0 ? 0 : sections.Max(s => s.Counts.Total));
        var height = top + Math.Max(1, sections.Count) * rowHeight + 16;

        var legendX = 12.0;
        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"));
        foreach (var (_, label, colour) in StatusLegend)
        {
            legend.Add(new XElement(Svg + "g",
                new XElement(Svg + "rect", Attr("x", legendX), Attr("y", 36), Attr("width", 12), Attr("height", 12), new XAttribute("fill", colour)),
                Text(legendX + 18, 46, label, "start", 12)));
            legendX += 18 + label.Length * 7 + 18;
        }

        var rows = sections.Select((section, i) =>
        {
            var y = top + i * rowHeight;
            var x = labelWidth;
            var segments = new List<XElement>();
            foreach (var (status, label, colour) in StatusLegend)
            {
                var count = section.Counts[status];
                if (count == 0) continue;
                var w = count / (double)max * barWidth;
                segments.Add(new XElement(Svg + "rect", Attr("x", x), Attr("y", y), Attr("width", w), Attr("height", barHeight),
                    new XAttribute("fill", colour), new XAttribute("data-status", status.ToString()),
                    new XElement(Svg + "title", Clean($"{section.Label}: {label}, {Count(count, "paragraph")}"))));
                x += w;
            }
            return new XElement(Svg + "g", new XAttribute("class", "section"),
                new XElement(Svg + "title", Clean($"{section.Label}: {Count(section.Counts.Total, "paragraph")}")),
                Text(labelWidth - 8, y + 13, Shorten(section.Label, 32), "end", 12),
                segments,
                Text(x + 6, y + 13, section.Counts.Total.ToString(CultureInfo.InvariantCulture), "start", 12));
        });

        var description = sections.Count == 0
            ? "The draft has no sections yet."
            : string.Join(" ", sections.Select(s =>
                $"{s.Label}: {string.Join(", ", StatusLegend.Where(l => s.Counts[l.Status] > 0).Select(l => $"{s.Counts[l.Status]} {l.Label.ToLowerInvariant()}").DefaultIfEmpty("no paragraphs"))}."));

        return Document(height, title, description,
            Text(12, 22, title, "start", 16, bold: true),
            legend,
            sections.Count == 0 ? Text(12, top + 13, "No sections yet.", "start", 12) : null,
            rows);
    }

    /// <summary>Brackets across revisions: a line with a point per revision, labelled with its count, on a scale from zero.</summary>
    public static string BracketBurndown(IReadOnlyList<RevisionBracketCount> revisions, string title = "Brackets across revisions")
    {
        const double height = 320, left = 64, right = 56, top = 48, bottom = 56;
        var plotWidth = Width - left - right;
        var plotHeight = height - top - bottom;
        var highest = revisions.Count == 0 ? 0 : revisions.Max(r => r.Brackets);
        var step = NiceStep(highest);
        var ticks = Math.Max(1, (int)Math.Ceiling(highest / (double)step));
        var max = step * ticks;

        double X(int i) => revisions.Count == 1 ? left + plotWidth / 2 : left + i * plotWidth / (revisions.Count - 1);
        double Y(int count) => top + plotHeight - count / (double)max * plotHeight;

        var grid = Enumerable.Range(0, ticks + 1).Select(t => new XElement(Svg + "g", new XAttribute("class", "tick"),
            new XElement(Svg + "line", Attr("x1", left), Attr("x2", left + plotWidth), Attr("y1", Y(t * step)), Attr("y2", Y(t * step)),
                new XAttribute("stroke", t == 0 ? "#333333" : "#dddddd")),
            Text(left - 8, Y(t * step) + 4, (t * step).ToString(CultureInfo.InvariantCulture), "end", 11)));

        var points = revisions.Select((r, i) => new XElement(Svg + "g", new XAttribute("class", "revision"),
            new XElement(Svg + "circle", Attr("cx", X(i)), Attr("cy", Y(r.Brackets)), Attr("r", 4), new XAttribute("fill", "#d55e00"),
                new XElement(Svg + "title", Clean($"{r.Revision}: {Count(r.Brackets, "bracket")}"))),
            Text(X(i), Y(r.Brackets) - 10, r.Brackets.ToString(CultureInfo.InvariantCulture), "middle", 11),
            Text(X(i), top + plotHeight + 20, Shorten(r.Revision, 14), "middle", 11)));

        var line = revisions.Count > 1
            ? new XElement(Svg + "polyline", new XAttribute("fill", "none"), new XAttribute("stroke", "#d55e00"), new XAttribute("stroke-width", "2"),
                new XAttribute("points", string.Join(" ", revisions.Select((r, i) => $"{Num(X(i))},{Num(Y(r.Brackets))}"))))
            : null;

        var description = revisions.Count == 0
            ? "No revisions yet."
            : "Brackets in each revision: " + string.Join(", ", revisions.Select(r => $"{r.Revision} {r.Brackets}")) + ".";

        return Document(height, title, description,
            Text(12, 22, title, "start", 16, bold: true),
            grid,
            line,
            points,
            revisions.Count == 0 ? Text(left + plotWidth / 2, top + plotHeight / 2, "No revisions yet.", "middle", 12) : null,
            Text(left + plotWidth / 2, height - 10, "Revision", "middle", 11),
            new XElement(Svg + "text", Attr("x", 14), Attr("y", top + plotHeight / 2), new XAttribute("font-size", "11"),
                new XAttribute("text-anchor", "middle"), new XAttribute("transform", $"rotate(-90 14 {Num(top + plotHeight / 2)})"), "Brackets"));
    }

    /// <summary>A step of 1, 2 or 5 times a power of ten such that at most four steps cover <paramref name="max"/>.</summary>
    private static int NiceStep(int max)
    {
        var raw = Math.Max(1, (int)Math.Ceiling(max / 4.0));
        for (var power = 1; ; power *= 10)
            foreach (var factor in new[] { 1, 2, 5 })
                if (factor * power >= raw) return factor * power;
    }

    private static string Document(double height, string title, string description, params object?[] content)
    {
        var svg = new XElement(Svg + "svg",
            new XAttribute("width", Num(Width)), new XAttribute("height", Num(height)), new XAttribute("viewBox", $"0 0 {Num(Width)} {Num(height)}"),
            new XAttribute("role", "img"), new XAttribute("aria-labelledby", "chart-title chart-desc"), new XAttribute("font-family", "sans-serif"),
            new XElement(Svg + "title", new XAttribute("id", "chart-title"), Clean(title)),
            new XElement(Svg + "desc", new XAttribute("id", "chart-desc"), Clean(description)),
            new XElement(Svg + "rect", Attr("x", 0), Attr("y", 0), Attr("width", Width), Attr("height", height), new XAttribute("fill", "#ffffff")),
            content);
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Text(double x, double y, string text, string anchor, int size, bool bold = false) =>
        new(Svg + "text", Attr("x", x), Attr("y", y), new XAttribute("font-size", size.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("text-anchor", anchor), bold ? new XAttribute("font-weight", "bold") : null, Clean(text));

    private static XAttribute Attr(string name, double value) => new(name, Num(value));

    /// <summary>At most two decimals, invariant culture, no trailing zeros.</summary>
    public static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML cannot carry (control characters, lone surrogates); escaping the rest is the writer's job.</summary>
    private static string Clean(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) builder.Append(text, i++, 2);
            else if (System.Xml.XmlConvert.IsXmlChar(text[i])) builder.Append(text[i]);
        }
        return builder.ToString();
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>Shortens to <paramref name="max"/> text elements, never splitting a surrogate pair or a combining sequence.</summary>
    private static string Shorten(string text, int max)
    {
        var info = new StringInfo(text);
        return info.LengthInTextElements <= max ? text : info.SubstringByTextElements(0, max - 1) + "…";
    }
}
