using System.Globalization;
using System.Xml.Linq;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly SectionStatusBar[] Bars =
    [
        new("I. Introduction", new StatusCounts(1, 2, 0, 3, 0)),
        new("II. Conclusions & <recommendations>", new StatusCounts(0, 4, 1, 0, 1)),
        new("III. التحقق من نزع السلاح النووي 核裁军核查", new StatusCounts(0, 0, 0, 2, 0)),
    ];

    private static readonly RevisionBracketCount[] Revisions = [new("Zero draft", 41), new("Rev.1", 27), new("Rev.2", 9), new("Rev.3", 0)];

    [Fact]
    public void The_status_chart_is_well_formed_SVG_with_a_title_a_description_a_legend_and_a_bar_per_section()
    {
        var svg = XDocument.Parse(ConsensusCharts.StatusPerSection(Bars)).Root!;

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Paragraph status per section", svg.Element(Svg + "title")!.Value);
        Assert.Contains("I. Introduction: 1 proposed, 2 under negotiation, 3 agreed.", svg.Element(Svg + "desc")!.Value);
        Assert.Equal(5, svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(Svg + "g").Count());

        var sections = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "section").ToList();
        Assert.Equal(3, sections.Count);
        Assert.Equal(["Proposed", "UnderNegotiation", "Agreed"], sections[0].Elements(Svg + "rect").Select(r => (string)r.Attribute("data-status")!));
        Assert.Equal(3, sections[1].Elements(Svg + "rect").Count());
    }

    [Fact]
    public void Bars_share_one_scale_so_the_largest_section_is_the_widest()
    {
        var sections = XDocument.Parse(ConsensusCharts.StatusPerSection(Bars)).Root!.Descendants(Svg + "g")
            .Where(g => (string?)g.Attribute("class") == "section").ToList();
        double Width(XElement section) => section.Elements(Svg + "rect").Sum(r => double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture));

        Assert.Equal(400, Width(sections[0]), 1);
        Assert.Equal(400, Width(sections[1]), 1);
        Assert.Equal(400 * 2 / 6.0, Width(sections[2]), 1);
    }

    [Fact]
    public void Chart_text_is_escaped_and_survives_in_any_language()
    {
        var text = ConsensusCharts.StatusPerSection(Bars, "Status <draft> & \u0001more");

        Assert.Contains("&lt;recommendations&gt;", text);
        Assert.Contains("Conclusions &amp;", text);
        var svg = XDocument.Parse(text).Root!;
        Assert.Equal("Status <draft> & more", svg.Element(Svg + "title")!.Value);
        Assert.Contains("التحقق من نزع السلاح النووي 核裁军核查", svg.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void Charts_are_the_same_whatever_the_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var invariant = (ConsensusCharts.StatusPerSection(Bars), ConsensusCharts.BracketBurndown(Revisions));
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            Assert.Equal(invariant, (ConsensusCharts.StatusPerSection(Bars), ConsensusCharts.BracketBurndown(Revisions)));
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            Assert.Equal(invariant, (ConsensusCharts.StatusPerSection(Bars), ConsensusCharts.BracketBurndown(Revisions)));
            Assert.DoesNotContain(",5", invariant.Item1);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void The_burndown_has_a_point_per_revision_joined_by_a_line()
    {
        var svg = XDocument.Parse(ConsensusCharts.BracketBurndown(Revisions)).Root!;

        Assert.Equal("Brackets across revisions", svg.Element(Svg + "title")!.Value);
        Assert.Equal("Brackets in each revision: Zero draft 41, Rev.1 27, Rev.2 9, Rev.3 0.", svg.Element(Svg + "desc")!.Value);
        var points = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "revision").ToList();
        Assert.Equal(4, points.Count);
        Assert.Equal("Rev.1: 27 brackets", points[1].Element(Svg + "circle")!.Element(Svg + "title")!.Value);
        Assert.Equal(4, ((string)svg.Descendants(Svg + "polyline").Single().Attribute("points")!).Split(' ').Length);

        var ys = points.Select(p => double.Parse((string)p.Element(Svg + "circle")!.Attribute("cy")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ys.OrderBy(y => y), ys);
        Assert.All(ys, y => Assert.InRange(y, 48, 264));

        var scale = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "tick").Select(g => g.Element(Svg + "text")!.Value);
        Assert.Equal(["0", "20", "40", "60"], scale);
    }

    [Fact]
    public void Empty_charts_are_still_well_formed()
    {
        Assert.Equal("No revisions yet.", XDocument.Parse(ConsensusCharts.BracketBurndown([])).Root!.Element(Svg + "desc")!.Value);
        Assert.Empty(XDocument.Parse(ConsensusCharts.BracketBurndown([new("Zero draft", 3)])).Root!.Descendants(Svg + "polyline"));
        Assert.Equal("The draft has no sections yet.", XDocument.Parse(ConsensusCharts.StatusPerSection([])).Root!.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void The_status_chart_draws_the_dashboards_top_level_sections_with_their_sub_sections()
    {
        var view = ConsensusDashboard.Build(Draft(), Paragraphs(
                Paragraph(P(1), ParagraphStatus.Agreed), Paragraph(P(2), ParagraphStatus.UnderNegotiation), Paragraph(P(3), ParagraphStatus.Proposed),
                Paragraph(P(4), ParagraphStatus.Parked), Paragraph(P(5), ParagraphStatus.Agreed)),
            new Dictionary<Guid, ParagraphPositions>(), new Dictionary<Guid, int>(), [], Now);

        Assert.Equal(
            [new SectionStatusBar("I. Introduction", new StatusCounts(1, 1, 0, 1, 0)), new SectionStatusBar("II. Conclusions & recommendations", new StatusCounts(0, 0, 0, 1, 1))],
            ConsensusCharts.StatusBars(view));
    }
}
