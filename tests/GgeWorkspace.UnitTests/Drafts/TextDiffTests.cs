namespace GgeWorkspace.UnitTests.Drafts;

public sealed class TextDiffTests
{
    [Fact]
    public void Very_different_texts_are_one_replacement_between_their_common_prefix_and_suffix()
    {
        // A Latin paragraph replaced by a Chinese one: far more than the diff's limit of edits apart.
        var random = new Random(7);
        var oldMiddle = string.Join(' ', Enumerable.Range(0, 400).Select(_ => random.Next(100_000).ToString("x", null)));
        var newMiddle = new string([.. Enumerable.Range(0, 1500).Select(_ => (char)(0x4E00 + random.Next(2000)))]);

        var op = TextOperation.FromDiff("The Group [" + oldMiddle + "].", "The Group [" + newMiddle + "].");

        Assert.Equal(TextOperation.Empty.Retain(11).Insert(newMiddle).Delete(CodePoints.Length(oldMiddle)).Retain(2), op);
    }

    [Fact]
    public void Texts_within_the_edit_limit_keep_every_code_point_they_share()
    {
        var text = string.Concat(Enumerable.Repeat("The Group recalls 😀 the 报告 of the Secretary-General. ", 100));
        var edited = text.Replace("报告", "报告书", StringComparison.Ordinal);

        var op = TextOperation.FromDiff(text, edited);

        Assert.Equal(100, op.Components.OfType<TextComponent.Insert>().Count(i => i.Text == "书"));
        Assert.DoesNotContain(op.Components, c => c is TextComponent.Delete);
        Assert.Equal(edited, TextOperation.Apply(text, op));
    }
}
