namespace GgeWorkspace.UnitTests.Drafts;

/// <summary>What reads as one character, in code point positions: the boundaries a bracket may stand on.</summary>
public sealed class GraphemeClusterTests
{
    [Theory]
    // A letter and its combining acute accent are one cluster.
    [InlineData("cafe\u0301", new[] { 0, 1, 2, 3, 5 })]
    // Woman ZWJ woman ZWJ girl: five code points, one cluster; then a space and a flag of two regional indicators.
    [InlineData("\U0001F469\u200D\U0001F469\u200D\U0001F467 \U0001F1FA\U0001F1F3", new[] { 0, 5, 6, 8 })]
    // Arabic letters with their vowel marks.
    [InlineData("\u0628\u0650\u0633\u0652", new[] { 0, 2, 4 })]
    // Chinese characters, one each, including one outside the Basic Multilingual Plane.
    [InlineData("核查\U00020BB7", new[] { 0, 1, 2, 3 })]
    [InlineData("", new[] { 0 })]
    public void Cluster_boundaries_are_counted_in_code_points(string text, int[] boundaries)
    {
        Assert.Equal(boundaries, GraphemeClusters.Boundaries(text));
    }

    [Theory]
    [InlineData(0, 4, 0, 5)]
    [InlineData(4, 5, 3, 5)]
    [InlineData(1, 3, 1, 3)]
    [InlineData(4, 4, 3, 5)]
    public void Widening_moves_a_start_back_and_an_end_forward_to_whole_clusters(int start, int end, int widenedStart, int widenedEnd)
    {
        Assert.Equal((widenedStart, widenedEnd), GraphemeClusters.Widen("cafe\u0301", start, end));
    }
}
