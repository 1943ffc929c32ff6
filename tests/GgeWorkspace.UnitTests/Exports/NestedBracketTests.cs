using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;

namespace GgeWorkspace.UnitTests.Exports;

/// <summary>Every nesting the service allows (it refuses crossing brackets) is rendered as nesting, with a mark at each real end.</summary>
public sealed class NestedBracketTests
{
    // Code points: "The Group " 0..10, "welcomed" 10..18, " the report " 18..30, ...
    private const string Text = "The Group welcomed the report of the Secretary-General.";

    [Theory]
    [InlineData(8, 25, 10, 19, "The Grou[p [welcomed ]the re]port of the Secretary-General.")]
    [InlineData(10, 30, 10, 18, "The Group [[welcomed] the report ]of the Secretary-General.")]
    [InlineData(10, 30, 18, 30, "The Group [welcomed[ the report ]]of the Secretary-General.")]
    [InlineData(10, 18, 10, 18, "The Group [[welcomed]] the report of the Secretary-General.")]
    public void Brackets_inside_others_or_sharing_an_end_with_them_are_rendered_as_nesting(int outerStart, int outerEnd, int innerStart, int innerEnd, string marked)
    {
        var nodes = BracketedText.Of(Text, [new ExportBracket(innerStart, innerEnd, BracketKind.Trading), new ExportBracket(outerStart, outerEnd, BracketKind.Contentious)]);

        Assert.Equal(marked, BracketedText.Marked(nodes));
        var outer = Assert.Single(nodes.OfType<BracketNode>());
        Assert.True(outer.Opens && outer.Closes);
        Assert.Contains(outer.Children, n => n is BracketNode { Opens: true, Closes: true });
    }
}
