using GgeWorkspace.Client.Live;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>What a paragraph document tells its session about a version gap, and how a catch-up closes it.</summary>
public sealed class VersionGapTests
{
    private static CommittedOperation Insert(long version, string before, string text) =>
        new(version, $"other-{version}", "demo-expert-chn", TextOperation.Empty.Retain(CodePoints.Length(before)).Insert(text));

    [Fact]
    public void An_operation_received_ahead_of_a_missing_version_waits_and_names_the_missing_version()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "核查", 0, "demo-expert-can");
        Assert.Null(document.MissingVersion);

        document.Receive([Insert(2, "核查😀", " التحقق")]);

        Assert.Equal(1, document.MissingVersion);
        Assert.Equal("核查", document.Text);
        Assert.Equal(0, document.Version);
    }

    [Fact]
    public void A_catch_up_from_the_version_held_closes_the_gap_and_applies_what_waited_once()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "核查", 0, "demo-expert-can");
        document.Edit(TextOperation.Empty.Insert("e\u0301 ").Retain(2));
        var waited = Insert(2, "核查😀", " التحقق");
        document.Receive([waited, Insert(3, "核查😀 التحقق", "!")]);

        // The catch-up answers every version after the one held, the waiting ones included.
        document.Receive([Insert(1, "核查", "😀"), waited]);

        Assert.Null(document.MissingVersion);
        Assert.Equal(3, document.Version);
        Assert.Equal("e\u0301 核查😀 التحقق!", document.Text);
        Assert.Equal("核查😀 التحقق!", document.ServerText);
        Assert.NotNull(document.InFlight);
        Assert.Equal(3, document.InFlight!.BaseVersion);
    }

    [Fact]
    public void A_whole_text_catch_up_closes_the_gap_and_what_waited_beyond_it_still_applies()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "ab", 0, "demo-expert-can");
        document.Receive([Insert(3, "ab12", "3"), Insert(5, "ab1234", "5")]);
        Assert.Equal(1, document.MissingVersion);

        document.Reset("ab12", 2);

        Assert.Equal(3, document.Version);
        Assert.Equal("ab123", document.Text);
        Assert.Equal(4, document.MissingVersion);
    }
}
