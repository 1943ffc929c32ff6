using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class PositionOnEarlierTextTests
{
    private static readonly Guid Id = P(1);
    private const string Given = "The Group considered the role of verification.";
    private const string Edited = "The Group carefully considered the role of verification.";

    private static object[] State(ParagraphPositions? state, Actor delegation, Position position, GivenOnText on) =>
        PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, position, on), state, delegation, Now);

    private static ParagraphPositions Stated(Actor delegation, Position position, GivenOnText on) =>
        Evolve(ParagraphPositions.Empty(GroupId, DraftId, Id), State(null, delegation, position, on));

    [Fact]
    public void A_position_records_the_text_it_was_stated_on()
    {
        var events = State(null, Canada, Position.JoinConsensus(), new GivenOnText(3, Given));

        Then(events, new PositionStated(GroupId, DraftId, Id, Canada.Sub, "CAN", Position.JoinConsensus(), Now, new GivenOnText(3, Given)));
        Assert.Empty(EarlierText.In(Evolve(ParagraphPositions.Empty(GroupId, DraftId, Id), events).Positions, Given));
    }

    [Fact]
    public void A_position_given_on_earlier_text_is_shown_as_such_until_confirmed()
    {
        var state = Stated(Canada, Position.JoinConsensus(), new GivenOnText(3, Given));

        var earlier = Assert.Single(EarlierText.In(state.Positions, Edited));
        Assert.Equal(new PositionOnEarlierText(new Delegation(Canada.Sub, "CAN"), PositionKind.JoinConsensus, 3, "carefully ".Length, 0), earlier);

        var confirmed = State(state, Canada, Position.JoinConsensus(), new GivenOnText(4, Edited));
        Then(confirmed, new PositionStated(GroupId, DraftId, Id, Canada.Sub, "CAN", Position.JoinConsensus(), Now, new GivenOnText(4, Edited)));
        Assert.Empty(EarlierText.In(Evolve(state, confirmed).Positions, Edited));
    }

    [Fact]
    public void Restating_a_position_on_the_text_it_was_given_on_changes_nothing()
    {
        var state = Stated(Canada, Position.JoinConsensus(), new GivenOnText(3, Given));

        Assert.Empty(State(state, Canada, Position.JoinConsensus(), new GivenOnText(5, Given)));
    }

    [Fact]
    public void Changing_a_position_gives_it_on_the_current_text()
    {
        var state = Stated(Canada, Position.JoinConsensus(), new GivenOnText(3, Given));

        var changed = Evolve(state, State(state, Canada, Position.CanLiveWith(), new GivenOnText(4, Edited)));

        Assert.Empty(EarlierText.In(changed.Positions, Edited));
    }

    [Fact]
    public void Turning_an_objection_into_a_reservation_gives_it_on_the_current_text()
    {
        var state = Stated(Canada, Position.Objection("Too weak."), new GivenOnText(3, Given));

        var turned = PositionDecisions.Decide(new TurnObjectionIntoReservation(Id, "Canada reads this narrowly.", new GivenOnText(4, Edited)), state, Canada, Now);

        Assert.Equal(new GivenOnText(4, Edited), Evolve(state, turned).PositionOf(Canada.Sub)!.GivenOn);
        Assert.Empty(EarlierText.In(Evolve(state, turned).Positions, Edited));
    }

    [Fact]
    public void An_edit_undone_does_not_make_a_position_stale()
    {
        var state = Stated(Canada, Position.JoinConsensus(), new GivenOnText(3, Given));

        // Versions 4 and 5 inserted a word and took it out again: the text is the one the position was given on.
        Assert.Empty(EarlierText.In(state.Positions, Given));
    }

    [Fact]
    public void A_position_stored_before_texts_were_recorded_is_not_shown_as_given_on_earlier_text()
    {
        var state = Evolve(ParagraphPositions.Empty(GroupId, DraftId, Id),
            [new PositionStated(GroupId, DraftId, Id, Canada.Sub, "CAN", Position.JoinConsensus(), Now)]);

        Assert.Null(state.PositionOf(Canada.Sub)!.GivenOn);
        Assert.Empty(EarlierText.In(state.Positions, Edited));
    }

    [Fact]
    public void The_change_since_a_position_is_counted_in_code_points()
    {
        var state = Stated(Canada, Position.Objection("Too strong."), new GivenOnText(1, "核查 🌐 verification"));

        var earlier = Assert.Single(EarlierText.In(state.Positions, "核查 🌍🌍 verification"));

        Assert.Equal((2, 1), (earlier.CodePointsInserted, earlier.CodePointsDeleted));
    }

    [Fact]
    public void A_position_given_on_earlier_text_neither_blocks_agreement_nor_changes_readiness()
    {
        var paragraph = Paragraph(Id, ParagraphStatus.UnderNegotiation) with { Text = Edited };
        var positions = Stated(Canada, Position.JoinConsensus(), new GivenOnText(1, Given));

        var row = ConsensusDashboard.Row(paragraph, 1, positions, 0, [], Now);

        Assert.True(row.ReadyToAgree);
        Assert.Empty(row.Objections);
        Assert.Equal(Canada.Sub, Assert.Single(row.GivenOnEarlierText).Delegation.Sub);
    }
}
