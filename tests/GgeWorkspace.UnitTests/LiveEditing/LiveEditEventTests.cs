using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.Text;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>
/// A live edit is a <see cref="ParagraphTextEdited"/>; one stored earlier as a <see cref="ParagraphTextChanged"/> of kind
/// LiveEdit means the same to every reader.
/// </summary>
public sealed class LiveEditEventTests
{
    private static readonly Guid GroupId = Guid.Parse("0190a000-0000-7000-8000-0000000000a1");
    private static readonly Guid DraftId = Guid.Parse("0190a000-0000-7000-8000-0000000000d1");
    private static readonly Guid ParagraphId = Guid.Parse("0190a000-0000-7000-8000-0000000000b1");
    private static readonly DateTimeOffset At = new(2019, 3, 11, 10, 0, 0, TimeSpan.Zero);
    private const string Text = "التحقق 核查 🔍 e\u0301";
    private static readonly Actor Canada = new("demo-expert-can", MemberRole.Expert, "Canada");

    private static Paragraph Added() =>
        Paragraph.From(new ParagraphAdded(GroupId, DraftId, ParagraphId, Text, "demo-chair", null, At));

    private static TextOperation Appending(string text, string appended) => TextOperation.Empty.Retain(CodePoints.Length(text)).Insert(appended);

    [Fact]
    public void A_live_edit_is_stored_as_ParagraphTextEdited_with_its_author_base_version_and_client_operation_id()
    {
        var (events, applied) = ParagraphDecisions.LiveEdit(Added(), Appending(Text, " 👩🏽‍⚖️"), 0, Canada, "can-1", At, 20_000);

        var edited = Assert.IsType<ParagraphTextEdited>(Assert.Single(events));
        Assert.Equal((0L, "demo-expert-can", "Canada", "can-1", At), (edited.BaseTextVersion, edited.AuthorSub, edited.AuthorState, edited.ClientOperationId, edited.EditedAt));
        Assert.Equal(applied, edited.Operation);
        Assert.True(LiveEdits.IsKeystroke(edited));
    }

    [Fact]
    public void A_live_edit_that_transforms_into_nothing_still_takes_a_version()
    {
        var state = Added();
        // Another delegation deleted the whole text meanwhile: the edit made on version 0 now deletes nothing.
        state = Paragraph.Evolve(state, new ParagraphTextChanged(GroupId, DraftId, ParagraphId, TextOperation.Empty.Delete(CodePoints.Length(Text)),
            0, TextChangeKind.Replaced, "demo-chair", null, At))!;
        var (events, _) = ParagraphDecisions.LiveEdit(state, TextOperation.Empty.Delete(2).Retain(CodePoints.Length(Text) - 2), 0, Canada, "can-1", At, 20_000);

        var edited = Assert.IsType<ParagraphTextEdited>(Assert.Single(events));
        Assert.Equal(1, edited.BaseTextVersion);
        Assert.Equal(2, Paragraph.Evolve(state, edited)!.TextVersion);
    }

    [Fact]
    public void A_live_edit_stored_as_a_LiveEdit_text_change_gives_the_same_paragraph_as_a_ParagraphTextEdited()
    {
        var operations = new[] { Appending(Text, " ok"), TextOperation.Empty.Delete(7).Retain(CodePoints.Length(Text) - 7 + 3) };
        Paragraph Replay(Func<TextOperation, long, object> stored) =>
            operations.Select((o, i) => stored(o, i)).Aggregate(Added(), (p, e) => Paragraph.Replay(p, ParagraphId, 1, e)!);

        var old = Replay((o, v) => new ParagraphTextChanged(GroupId, DraftId, ParagraphId, o, v, TextChangeKind.LiveEdit, "demo-expert-can", "Canada", At, $"can-{v}"));
        var edited = Replay((o, v) => new ParagraphTextEdited(GroupId, DraftId, ParagraphId, o, v, "demo-expert-can", "Canada", At, $"can-{v}"));

        Assert.Equal("核查 🔍 e\u0301 ok", edited.Text);
        Assert.Equal(old.Text, edited.Text);
        Assert.Equal(old.TextVersion, edited.TextVersion);
        Assert.Equal(old.Authorship, edited.Authorship);
        Assert.Equal(old.RecentOperations, edited.RecentOperations);
        Assert.False(edited.IsDamaged);
    }

    [Fact]
    public void A_live_edit_that_does_not_fit_damages_the_paragraph_like_any_text_change()
    {
        var misfit = new ParagraphTextEdited(GroupId, DraftId, ParagraphId, Appending(Text + "12345", "!"), 0, "demo-expert-can", null, At, "can-1");

        var damaged = Paragraph.Replay(Added(), ParagraphId, 42, misfit)!;

        Assert.Equal(42, damaged.Damage?.Sequence);
        Assert.Contains(nameof(ParagraphTextEdited), damaged.Damage!.Reason, StringComparison.Ordinal);
        Assert.Equal(Text, damaged.Text);
    }

    [Fact]
    public void A_stored_live_edit_round_trips_byte_exact_and_reads_as_a_text_change_with_the_same_operation_versions_author_and_client_id()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var e = new ParagraphTextEdited(GroupId, DraftId, ParagraphId, TextOperation.Empty.Retain(2).Insert("التحقق 核查 👩🏽‍⚖️ e\u0301").Delete(1),
            4, "demo-expert-can", "Canada", At, "can-7");

        var json = JsonSerializer.Serialize(e, options);
        Assert.Equal(e, JsonSerializer.Deserialize<ParagraphTextEdited>(json, options));
        Assert.Null(StoredEventRules.Problem(e));

        // The sequencer's stored-operation queries read rows of both types into one shape.
        var asChange = JsonSerializer.Deserialize<ParagraphTextChanged>(json, options)!;
        Assert.Equal((e.Operation, e.BaseTextVersion, e.AuthorSub, e.AuthorState, e.ClientOperationId),
            (asChange.Operation, asChange.BaseTextVersion, asChange.AuthorSub, asChange.AuthorState, asChange.ClientOperationId));
    }
}
