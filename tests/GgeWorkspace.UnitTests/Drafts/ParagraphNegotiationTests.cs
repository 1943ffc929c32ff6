using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class ParagraphNegotiationTests
{
    private static readonly Guid BracketId = Guid.Parse("0190a000-0000-7000-8000-0000000000b1");
    private static readonly Guid Option1 = Guid.Parse("0190a000-0000-7000-8000-0000000000c1");
    private static readonly Guid Option2 = Guid.Parse("0190a000-0000-7000-8000-0000000000c2");

    // "The Group [welcomed] the report." -- "welcomed" is code points 10..18.
    private const string Text = "The Group welcomed the report.";

    [Fact]
    public void Bracketing_a_proposed_paragraph_puts_it_under_negotiation()
    {
        var state = Given(Added(Text));
        var events = When(state, new AddBracket(ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Canada", "Canada"]), CanadianExpert);

        Then(events,
            new ParagraphPutUnderNegotiation(GroupId, DraftId, ParagraphId),
            new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Canada"], "expert-ca"));
        var after = Evolve(state, events);
        Assert.Equal(ParagraphStatus.UnderNegotiation, after.Status);
        Assert.Equal("welcomed", CodePoints.Slice(after.Text, 10, 8));
    }

    [Theory]
    [InlineData(ParagraphStatus.Agreed)]
    [InlineData(ParagraphStatus.AgreedAdReferendum)]
    [InlineData(ParagraphStatus.Parked)]
    [InlineData(ParagraphStatus.Deleted)]
    public void Only_proposed_or_negotiated_text_can_be_bracketed(ParagraphStatus status)
    {
        var error = Assert.Throws<ConflictException>(() =>
            When(Given(InStatus(status, Text)), new AddBracket(ParagraphId, BracketId, 10, 18, 0, BracketKind.Trading, ["Canada"]), Chair));
        Assert.Equal(status, error.Extensions["currentStatus"]);
    }

    [Fact]
    public void Observers_cannot_bracket_text()
    {
        Assert.Throws<ForbiddenException>(() =>
            When(Given(Added(Text)), new AddBracket(ParagraphId, BracketId, 10, 18, 0, BracketKind.Trading, []), Observer));
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(5, 5)]
    [InlineData(6, 4)]
    [InlineData(20, 31)]
    public void A_bracket_covers_at_least_one_character_inside_the_text(int start, int end)
    {
        Assert.Throws<ConflictException>(() =>
            When(Given(Added(Text)), new AddBracket(ParagraphId, BracketId, start, end, 0, BracketKind.Contentious, ["Canada"], "Canada asked for it."), Chair));
    }

    [Fact]
    public void A_bracket_given_against_an_older_text_version_is_brought_forward_over_later_changes()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, Text));
        var edit = TextOperation.Empty.Insert("🇺🇳 ").Retain(30);
        state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, edit, 0, TextChangeKind.LiveEdit), Chair));

        var events = When(state, new AddBracket(ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Japan"]), JapaneseExpert);
        var bracket = Assert.IsType<BracketAdded>(Assert.Single(events));
        Assert.Equal((13, 21, 1L), (bracket.Start, bracket.End, bracket.TextVersion));
        Assert.Equal("welcomed", CodePoints.Slice(state.Text, bracket.Start, bracket.End - bracket.Start));
    }

    [Fact]
    public void A_bracket_against_a_text_version_older_than_the_kept_operations_is_refused()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, "a"));
        for (var i = 0; i <= Paragraph.RecentOperationLimit; i++)
        {
            var length = CodePoints.Length(state.Text);
            state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, TextOperation.Identity(length).Insert("x"), state.TextVersion, TextChangeKind.LiveEdit), Chair));
        }

        Assert.Equal(Paragraph.RecentOperationLimit, state.RecentOperations.Count);
        var error = Assert.Throws<ConflictException>(() =>
            When(state, new AddBracket(ParagraphId, BracketId, 0, 1, 0, BracketKind.Contentious, ["Japan"], "Japan asked for it."), Chair));
        Assert.Equal(1L, error.Extensions["oldestTextVersion"]);
        Assert.Single(When(state, new AddBracket(ParagraphId, BracketId, 0, 1, 1, BracketKind.Contentious, ["Japan"], "Japan asked for it."), Chair));
    }

    [Fact]
    public void Deleting_all_of_a_bracketed_text_collapses_the_bracket()
    {
        var state = Given([.. InStatus(ParagraphStatus.UnderNegotiation, Text),
            new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Canada"], "expert-ca")]);

        var events = When(state, new ReplaceParagraphText(ParagraphId, "The Group  the report.", 0), Chair);

        Assert.IsType<ParagraphTextChanged>(events[0]);
        Then(events[1..], new BracketCollapsed(GroupId, DraftId, ParagraphId, BracketId));
        Assert.Empty(Evolve(state, events).Brackets);
    }

    [Fact]
    public void Text_typed_inside_a_bracket_joins_it_and_text_typed_at_its_edges_does_not()
    {
        var state = Given([.. InStatus(ParagraphStatus.UnderNegotiation, Text),
            new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Canada"], "expert-ca")]);

        var after = Evolve(state, When(state, new ReplaceParagraphText(ParagraphId, "The Group «wel comed» the report.", 0), Chair));

        var bracket = Assert.Single(after.Brackets);
        Assert.Equal("wel comed", CodePoints.Slice(after.Text, bracket.Start, bracket.Length));
    }

    [Fact]
    public void Cleaning_a_bracket_removes_it_and_only_the_Chair_or_Secretariat_clean()
    {
        var state = Given([.. InStatus(ParagraphStatus.UnderNegotiation, Text),
            new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Canada"], "expert-ca")]);

        Assert.Throws<ForbiddenException>(() => When(state, new RemoveBracket(ParagraphId, BracketId), CanadianExpert));
        Assert.Throws<NotFoundException>(() => When(state, new RemoveBracket(ParagraphId, Guid.NewGuid()), Chair));
        Then(When(state, new RemoveBracket(ParagraphId, BracketId), Secretariat), new BracketRemoved(GroupId, DraftId, ParagraphId, BracketId));
    }

    [Fact]
    public void A_paragraph_with_brackets_cannot_be_agreed()
    {
        var state = Given([.. InStatus(ParagraphStatus.UnderNegotiation, Text),
            new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Canada"], "expert-ca")]);

        var error = Assert.Throws<ConflictException>(() => When(state, new AgreeParagraph(ParagraphId), Chair));
        Assert.Equal(1, error.Extensions["bracketCount"]);
        state = Evolve(state, When(state, new RemoveBracket(ParagraphId, BracketId), Chair));
        Assert.Equal(ParagraphStatus.Agreed, Evolve(state, When(state, new AgreeParagraph(ParagraphId), Chair)).Status);
    }

    [Fact]
    public void Adding_an_option_to_a_proposed_paragraph_puts_it_under_negotiation_and_options_are_numbered_in_order()
    {
        var state = Given(Added(Text));
        state = Evolve(state, When(state, new AddParagraphOption(ParagraphId, Option1, "The Group welcomed the report."), Chair));
        state = Evolve(state, When(state, new AddParagraphOption(ParagraphId, Option2, "The Group took note of the report."), Secretariat));

        Assert.Equal(ParagraphStatus.UnderNegotiation, state.Status);
        Assert.Equal([(Option1, 1), (Option2, 2)], state.Options.Select(o => (o.Id, o.Number)));
        state = Evolve(state, When(state, new RemoveParagraphOption(ParagraphId, Option1), Chair));
        Assert.Equal([(Option2, 1)], state.Options.Select(o => (o.Id, o.Number)));
    }

    [Fact]
    public void A_paragraph_with_options_cannot_be_agreed_without_choosing_exactly_one()
    {
        var state = WithTwoOptions();
        var error = Assert.Throws<ConflictException>(() => When(state, new AgreeParagraph(ParagraphId), Chair));
        Assert.Equal(2, error.Extensions["optionCount"]);
        Assert.Throws<NotFoundException>(() => When(state, new AgreeParagraph(ParagraphId, Guid.NewGuid()), Chair));
        Assert.Throws<ConflictException>(() => When(Given(InStatus(ParagraphStatus.UnderNegotiation)), new AgreeParagraph(ParagraphId, Option1), Chair));
    }

    [Fact]
    public void Agreeing_on_an_option_makes_its_text_the_paragraph_text_attributed_to_the_option_author()
    {
        var state = WithTwoOptions();
        var events = When(state, new AgreeParagraph(ParagraphId, Option2), Chair);

        Assert.Equal([typeof(ParagraphTextChanged), typeof(ParagraphAgreed)], events.Select(e => e.GetType()));
        var agreed = Evolve(state, events);
        Assert.Equal("The Group took note of the report.", agreed.Text);
        Assert.Equal(ParagraphStatus.Agreed, agreed.Status);
        Assert.Empty(agreed.Options);
        Assert.Contains(agreed.Authorship, r => r.AuthorSub == "unoda" && r.At == Now.AddHours(-1));
        Assert.True(AuthorshipRuns.Covers(agreed.Authorship, CodePoints.Length(agreed.Text)));
    }

    [Fact]
    public void Typing_moves_the_text_version_and_not_the_negotiation_version()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, Text));
        var typed = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, TextOperation.Identity(30).Insert("!"), 0, TextChangeKind.LiveEdit), Secretariat));

        Assert.Equal((1L, state.NegotiationVersion), (typed.TextVersion, typed.NegotiationVersion));
        var parked = Evolve(typed, When(typed, new ParkParagraph(ParagraphId), Chair));
        Assert.Equal((1L, state.NegotiationVersion + 1), (parked.TextVersion, parked.NegotiationVersion));
    }

    [Fact]
    public void Concurrent_live_edits_are_sequenced_by_transforming_over_the_operations_committed_since()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, "ab"));
        state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, TextOperation.Empty.Insert("X").Retain(2), 0, TextChangeKind.LiveEdit), Chair));
        state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, TextOperation.Empty.Retain(1).Insert("Y").Retain(1), 0, TextChangeKind.LiveEdit), Secretariat));

        Assert.Equal("XaYb", state.Text);
        Assert.Equal(2, state.TextVersion);
    }

    [Fact]
    public void Replacing_text_keeps_the_authorship_of_untouched_characters()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, Text));
        var events = When(state, new ReplaceParagraphText(ParagraphId, "The Group warmly welcomed the report.", 0), Chair);
        var changed = Assert.IsType<ParagraphTextChanged>(Assert.Single(events));
        Assert.Equal(TextOperation.Empty.Retain(11).Insert("armly w").Retain(19), changed.Operation);

        var after = Evolve(state, events);
        Assert.Equal(
            [("unoda", 0, 11), ("chair", 11, 7), ("unoda", 18, 19)],
            after.Authorship.Select(r => (r.AuthorSub, r.Start, r.Length)));
    }

    [Fact]
    public void Replacing_text_from_a_stale_text_version_is_refused()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, Text));
        state = Evolve(state, When(state, new ReplaceParagraphText(ParagraphId, Text + " Again.", 0), Chair));
        Assert.Throws<PreconditionFailedException>(() => When(state, new ReplaceParagraphText(ParagraphId, "Other", 0), Chair));
    }

    [Theory]
    [InlineData(ParagraphStatus.Agreed)]
    [InlineData(ParagraphStatus.AgreedAdReferendum)]
    [InlineData(ParagraphStatus.Deleted)]
    public void Agreed_and_deleted_text_cannot_be_changed(ParagraphStatus status)
    {
        var error = Assert.Throws<ConflictException>(() => When(Given(InStatus(status, Text)), new ReplaceParagraphText(ParagraphId, "New", 0), Chair));
        Assert.Equal(status, error.Extensions["currentStatus"]);
    }

    [Fact]
    public void Only_the_Chair_and_Secretariat_change_text_directly()
    {
        Assert.Throws<ForbiddenException>(() => When(Given(Added(Text)), new ReplaceParagraphText(ParagraphId, "New", 0), CanadianExpert));
    }

    [Fact]
    public void A_paragraph_copied_into_the_report_keeps_its_source_and_authorship()
    {
        var source = Guid.NewGuid();
        var runs = new[] { new AuthorshipRun(0, 3, "expert-ca", "Canada", Now.AddDays(-30)), new AuthorshipRun(3, 2, "expert-jp", "Japan", Now.AddDays(-20)) };
        var events = When(null, new AddParagraph(GroupId, DraftId, ParagraphId, "中文😀ab", DraftId, source, runs), Secretariat);

        var paragraph = Given(events);
        Assert.Equal((DraftId, source), (paragraph.SourceDraftId!.Value, paragraph.SourceParagraphId!.Value));
        Assert.Equal(["expert-ca", "expert-jp"], paragraph.Authorship.Select(r => r.AuthorSub));
        Assert.Throws<ConflictException>(() => When(null, new AddParagraph(GroupId, DraftId, ParagraphId, "中文😀abc", DraftId, source, runs), Secretariat));
    }

    private static Paragraph WithTwoOptions()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, Text));
        return Evolve(state, [
            new ParagraphOptionAdded(GroupId, DraftId, ParagraphId, Option1, "The Group welcomed the report.", "expert-ca", "Canada", Now.AddHours(-2)),
            new ParagraphOptionAdded(GroupId, DraftId, ParagraphId, Option2, "The Group took note of the report.", "unoda", null, Now.AddHours(-1)),
        ]);
    }
}
