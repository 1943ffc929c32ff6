using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.UnitTests.Drafts;

namespace GgeWorkspace.UnitTests.Amendments;

public sealed class TextMergeTests
{
    // "|" never occurs in generated text, so a diff cannot slide an edit across it.
    private const string Separator = "|";

    private static Arbitrary<(string Base, string Proposed)> BaseAndProposed() =>
        TextGen.Text().SelectMany(_ => Gen.Choose(0, int.MaxValue), (text, seed) =>
            (text, TextOperation.Apply(text, TextGen.RandomOperation(text, new Random(seed))))).ToArbitrary();

    private static Arbitrary<(string Left, string Right, string LeftEdited, string RightEdited)> TwoRegions() =>
        Gen.Two(TextGen.Text()).SelectMany(_ => Gen.Two(Gen.Choose(0, int.MaxValue)), (texts, seeds) =>
        {
            var (left, right) = texts;
            return (left, right,
                TextOperation.Apply(left, TextGen.RandomOperation(left, new Random(seeds.Item1))),
                TextOperation.Apply(right, TextGen.RandomOperation(right, new Random(seeds.Item2))));
        }).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Merging_into_an_unchanged_paragraph_gives_the_amendments_text() =>
        Prop.ForAll(BaseAndProposed(), t =>
            TextMerge.Merge(t.Base, t.Base, t.Proposed) is MergeResult.Merged merged && merged.Text == t.Proposed);

    [Property(MaxTest = 300)]
    public Property Merging_edits_in_disjoint_regions_keeps_both() =>
        Prop.ForAll(TwoRegions(), t =>
        {
            var baseText = t.Left + Separator + t.Right;
            var current = t.LeftEdited + Separator + t.Right;
            var proposed = t.Left + Separator + t.RightEdited;
            var expected = t.LeftEdited + Separator + t.RightEdited;
            var currentSideOnRight = TextMerge.Merge(baseText, proposed, current);
            return TextMerge.Merge(baseText, current, proposed) is MergeResult.Merged merged && merged.Text == expected
                && TextOperation.Apply(current, merged.OperationOnCurrent) == expected
                && currentSideOnRight is MergeResult.Merged swapped && swapped.Text == expected;
        });

    [Property(MaxTest = 300)]
    public Property The_same_change_on_both_sides_is_taken_once() =>
        Prop.ForAll(BaseAndProposed(), t =>
            TextMerge.Merge(t.Base, t.Proposed, t.Proposed) is MergeResult.Merged merged && merged.Text == t.Proposed);

    [Theory]
    [InlineData("核查十分重要。", "核查非常重要。", "核查极其重要。")]
    [InlineData("The Group welcomed 😀 the report.", "The Group welcomed 👍🏽 the report.", "The Group welcomed 🇺🇳 the report.")]
    [InlineData("الفريق رحب بالتقرير", "الفريق رحب كثيرا بالتقرير", "الفريق رحب جدا بالتقرير")]
    public void Overlapping_changes_conflict_with_the_three_texts(string baseText, string current, string proposed)
    {
        var conflict = Assert.IsType<MergeResult.Conflict>(TextMerge.Merge(baseText, current, proposed));
        Assert.Equal((baseText, current, proposed), (conflict.BaseText, conflict.CurrentText, conflict.ProposedText));
    }

    [Fact]
    public void Two_insertions_at_the_same_point_conflict_because_their_order_is_a_guess()
    {
        Assert.IsType<MergeResult.Conflict>(TextMerge.Merge("ab", "aXb", "aYb"));
    }

    [Fact]
    public void Edits_that_touch_conflict()
    {
        Assert.IsType<MergeResult.Conflict>(TextMerge.Merge("one two", "one", "one two three"));
    }

    [Fact]
    public void Separate_changes_in_chinese_emoji_and_combining_marks_merge()
    {
        var merged = Assert.IsType<MergeResult.Merged>(TextMerge.Merge("核查 é 😀 中文", "核查核查 é 😀 中文", "核查 é 😀 中文字"));
        Assert.Equal("核查核查 é 😀 中文字", merged.Text);
    }
}
