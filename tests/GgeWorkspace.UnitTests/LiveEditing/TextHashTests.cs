using GgeWorkspace.Client.Live;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>The text hash clients compare their copy of the server's text with, and what a paragraph document does when it differs.</summary>
public sealed class TextHashTests
{
    [Theory]
    [InlineData("", "ef46db3751d8e999")]
    [InlineData("a", "d24ec4f1a98c6e5b")]
    [InlineData("abc", "44bc2cf5ad770999")]
    [InlineData("Verification 核查", "f32edaeaf98e20c3")]
    public void The_text_hash_is_xxhash64_of_the_utf8_bytes_with_seed_zero_as_sixteen_lowercase_hex_digits(string text, string expected) =>
        Assert.Equal(expected, TextHash.Of(text));

    [Fact]
    public void The_text_hash_tells_apart_texts_equal_only_after_unicode_normalization()
    {
        Assert.NotEqual(TextHash.Of("\u00e9"), TextHash.Of("e\u0301"));
    }

    private static CommittedOperation Remote(long version, string before, string inserted, string after) =>
        new(version, $"other-{version}", "demo-expert-chn", TextOperation.Empty.Retain(CodePoints.Length(before)).Insert(inserted), TextHash.Of(after));

    [Fact]
    public void A_committed_operation_whose_hash_does_not_match_the_text_held_marks_the_document_diverged_and_stops_applying()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "Verifixation", 4, "demo-expert-can");

        document.Receive([Remote(5, "Verification", " 核查", "Verification 核查")]);
        document.Receive([Remote(6, "Verification 核查", "!", "Verification 核查!")]);

        Assert.True(document.Diverged);
        Assert.Equal(5, document.Version);
        Assert.Equal(6, document.MissingVersion);
    }

    [Fact]
    public void Only_the_last_hash_of_a_run_of_received_operations_is_checked_as_it_describes_the_text_held()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "Verifixation", 4, "demo-expert-can");

        // The tampered characters are deleted by the second operation: the text held at version 6 is the server's.
        document.Receive([Remote(5, "Verification", " 核查", "Verification 核查"),
            new CommittedOperation(6, "other-6", "demo-expert-chn", TextOperation.Empty.Delete(12).Retain(3), TextHash.Of(" 核查"))]);

        Assert.False(document.Diverged);
        Assert.Equal((6, " 核查"), (document.Version, document.ServerText));
    }

    [Fact]
    public void Rebasing_on_the_whole_text_after_a_divergence_keeps_pending_edits_and_applies_what_waited()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "Verifixation", 4, "demo-expert-can");
        var sent = new List<PendingOperationState>();
        document.ReadyToSend += sent.Add;
        document.Edit(TextOperation.Empty.Insert("¶ ").Retain(12));
        document.Receive([Remote(5, "Verification", " 核查", "Verification 核查")]);
        document.Receive([Remote(6, "Verification 核查", "!", "Verification 核查!")]);
        Assert.True(document.Diverged);

        var resend = document.Rebase("Verification 核查", 5);

        Assert.True(resend);
        Assert.False(document.Diverged);
        Assert.Equal(6, document.Version);
        Assert.Equal("Verification 核查!", document.ServerText);
        Assert.Equal("¶ Verification 核查!", document.Text);
        Assert.Equal(TextOperation.Empty.Insert("¶ ").Retain(16), document.InFlight!.Operation);
        Assert.Single(sent);
    }

    [Fact]
    public void A_resent_operation_the_whole_text_already_held_comes_out_of_the_local_text_again()
    {
        var document = new ParagraphDocument(Guid.NewGuid(), "abc", 1, "demo-expert-can");
        document.Edit(TextOperation.Empty.Retain(3).Insert("X"));
        var id = document.InFlight!.ClientOperationId;
        document.Edit(TextOperation.Empty.Retain(4).Insert("Y"));

        // The whole text at version 2 holds X (committed, its broadcast lost); rebasing adds it once more locally.
        document.Rebase("abcX", 2);
        document.SettleCommittedInFlight(id);

        Assert.Equal("abcXY", document.Text);
        Assert.Equal(TextOperation.Empty.Retain(4).Insert("Y"), document.InFlight!.Operation);
    }
}
