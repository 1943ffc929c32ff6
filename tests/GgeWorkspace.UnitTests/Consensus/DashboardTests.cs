using System.Text.Json;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class DashboardTests
{
    private static readonly Dictionary<Guid, Paragraph> State = Paragraphs(
        Paragraph(P(1), ParagraphStatus.UnderNegotiation),
        Paragraph(P(2), ParagraphStatus.UnderNegotiation, brackets: 2),
        Paragraph(P(3), ParagraphStatus.AgreedAdReferendum),
        Paragraph(P(4), ParagraphStatus.AgreedAdReferendum),
        Paragraph(P(5), ParagraphStatus.Deleted));

    private static readonly Dictionary<Guid, ParagraphPositions> Stated = new()
    {
        [P(1)] = Positions(P(1), (Canada, Position.JoinConsensus()), (Japan, Position.CanLiveWith()), (Mexico, Position.Reservation("A footnote."))),
        [P(3)] = Positions(P(3), (Canada, Position.AwaitingInstructions(Now.AddDays(-1))), (Japan, Position.AwaitingInstructions(Now.AddDays(1)))),
        [P(4)] = Positions(P(4), (Canada, Position.Objection("Not acceptable.")), (Japan, Position.Objection("Nor for us.")), (Mexico, Position.JoinConsensus())),
    };

    private static readonly Dictionary<Guid, int> OpenAmendments = new() { [P(2)] = 3, [P(4)] = 1 };

    private static ConsensusDashboardView Build(IReadOnlyList<SilenceProcedure>? procedures = null) =>
        ConsensusDashboard.Build(Draft(), State, Stated, OpenAmendments, procedures ?? [], Now);

    private static ParagraphConsensus Row(ConsensusDashboardView view, Guid id) => view.Sections.SelectMany(s => s.Paragraphs).Single(p => p.ParagraphId == id);

    [Fact]
    public void Each_paragraph_shows_its_status_position_counts_brackets_and_open_amendments()
    {
        var view = Build();

        var first = Row(view, P(1));
        Assert.Equal((1, ParagraphStatus.UnderNegotiation, new PositionCounts(1, 1, 0, 1, 0)), (first.Number, first.Status, first.Positions));
        Assert.Equal("A footnote.", Assert.Single(first.Reservations).Text);
        Assert.Equal((2, 3), (Row(view, P(2)).Brackets, Row(view, P(2)).OpenAmendments));
        Assert.Equal(0, first.OpenAmendments);
    }

    [Fact]
    public void Blocking_objections_show_who_holds_them_and_holds_flag_the_overdue()
    {
        var view = Build();

        Assert.Equal(["CAN", "JPN"], Row(view, P(4)).Objections.Select(o => o.Delegation.Label));
        Assert.Equal([("CAN", true), ("JPN", false)], Row(view, P(3)).Holds.Select(h => (h.Delegation.Label, h.IsOverdue)));
    }

    [Fact]
    public void Ready_to_agree_means_no_objection_nobody_awaiting_instructions_and_no_brackets()
    {
        var view = Build();
        Assert.Equal([new ReadyParagraph(P(1), 1, "I.")], view.ReadyToAgree);
        Assert.Equal([true, false, false, false], new[] { P(1), P(2), P(3), P(4) }.Select(id => Row(view, id).ReadyToAgree));
    }

    [Fact]
    public void Amendments_accepted_over_objections_show_on_their_paragraph_with_the_Chairs_reason()
    {
        var overridden = new AcceptedOverObjections(P(9), ["CHN"], "Broad support.", Now);
        var view = ConsensusDashboard.Build(Draft(), State, Stated, OpenAmendments, [], Now,
            new Dictionary<Guid, IReadOnlyList<AcceptedOverObjections>> { [P(1)] = [overridden] });

        Assert.Equal([overridden], Row(view, P(1)).AcceptedOverObjections);
        Assert.Empty(Row(view, P(2)).AcceptedOverObjections);
    }

    [Fact]
    public void Open_amendments_on_its_points_hold_a_paragraph_back_from_agreement()
    {
        var (pointA, subPoint) = (P(21), P(22));
        var draft = Api.Drafts.Draft.Evolve(Api.Drafts.Draft.Evolve(Draft(), new PointPlaced(GroupId, DraftId, pointA, P(1), null)), new PointPlaced(GroupId, DraftId, subPoint, pointA, null))!;
        var clean = Paragraphs(Paragraph(P(1), ParagraphStatus.UnderNegotiation));
        var none = new Dictionary<Guid, ParagraphPositions>();

        var proposalOnSubPoint = ConsensusDashboard.Build(draft, clean, none, new Dictionary<Guid, int> { [subPoint] = 2, [pointA] = 1 }, [], Now);
        var decided = ConsensusDashboard.Build(draft, clean, none, new Dictionary<Guid, int>(), [], Now);

        Assert.Equal((false, 3), (Row(proposalOnSubPoint, P(1)).ReadyToAgree, Row(proposalOnSubPoint, P(1)).OpenAmendments));
        Assert.Empty(proposalOnSubPoint.ReadyToAgree);
        Assert.True(Row(decided, P(1)).ReadyToAgree);
    }

    [Fact]
    public void A_paragraph_with_open_amendments_is_not_ready_to_agree()
    {
        var clean = Paragraphs(Paragraph(P(1), ParagraphStatus.UnderNegotiation));

        var withProposal = ConsensusDashboard.Build(Draft(), clean, new Dictionary<Guid, ParagraphPositions>(), new Dictionary<Guid, int> { [P(1)] = 1 }, [], Now);
        var decided = ConsensusDashboard.Build(Draft(), clean, new Dictionary<Guid, ParagraphPositions>(), new Dictionary<Guid, int>(), [], Now);

        Assert.False(Row(withProposal, P(1)).ReadyToAgree);
        Assert.Empty(withProposal.ReadyToAgree);
        Assert.True(Row(decided, P(1)).ReadyToAgree);
    }

    [Fact]
    public void Sections_and_the_draft_have_totals_and_deleted_paragraphs_do_not_count()
    {
        var view = Build();

        Assert.Equal(["I.", "A.", "II."], view.Sections.Select(s => s.Number));
        var first = view.Sections[0];
        Assert.Equal((2, 3), (first.Totals.Paragraphs, first.TotalsIncludingSubSections.Paragraphs));
        Assert.Equal(new StatusCounts(0, 2, 1, 0, 0), first.TotalsIncludingSubSections.Statuses);
        Assert.Equal((2, 1), (first.TotalsIncludingSubSections.Holds, first.TotalsIncludingSubSections.OverdueHolds));
        Assert.Equal(SectionI, view.Sections[1].ParentSectionId);

        Assert.Equal([P(4)], view.Sections[2].Paragraphs.Select(p => p.ParagraphId));
        var totals = view.Totals;
        Assert.Equal((4, 2, 1, 2, 2, 4, 1), (totals.Paragraphs, totals.Objections, totals.ParagraphsWithObjections, totals.Holds, totals.Brackets, totals.OpenAmendments, totals.ReadyToAgree));
        Assert.Equal(new PositionCounts(2, 1, 2, 1, 2), totals.Positions);
    }

    [Fact]
    public void Paragraphs_under_silence_are_marked_with_the_deadline()
    {
        var started = SilenceDecisions.Place(new PlaceUnderSilence(GroupId, DraftId, ProcedureId, SilenceScope.OfParagraphs(P(1))),
            null, new SilenceContext(Draft(), State, Stated, []), Chair, Now);
        var view = Build([Silence(started)]);

        Assert.Equal(new SilenceMark(ProcedureId, Now.AddHours(72)), Row(view, P(1)).UnderSilence);
        Assert.Null(Row(view, P(3)).UnderSilence);
        Assert.Equal(1, view.Totals.UnderSilence);
    }

    [Fact]
    public void The_dashboard_is_plain_data_for_JSON()
    {
        var json = JsonSerializer.Serialize(Build(), JsonSerializerOptions.Web);

        Assert.Contains("\"status\":\"AgreedAdReferendum\"", json);
        Assert.Contains("\"label\":\"CAN\"", json);
        var back = JsonSerializer.Deserialize<JsonElement>(json, JsonSerializerOptions.Web);
        Assert.Equal(4, back.GetProperty("totals").GetProperty("paragraphs").GetInt32());
    }
}
