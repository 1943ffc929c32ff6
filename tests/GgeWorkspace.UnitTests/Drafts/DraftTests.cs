using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class DraftTests
{
    private static readonly Guid Introduction = Guid.Parse("0190a000-0000-7000-8000-00000000a001");
    private static readonly Guid Findings = Guid.Parse("0190a000-0000-7000-8000-00000000a002");
    private static readonly Guid Challenges = Guid.Parse("0190a000-0000-7000-8000-00000000a003");
    private static readonly Guid Lessons = Guid.Parse("0190a000-0000-7000-8000-00000000a004");

    private static Guid P(int n) => Guid.Parse($"0190a000-0000-7000-8000-{n:D12}");

    private static Draft Report() => GivenDraft(
        new DraftCreated(GroupId, DraftId, "Report of the GGE", "GGE/NDV/2019/CRP.1", DraftKind.Report, null),
        new SectionAdded(GroupId, DraftId, Introduction, "Introduction", null, null),
        new SectionAdded(GroupId, DraftId, Findings, "Findings", null, Introduction),
        new SectionAdded(GroupId, DraftId, Challenges, "Verification challenges", Findings, null),
        new SectionAdded(GroupId, DraftId, Lessons, "Lessons", Findings, Challenges));

    private static Draft Decide(Draft draft, IDraftCommand command) =>
        DraftDecisions.Decide(command, draft, Chair).Aggregate(draft, EvolveDraft);

    [Fact]
    public void Sections_are_numbered_in_roman_numerals_sub_sections_in_letters_and_paragraphs_continuously_through_the_draft()
    {
        var draft = Report();
        draft = Decide(draft, new PlaceParagraph(DraftId, P(3), Challenges, Placement.AtEnd));
        draft = Decide(draft, new PlaceParagraph(DraftId, P(1), Introduction, Placement.AtEnd));
        draft = Decide(draft, new PlaceParagraph(DraftId, P(2), Findings, Placement.AtEnd));
        draft = Decide(draft, new PlaceParagraph(DraftId, P(4), Lessons, Placement.First));
        draft = Decide(draft, new PlaceParagraph(DraftId, P(5), Introduction, Placement.First));

        var outline = DraftOutline.Of(draft);
        Assert.Equal(["I.", "II."], outline.Sections.Select(s => s.Number));
        Assert.Equal(["A.", "B."], outline.Sections[1].SubSections.Select(s => s.Number));
        Assert.Equal([P(5), P(1), P(2), P(3), P(4)], outline.ParagraphNumbers.OrderBy(p => p.Value).Select(p => p.Key));
    }

    [Fact]
    public void Deleted_paragraphs_get_no_number_but_stay_in_the_draft_and_numbers_close_up()
    {
        var draft = Report();
        foreach (var n in new[] { 1, 2, 3 }) draft = Decide(draft, new PlaceParagraph(DraftId, P(n), Introduction, Placement.AtEnd));
        draft = Decide(draft, new WithdrawParagraph(DraftId, P(2)));

        var outline = DraftOutline.Of(draft);
        Assert.Equal((1, (int?)null, 2), (outline.NumberOf(P(1))!.Value, outline.NumberOf(P(2)), outline.NumberOf(P(3))!.Value));
        Assert.NotNull(draft.Find(P(2)));
        Assert.Empty(DraftDecisions.Decide(new WithdrawParagraph(DraftId, P(2)), draft, Secretariat));
        Assert.Throws<ConflictException>(() => Decide(draft, new MoveParagraph(DraftId, P(2), Findings, Placement.AtEnd)));
    }

    [Fact]
    public void A_restored_paragraph_is_numbered_again_in_the_place_it_kept()
    {
        var draft = Report();
        foreach (var n in new[] { 1, 2, 3 }) draft = Decide(draft, new PlaceParagraph(DraftId, P(n), Introduction, Placement.AtEnd));
        draft = Decide(draft, new WithdrawParagraph(DraftId, P(2)));

        draft = Decide(draft, new ReturnParagraphToNumbering(DraftId, P(2)));

        var outline = DraftOutline.Of(draft);
        Assert.Equal((1, 2, 3), (outline.NumberOf(P(1))!.Value, outline.NumberOf(P(2))!.Value, outline.NumberOf(P(3))!.Value));
        Assert.Empty(DraftDecisions.Decide(new ReturnParagraphToNumbering(DraftId, P(2)), draft, Chair));
    }

    [Fact]
    public void A_paragraph_whose_section_was_deleted_cannot_be_numbered_again()
    {
        var draft = Decide(Report(), new PlaceParagraph(DraftId, P(1), Introduction, Placement.AtEnd));
        draft = Decide(draft, new WithdrawParagraph(DraftId, P(1)));
        draft = Decide(draft, new DeleteSection(DraftId, Introduction));

        Assert.Throws<ConflictException>(() => Decide(draft, new ReturnParagraphToNumbering(DraftId, P(1))));
    }

    [Fact]
    public void A_section_can_be_deleted_only_when_it_holds_no_live_paragraphs_or_sub_sections()
    {
        var draft = Decide(Report(), new PlaceParagraph(DraftId, P(1), Introduction, Placement.AtEnd));

        var error = Assert.Throws<ConflictException>(() => Decide(draft, new DeleteSection(DraftId, Introduction)));
        Assert.Equal(1, error.Extensions["paragraphCount"]);
        Assert.Throws<ConflictException>(() => Decide(draft, new DeleteSection(DraftId, Findings)));

        draft = Decide(draft, new WithdrawParagraph(DraftId, P(1)));
        draft = Decide(draft, new DeleteSection(DraftId, Introduction));
        Assert.Equal(["I."], DraftOutline.Of(draft).Sections.Select(s => s.Number));
        Assert.Equal(Findings, DraftOutline.Of(draft).Sections[0].SectionId);
    }

    [Fact]
    public void Sub_sections_cannot_hold_sub_sections()
    {
        Assert.Throws<ConflictException>(() => Decide(Report(), new AddSection(DraftId, Guid.NewGuid(), "Too deep", Challenges, Placement.AtEnd)));
        Assert.Throws<ConflictException>(() => Decide(Report(), new MoveSection(DraftId, Findings, Introduction, Placement.AtEnd)));
    }

    [Fact]
    public void Moving_a_section_renumbers_it_and_keeps_its_id()
    {
        var draft = Decide(Report(), new MoveSection(DraftId, Lessons, null, Placement.First));
        var outline = DraftOutline.Of(draft);
        Assert.Equal([(Lessons, "I."), (Introduction, "II."), (Findings, "III.")], outline.Sections.Select(s => (s.SectionId, s.Number)));
        Assert.Equal([(Challenges, "A.")], outline.Sections[2].SubSections.Select(s => (s.SectionId, s.Number)));
    }

    [Fact]
    public void A_paragraph_copied_from_a_workstream_draft_into_the_report_keeps_its_source_link()
    {
        var source = (Draft: Guid.NewGuid(), Paragraph: Guid.NewGuid());
        var events = DraftDecisions.Decide(new PlaceParagraph(DraftId, P(1), Findings, Placement.AtEnd, source.Draft, source.Paragraph), Report(), Secretariat);
        Then(events, new ParagraphPlaced(GroupId, DraftId, P(1), Findings, null, source.Draft, source.Paragraph));

        var workstream = GivenDraft(new DraftCreated(GroupId, DraftId, "Task (a)", null, DraftKind.WorkstreamDraft, Guid.NewGuid()),
            new SectionAdded(GroupId, DraftId, Introduction, "Introduction", null, null));
        Assert.Throws<ConflictException>(() =>
            DraftDecisions.Decide(new PlaceParagraph(DraftId, P(1), Introduction, Placement.AtEnd, source.Draft, source.Paragraph), workstream, Chair));
    }

    [Fact]
    public void Experts_place_the_paragraphs_they_propose_but_only_the_Chair_and_Secretariat_restructure()
    {
        var draft = DraftDecisions.Decide(new PlaceParagraph(DraftId, P(1), Findings, Placement.AtEnd), Report(), CanadianExpert).Aggregate(Report(), EvolveDraft);
        Assert.Throws<ForbiddenException>(() => DraftDecisions.Decide(new MoveParagraph(DraftId, P(1), Introduction, Placement.AtEnd), draft, CanadianExpert));
        Assert.Throws<ForbiddenException>(() => DraftDecisions.Decide(new AddSection(DraftId, Guid.NewGuid(), "x", null, Placement.AtEnd), draft, CanadianExpert));
        Assert.Throws<ForbiddenException>(() => DraftDecisions.Decide(new PlaceParagraph(DraftId, P(2), Findings, Placement.AtEnd), draft, Observer));
    }

    [Fact]
    public void Bracket_counts_per_section_include_sub_sections_and_skip_deleted_paragraphs()
    {
        var draft = Report();
        draft = Decide(draft, new PlaceParagraph(DraftId, P(1), Findings, Placement.AtEnd));
        draft = Decide(draft, new PlaceParagraph(DraftId, P(2), Challenges, Placement.AtEnd));
        draft = Decide(draft, new PlaceParagraph(DraftId, P(3), Lessons, Placement.AtEnd));

        Paragraph WithBrackets(Guid id, int count, bool deleted = false)
        {
            var p = Given(InStatus(deleted ? ParagraphStatus.Deleted : ParagraphStatus.UnderNegotiation, "Some bracketed text.")) with { Id = id };
            return p with { Brackets = [.. Enumerable.Range(0, count).Select(_ => new Bracket(Guid.NewGuid(), 0, 4, BracketKind.Contentious, ["Canada"], "expert-ca"))] };
        }
        var paragraphs = new Dictionary<Guid, Paragraph> { [P(1)] = WithBrackets(P(1), 1), [P(2)] = WithBrackets(P(2), 2), [P(3)] = WithBrackets(P(3), 5, deleted: true) };

        var counts = DraftBracketCounts.PerSection(draft, paragraphs);
        Assert.Equal(
            [("I.", 0, 0, 0), ("II.", 1, 1, 3), ("A.", 2, 1, 2), ("B.", 0, 0, 0)],
            counts.Select(c => (c.Number, c.Brackets, c.BracketedParagraphs, c.BracketsIncludingSubSections)));
    }

    [Theory]
    [InlineData(1, "I")]
    [InlineData(4, "IV")]
    [InlineData(9, "IX")]
    [InlineData(14, "XIV")]
    [InlineData(40, "XL")]
    [InlineData(1994, "MCMXCIV")]
    public void Sections_use_roman_numerals(int number, string roman) => Assert.Equal(roman, DraftOutline.Roman(number));

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    public void Sub_sections_use_letters(int number, string letters) => Assert.Equal(letters, DraftOutline.Letters(number));

    [Fact]
    public void A_draft_is_found_only_in_its_own_group()
    {
        var draft = Report();

        Assert.Same(draft, Draft.InGroup(draft, GroupId));
        Assert.Throws<NotFoundException>(() => Draft.InGroup(draft, Guid.NewGuid()));
        Assert.Throws<NotFoundException>(() => Draft.InGroup(null, GroupId));
    }
}
