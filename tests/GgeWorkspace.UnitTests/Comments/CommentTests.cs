using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.UnitTests.Drafts;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Comments;

public sealed class CommentTests
{
    private static readonly Guid ThreadId = Guid.Parse("0190a000-0000-7000-8000-0000000000d1");
    private static readonly Guid CommentId = Guid.Parse("0190a000-0000-7000-8000-0000000000d2");
    private const string Text = "The Group welcomed the report.";

    private static object[] Open(Actor actor, Paragraph? paragraph = null, int? start = null, int? end = null, long? version = null) =>
        CommentDecisions.Open(new OpenCommentThread(GroupId, DraftId, ThreadId, ParagraphId, CommentId, " Why welcomed? ", start, end, version),
            null, paragraph ?? Given(Added(Text)), actor, Now);

    private static CommentThread Thread(Actor author) => CommentThread.From((CommentThreadOpened)Open(author)[0]);

    [Fact]
    public void An_orphaned_anchor_has_no_offsets_even_where_it_was_stored_with_stale_ones()
    {
        var paragraph = Given(Added(Text));
        var thread = CommentThread.From((CommentThreadOpened)Open(JapaneseExpert, paragraph, 10, 18)[0]);

        var orphaned = thread.With(new CommentAnchorOrphaned(GroupId, DraftId, thread.Id, new CommentAnchor(10, 10, 3, "welcomed", true)));

        Assert.True(orphaned.Anchor!.IsOrphaned);
        Assert.Null(orphaned.Anchor.Start);
        Assert.Null(orphaned.Anchor.End);
        Assert.Equal(0, orphaned.Anchor.Length);
        Assert.Equal("welcomed", orphaned.Anchor.QuotedText);
    }

    [Fact]
    public void A_thread_anchored_to_a_span_quotes_its_text()
    {
        Then(Open(JapaneseExpert, start: 10, end: 18),
            new CommentThreadOpened(GroupId, DraftId, ThreadId, ParagraphId, CommentId, "Why welcomed?", new CommentAnchor(10, 18, 0, "welcomed"),
                "expert-jp", "Japan", Now));
    }

    [Fact]
    public void A_span_given_at_an_older_text_version_is_brought_forward()
    {
        var paragraph = Given(Added(Text));
        paragraph = Evolve(paragraph, ParagraphDecisions.Sequence(paragraph, TextOperation.FromDiff(Text, "Indeed, " + Text), TextChangeKind.LiveEdit, "chair", null, Now));
        var opened = (CommentThreadOpened)Open(JapaneseExpert, paragraph, 10, 18, 0)[0];
        Assert.Equal(new CommentAnchor(18, 26, 1, "welcomed"), opened.Anchor);
    }

    [Fact]
    public void A_span_whose_text_was_deleted_since_cannot_be_quoted()
    {
        var paragraph = Given(Added(Text));
        paragraph = Evolve(paragraph, ParagraphDecisions.Sequence(paragraph, TextOperation.FromDiff(Text, "The Group the report."), TextChangeKind.LiveEdit, "chair", null, Now));
        Assert.Throws<ConflictException>(() => Open(JapaneseExpert, paragraph, 10, 18, 0));
    }

    [Theory]
    [InlineData(MemberRole.Chair)]
    [InlineData(MemberRole.Expert)]
    [InlineData(MemberRole.Secretariat)]
    public void Every_member_but_Observers_comments(MemberRole role)
    {
        Assert.Single(Open(ActorWith(role)));
        Assert.Single(CommentDecisions.Reply(new ReplyToCommentThread(ThreadId, Guid.NewGuid(), "Agreed."), Thread(JapaneseExpert), ActorWith(role), Now));
    }

    [Fact]
    public void Observers_cannot_comment_or_reply()
    {
        Assert.Throws<ForbiddenException>(() => Open(Observer));
        Assert.Throws<ForbiddenException>(() => CommentDecisions.Reply(new ReplyToCommentThread(ThreadId, Guid.NewGuid(), "x"), Thread(JapaneseExpert), Observer, Now));
    }

    [Fact]
    public void A_deleted_paragraph_cannot_be_commented_on()
    {
        Assert.Throws<ConflictException>(() => Open(JapaneseExpert, Given(InStatus(ParagraphStatus.Deleted, Text))));
    }

