using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.Text;

namespace GgeWorkspace.UnitTests.Drafts;

/// <summary>How a replay of history treats an event it cannot apply: the paragraph is damaged, the same way every time, until repaired.</summary>
public sealed class ParagraphDamageTests
{
    private static readonly Guid GroupId = Guid.Parse("0190a000-0000-7000-8000-0000000000a1");
    private static readonly Guid DraftId = Guid.Parse("0190a000-0000-7000-8000-0000000000d1");
    private static readonly Guid ParagraphId = Guid.Parse("0190a000-0000-7000-8000-0000000000b1");
    private static readonly DateTimeOffset At = new(2019, 3, 11, 10, 0, 0, TimeSpan.Zero);
    private const string Text = "التحقق 核查 🔍 e\u0301";

    private static ParagraphTextChanged Change(TextOperation operation, long baseVersion) =>
        new(GroupId, DraftId, ParagraphId, operation, baseVersion, TextChangeKind.LiveEdit, "demo-expert-can", "CAN", At);

    private static IReadOnlyList<(long Sequence, object Data)> History(string restoredText) =>
    [
        (10, new ParagraphAdded(GroupId, DraftId, ParagraphId, Text, "demo-chair", null, At)),
        (11, Change(TextOperation.Empty.Retain(CodePoints.Length(Text)).Insert(" ok"), 0)),
        // Does not fit: the base length is 5 more than the text.
        (12, Change(TextOperation.Empty.Retain(CodePoints.Length(Text) + 8).Insert("!"), 1)),
        (13, Change(TextOperation.Empty.Retain(CodePoints.Length(Text) + 3).Insert(" later"), 2)),
        (14, new ParagraphRepaired(GroupId, DraftId, ParagraphId, [12], restoredText, ParagraphStatus.Proposed, [], [],
            AuthorshipRuns.Initial(restoredText, ParagraphRepairs.OperatorSub, null, At), 3, 1, "Row edited by hand", At)),
        (15, Change(TextOperation.Empty.Retain(CodePoints.Length(restoredText)).Insert(" ✓"), 3)),
    ];

    private static Paragraph? Replay(IEnumerable<(long Sequence, object Data)> events) =>
        events.Aggregate((Paragraph?)null, (p, e) => Paragraph.Replay(p, ParagraphId, e.Sequence, e.Data));

    [Fact]
    public void A_change_that_does_not_fit_damages_the_paragraph_naming_its_sequence_and_holds_every_later_event()
    {
        var damaged = Replay(History(Text).Take(4))!;
        Assert.Equal(12, damaged.Damage?.Sequence);
        Assert.Contains("ParagraphTextChanged", damaged.Damage!.Reason, StringComparison.Ordinal);
        Assert.Equal(Text + " ok", damaged.Text);
        Assert.Equal(1, damaged.TextVersion);
        var problem = DraftReplay.DamageIn([damaged]);
        Assert.Equal(ParagraphId, problem?.ParagraphId);
        Assert.Equal(12, problem?.Sequence);
    }

    [Fact]
    public void A_repair_restores_the_paragraph_and_every_replay_gives_the_same_state()
    {
        var first = Replay(History(Text + " ok"))!;
        var second = Replay(History(Text + " ok"))!;
        Assert.Null(first.Damage);
        Assert.Equal(Text + " ok ✓", first.Text);
        Assert.Equal(4, first.TextVersion);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first), System.Text.Json.JsonSerializer.Serialize(second));
    }

    [Fact]
    public void Writes_apply_strictly_so_a_change_that_does_not_fit_is_refused_and_never_becomes_damage()
    {
        var paragraph = Paragraph.Evolve(null, History(Text)[0].Data)!;
        Assert.Throws<TextOperationException>(() => Paragraph.Evolve(paragraph, Change(TextOperation.Empty.Retain(99).Insert("x"), 0)));
    }

    [Fact]
    public void A_damaged_paragraph_answers_its_members_with_the_damage_and_strangers_with_not_found()
    {
        var damaged = Replay(History(Text).Take(3))!;
        var refused = Assert.Throws<ParagraphDamagedException>(() => damaged.InDraft(GroupId, DraftId));
        Assert.Equal(12, refused.Sequence);
        Assert.Throws<NotFoundException>(() => damaged.InDraft(Guid.NewGuid(), DraftId));
    }

    [Fact]
    public void The_stored_event_rules_refuse_missing_fields_and_operations_no_text_fits()
    {
        Assert.Null(StoredEventRules.Problem(Change(TextOperation.Empty.Retain(3).Insert("x").Delete(2), 0)));
        Assert.Equal("Text is missing", StoredEventRules.Problem(new ParagraphAdded(GroupId, DraftId, ParagraphId, null!, "demo-chair", null, At)));
        Assert.Equal("Operation is missing", StoredEventRules.Problem(Change(null!, 0)));
        Assert.True(StoredEventRules.IsProductEvent(typeof(ParagraphRepaired)));
        Assert.False(StoredEventRules.IsProductEvent(typeof(Paragraph)));
    }

    [Fact]
    public void A_row_of_an_unknown_event_type_damages_the_paragraph_and_a_draft_replay_names_its_stream()
    {
        var unknown = UnreadableEvents.StandIn(typeof(UnknownStoredEvent), new UnreadableEvent(ParagraphId, 12, "no_such_event", "unknown"));
        var damaged = Replay([.. History(Text).Take(2), (12, unknown), (13, Change(TextOperation.Empty.Retain(CodePoints.Length(Text) + 3).Insert(" later"), 2))])!;
        Assert.Equal(12, damaged.Damage?.Sequence);
        Assert.Contains("no_such_event", damaged.Damage!.Reason, StringComparison.Ordinal);
        Assert.Equal(Text + " ok", damaged.Text);
        // The service never stores one, and no reader takes it for an event.
        Assert.NotNull(StoredEventRules.Problem(new UnknownStoredEvent()));

        var draftStream = Guid.Parse("0190a000-0000-7000-8000-0000000000d2");
        var refused = Assert.Throws<StreamDamagedException>(() => Draft.Replay(null, draftStream, 20, unknown));
        Assert.Equal(draftStream, refused.StreamId);
        Assert.Equal(20, refused.Sequence);
    }
}
