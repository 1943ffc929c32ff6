using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class PointTests
{
    private static readonly Guid Recommendations = Guid.Parse("0190a000-0000-7000-8000-00000000b001");

    private static Guid P(int n) => Guid.Parse($"0190a000-0000-7000-8000-{n:D12}");

    private static Guid Pt(int n) => Guid.Parse($"0190a000-0000-7000-8000-{900 + n:D12}");

    /// <summary>Paragraphs 1 to 3 in one section.</summary>
    private static Draft Report()
    {
        var draft = GivenDraft(
            new DraftCreated(GroupId, DraftId, "Report of the GGE", null, DraftKind.Report, null),
            new SectionAdded(GroupId, DraftId, Recommendations, "Recommendations", null, null));
        foreach (var n in new[] { 1, 2, 3 }) draft = Decide(draft, new PlaceParagraph(DraftId, P(n), Recommendations, Placement.AtEnd));
        return draft;
    }

    private static Draft Decide(Draft draft, IDraftCommand command, Actor? actor = null) =>
        DraftDecisions.Decide(command, draft, actor ?? Chair).Aggregate(draft, EvolveDraft);

    private static Draft WithPoints(Draft draft, Guid parentId, params int[] points) =>
        points.Aggregate(draft, (d, n) => Decide(d, new PlacePoint(DraftId, Pt(n), parentId, Placement.AtEnd)));

    private static IReadOnlyList<string?> Labels(Draft draft, params int[] points)
    {
        var outline = DraftOutline.Of(draft);
        return [.. points.Select(n => outline.LabelOf(Pt(n)))];
    }

    [Fact]
    public void Points_are_lettered_and_sub_points_numbered_in_roman_numerals_under_their_paragraph()
    {
        var draft = WithPoints(Report(), P(2), 1, 2, 3);
        draft = WithPoints(draft, Pt(2), 4, 5, 6, 7);

        var outline = DraftOutline.Of(draft);
        Assert.Equal(["2 (a)", "2 (b)", "2 (c)", "2 (b) (i)", "2 (b) (ii)", "2 (b) (iii)", "2 (b) (iv)"], Labels(draft, 1, 2, 3, 4, 5, 6, 7));
        var paragraph = outline.Sections[0].Paragraphs[1];
        Assert.Equal(["(a)", "(b)", "(c)"], paragraph.Points.Select(p => p.Number));
        Assert.Equal(["(i)", "(ii)", "(iii)", "(iv)"], paragraph.Points[1].SubPoints.Select(p => p.Number));
        Assert.Equal(["b", "iv"], outline.Points[Pt(7)].Path);
        Assert.Equal(2, outline.NumberOf(P(2)));
    }

    [Fact]
    public void Points_after_z_are_lettered_aa_ab()
    {
        var draft = WithPoints(Report(), P(1), [.. Enumerable.Range(1, 28)]);

        Assert.Equal(["1 (z)", "1 (aa)", "1 (ab)"], Labels(draft, 26, 27, 28));
    }

    [Fact]
    public void Points_renumber_when_one_is_inserted_before()
    {
        var draft = WithPoints(Report(), P(1), 1, 2);
        draft = Decide(draft, new PlacePoint(DraftId, Pt(3), P(1), Placement.First), CanadianExpert);

        Assert.Equal(["1 (b)", "1 (c)", "1 (a)"], Labels(draft, 1, 2, 3));
    }

    [Fact]
    public void Points_renumber_when_one_is_moved_and_a_moved_point_keeps_its_sub_points()
    {
        var draft = WithPoints(Report(), P(1), 1, 2, 3);
        draft = WithPoints(draft, Pt(1), 4);
        draft = Decide(draft, new MovePoint(DraftId, Pt(1), null, Placement.After(Pt(3))));
        Assert.Equal(["1 (c)", "1 (a)", "1 (b)", "1 (c) (i)"], Labels(draft, 1, 2, 3, 4));

        draft = Decide(draft, new MovePoint(DraftId, Pt(1), P(3), Placement.AtEnd));
        Assert.Equal(["3 (a)", "1 (a)", "1 (b)", "3 (a) (i)"], Labels(draft, 1, 2, 3, 4));
        Assert.Equal(P(3), draft.ParagraphOf(Pt(4)));
    }

    [Fact]
    public void A_point_becomes_a_sub_point_when_moved_under_another_point()
    {
        var draft = WithPoints(Report(), P(1), 1, 2);
        draft = Decide(draft, new MovePoint(DraftId, Pt(2), Pt(1), Placement.AtEnd));

        Assert.Equal(["1 (a)", "1 (a) (i)"], Labels(draft, 1, 2));
    }

    [Fact]
    public void Deleted_points_get_no_letter_and_the_letters_close_up_until_the_point_is_restored()
    {
        var draft = WithPoints(Report(), P(1), 1, 2, 3);
        draft = Decide(draft, new WithdrawParagraph(DraftId, Pt(2)));
        Assert.Equal(["1 (a)", null, "1 (b)"], Labels(draft, 1, 2, 3));
        Assert.Throws<ConflictException>(() => Decide(draft, new MovePoint(DraftId, Pt(2), null, Placement.First)));

        draft = Decide(draft, new ReturnParagraphToNumbering(DraftId, Pt(2)));
        Assert.Equal(["1 (a)", "1 (b)", "1 (c)"], Labels(draft, 1, 2, 3));
    }

    [Fact]
    public void A_paragraphs_points_move_with_it_and_take_its_new_number()
    {
        var draft = WithPoints(Report(), P(1), 1);
        draft = Decide(draft, new MoveParagraph(DraftId, P(1), Recommendations, Placement.AtEnd));

        Assert.Equal(["3 (a)"], Labels(draft, 1));
    }

    [Fact]
    public void A_withdrawn_paragraphs_points_get_no_label()
    {
        var draft = WithPoints(Report(), P(1), 1);
        draft = Decide(draft, new WithdrawParagraph(DraftId, P(1)));

        Assert.Equal([null], Labels(draft, 1));
    }

    [Fact]
    public void A_point_cannot_nest_deeper_than_a_sub_point()
    {
        var draft = WithPoints(WithPoints(Report(), P(1), 1), Pt(1), 2);

        var refused = Assert.Throws<ConflictException>(() => Decide(draft, new PlacePoint(DraftId, Pt(3), Pt(2), Placement.AtEnd)));
        Assert.Contains("deeper than a sub-point", refused.Message);
        draft = WithPoints(draft, P(1), 4);
        Assert.Throws<ConflictException>(() => Decide(draft, new MovePoint(DraftId, Pt(1), Pt(4), Placement.AtEnd)));
    }

    [Fact]
    public void A_point_goes_after_a_sibling_only()
    {
        var draft = WithPoints(WithPoints(Report(), P(1), 1), P(2), 2);

        Assert.Throws<NotFoundException>(() => Decide(draft, new PlacePoint(DraftId, Pt(3), P(1), Placement.After(Pt(2)))));
        Assert.Throws<NotFoundException>(() => Decide(draft, new PlacePoint(DraftId, Pt(3), Guid.NewGuid(), Placement.AtEnd)));
        Assert.Throws<ConflictException>(() => Decide(draft, new PlacePoint(DraftId, Pt(1), P(2), Placement.AtEnd)));
    }

    [Fact]
    public void Experts_place_points_and_only_the_Chair_and_Secretariat_move_them()
    {
        var draft = WithPoints(Report(), P(1), 1, 2);

        Assert.Throws<ForbiddenException>(() => Decide(draft, new MovePoint(DraftId, Pt(1), null, Placement.AtEnd), CanadianExpert));
        Assert.Throws<ForbiddenException>(() => Decide(draft, new PlacePoint(DraftId, Pt(3), P(1), Placement.AtEnd), Observer));
        Assert.Equal(["1 (b)", "1 (a)"], Labels(Decide(draft, new MovePoint(DraftId, Pt(1), null, Placement.AtEnd), Secretariat), 1, 2));
    }

    [Fact]
    public void A_point_shares_its_paragraphs_status()
    {
        var point = Given(
            new ParagraphProposed(GroupId, DraftId, ParagraphId, "(a) Share best practices;", CanadianExpert.Sub, "Canada", Now, P(1)),
            new PointFollowedParagraph(GroupId, DraftId, ParagraphId, P(1), ParagraphStatus.UnderNegotiation),
            new PointFollowedParagraph(GroupId, DraftId, ParagraphId, P(1), ParagraphStatus.Agreed));

        Assert.Equal((ParagraphStatus.Agreed, (Guid?)P(1)), (point.Status, point.ParentParagraphId));
        var refused = Assert.Throws<ConflictException>(() => When(point, new PutParagraphUnderNegotiation(ParagraphId, "Reopen"), Chair));
        Assert.Equal(P(1), refused.Extensions["paragraphId"]);
        Assert.Throws<ConflictException>(() => When(point, new ParkParagraph(ParagraphId), Chair));
        Assert.Throws<ConflictException>(() => When(point, new AgreeParagraphAdReferendum(ParagraphId), Chair));
    }

    [Fact]
    public void Agreed_text_of_a_point_is_protected_from_live_edits_as_its_paragraphs()
    {
        var point = Given(
            new ParagraphAdded(GroupId, DraftId, ParagraphId, "(a) Share;", Secretariat.Sub, null, Now, ParentParagraphId: P(1)),
            new PointFollowedParagraph(GroupId, DraftId, ParagraphId, P(1), ParagraphStatus.Agreed));

        Assert.Throws<ConflictException>(() =>
            ParagraphDecisions.LiveEdit(point, GgeWorkspace.Text.TextOperation.FromDiff(point.Text, "(a) Share more;"), point.TextVersion,
                CanadianExpert, "op-1", Now, 20_000));
    }

    [Fact]
    public void A_point_deleted_on_its_own_stays_deleted_while_its_paragraph_moves_on_and_comes_back_with_the_paragraphs_status()
    {
        var point = Given(
            new ParagraphAdded(GroupId, DraftId, ParagraphId, "(b) Report;", Secretariat.Sub, null, Now, ParentParagraphId: P(1)),
            new PointFollowedParagraph(GroupId, DraftId, ParagraphId, P(1), ParagraphStatus.UnderNegotiation),
            new ParagraphDeleted(GroupId, DraftId, ParagraphId, null),
            new PointFollowedParagraph(GroupId, DraftId, ParagraphId, P(1), ParagraphStatus.AgreedAdReferendum));
        Assert.Equal(ParagraphStatus.Deleted, point.Status);

        Then(When(point, new RestoreParagraph(ParagraphId, "Deleted by mistake"), Chair),
            new ParagraphRestored(GroupId, DraftId, ParagraphId, ParagraphStatus.AgreedAdReferendum, "Deleted by mistake"));
    }

    [Fact]
    public void Bracketing_a_point_of_a_proposed_paragraph_waits_for_the_paragraph_to_be_opened()
    {
        var point = Given(new ParagraphAdded(GroupId, DraftId, ParagraphId, "(a) Share;", Secretariat.Sub, null, Now, ParentParagraphId: P(1)));

        var refused = Assert.Throws<ConflictException>(() =>
            When(point, new AddBracket(ParagraphId, Guid.NewGuid(), 0, 3, 0, BracketKind.Contentious, []), CanadianExpert));
        Assert.Equal(P(1), refused.Extensions["paragraphId"]);
    }
}