    [Theory]
    [InlineData("expert-jp", MemberRole.Expert, true)]
    [InlineData("chair", MemberRole.Chair, true)]
    [InlineData("unoda", MemberRole.Secretariat, true)]
    [InlineData("expert-ca", MemberRole.Expert, false)]
    [InlineData("observer", MemberRole.Observer, false)]
    public void The_author_the_Chair_and_the_Secretariat_resolve_and_reopen_a_thread(string sub, MemberRole role, bool allowed)
    {
        var actor = new Actor(sub, role);
        var thread = Thread(JapaneseExpert);
        if (!allowed)
        {
            Assert.Throws<ForbiddenException>(() => CommentDecisions.Resolve(new ResolveCommentThread(ThreadId), thread, actor, Now));
            return;
        }
        var resolved = CommentDecisions.Resolve(new ResolveCommentThread(ThreadId), thread, actor, Now);
        Then(resolved, new CommentThreadResolved(GroupId, DraftId, ThreadId, sub, Now));
        thread = thread.With((CommentThreadResolved)resolved[0]);
        Assert.True(thread.IsResolved);
        Then(CommentDecisions.Reopen(new ReopenCommentThread(ThreadId), thread, actor, Now), new CommentThreadReopened(GroupId, DraftId, ThreadId, sub, Now));
    }

    [Fact]
    public void A_resolved_thread_takes_no_replies_and_cannot_be_resolved_again_and_an_open_one_cannot_be_reopened()
    {
        var thread = Thread(JapaneseExpert);
        Assert.Throws<ConflictException>(() => CommentDecisions.Reopen(new ReopenCommentThread(ThreadId), thread, Chair, Now));
        thread = thread.With(new CommentThreadResolved(GroupId, DraftId, ThreadId, "chair", Now));
        Assert.Throws<ConflictException>(() => CommentDecisions.Reply(new ReplyToCommentThread(ThreadId, Guid.NewGuid(), "x"), thread, Chair, Now));
        Assert.Throws<ConflictException>(() => CommentDecisions.Resolve(new ResolveCommentThread(ThreadId), thread, Chair, Now));
    }

    [Fact]
    public void An_anchor_follows_edits_shrinks_when_partly_deleted_and_is_orphaned_when_its_text_is_deleted()
    {
        var paragraph = Given(Added(Text));
        var thread = CommentThread.From((CommentThreadOpened)Open(JapaneseExpert, paragraph, 10, 18)[0]);
        var changes = new List<ParagraphTextChanged>();
        foreach (var next in new[] { "Indeed, The Group welcomed the report.", "Indeed, The Group welco the report.", "Indeed, The Group the report." })
        {
            var events = ParagraphDecisions.Sequence(paragraph, TextOperation.FromDiff(paragraph.Text, next), TextChangeKind.LiveEdit, "chair", null, Now);
            paragraph = Evolve(paragraph, events);
            changes.Add((ParagraphTextChanged)events[0]);
        }

        var moved = Assert.IsType<CommentAnchorMoved>(Assert.Single(CommentDecisions.FollowTextChanges(thread, changes.Take(2))));
        Assert.Equal(new CommentAnchor(18, 23, 2, "welco"), moved.Anchor);
        thread = thread.With(moved);
        var orphaned = Assert.IsType<CommentAnchorOrphaned>(Assert.Single(CommentDecisions.FollowTextChanges(thread, changes)));
        Assert.True(orphaned.Anchor.IsOrphaned);
        Assert.Null(orphaned.Anchor.Start);
        Assert.Null(orphaned.Anchor.End);
        thread = thread.With(orphaned);
        Assert.Empty(CommentDecisions.FollowTextChanges(thread, changes));
    }

    private static Arbitrary<(string Text, int Seed)> TextAndSeed() =>
        TextGen.Text().SelectMany(_ => Gen.Choose(0, int.MaxValue), (t, s) => (t, s)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property An_anchor_keeps_covering_the_same_characters_while_text_outside_it_changes() =>
        Prop.ForAll(TextAndSeed(), t =>
        {
            var (text, seed) = t;
            var random = new Random(seed);
            var length = CodePoints.Length(text);
            if (length == 0) return true;
            var start = random.Next(length);
            var end = random.Next(start + 1, length + 1);
            var anchor = new CommentAnchor(start, end, 0, CodePoints.Slice(text, start, end - start));
            var quoted = anchor.QuotedText;
            for (var step = 0; step < 5; step++)
            {
                var before = CodePoints.Slice(text, 0, anchor.Start ?? 0);
                var after = CodePoints.Slice(text, anchor.End ?? 0, CodePoints.Length(text) - (anchor.End ?? 0));
                var op = TextOperation.Of([
                    .. TextGen.RandomOperation(before, random).Components,
                    new TextComponent.Retain(anchor.Length),
                    .. TextGen.RandomOperation(after, random).Components]);
                text = TextOperation.Apply(text, op);
                anchor = CommentAnchors.Transform(anchor, op);
                if (anchor is not { IsOrphaned: false, Start: { } start2 } || anchor.QuotedText != quoted || CodePoints.Slice(text, start2, anchor.Length) != quoted) return false;
            }
            return true;
        });

    /// <summary>
    /// Models the anchor character by character: each character is inside or outside; retained ones keep their mark, and
    /// inserted ones are inside when their run of deletes and inserts lies strictly between the span's ends. The anchor is orphaned exactly when no
    /// character inside is left, and otherwise quotes exactly the characters inside, which stay contiguous.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property An_anchor_is_orphaned_exactly_when_all_its_characters_are_deleted() =>
        Prop.ForAll(TextAndSeed(), t =>
        {
            var (text, seed) = t;
            var random = new Random(seed);
            var length = CodePoints.Length(text);
            if (length == 0) return true;
            var start = random.Next(length);
            var end = random.Next(start + 1, length + 1);
            var anchor = new CommentAnchor(start, end, 0, CodePoints.Slice(text, start, end - start));
            var inside = Enumerable.Range(0, length).Select(i => i >= start && i < end).ToList();
            for (var step = 0; step < 6 && !anchor.IsOrphaned; step++)
            {
                var op = TextGen.RandomOperation(text, random);
                var next = new List<bool>();
                var at = 0;
                var components = op.Components;
                for (var k = 0; k < components.Count; k++)
                {
                    switch (components[k])
                    {
                        case TextComponent.Retain r: next.AddRange(inside.Skip(at).Take(r.Count)); at += r.Count; break;
                        case TextComponent.Delete d: at += d.Count; break;
                        case TextComponent.Insert i:
                            // The run of deletes and inserts this insert belongs to, in the base text: inside only when it
                            // lies strictly within the span, whatever the order of its deletes and inserts.
                            var runStart = at - components.Take(k).Reverse().TakeWhile(c => c is not TextComponent.Retain).OfType<TextComponent.Delete>().Sum(d => d.Count);
                            var runEnd = at + components.Skip(k).TakeWhile(c => c is not TextComponent.Retain).OfType<TextComponent.Delete>().Sum(d => d.Count);
                            next.AddRange(Enumerable.Repeat(runStart > anchor.Start && runEnd < anchor.End, i.Length));
                            break;
                    }
                }
                text = TextOperation.Apply(text, op);
                inside = next;
                anchor = CommentAnchors.Transform(anchor, op);
                if (anchor.IsOrphaned != !inside.Contains(true)) return false;
                if (anchor.IsOrphaned) return true;
                var expected = Enumerable.Range(0, inside.Count).Where(i => inside[i]).ToList();
                if (expected[^1] - expected[0] + 1 != expected.Count || anchor.Start != expected[0] || anchor.End != expected[^1] + 1) return false;
                if (anchor.QuotedText != CodePoints.Slice(text, expected[0], anchor.Length)) return false;
            }
            return true;
        });

    [Fact]
    public void A_thread_is_found_only_in_the_draft_and_group_it_was_opened_in()
    {
        var thread = Thread(JapaneseExpert);

        Assert.Same(thread, CommentThread.InDraft(thread, GroupId, DraftId));
        Assert.Throws<NotFoundException>(() => CommentThread.InDraft(thread, GroupId, Guid.NewGuid()));
        Assert.Throws<NotFoundException>(() => CommentThread.InDraft(thread, Guid.NewGuid(), DraftId));
        Assert.Throws<NotFoundException>(() => CommentThread.InDraft(null, GroupId, DraftId));
    }
}
