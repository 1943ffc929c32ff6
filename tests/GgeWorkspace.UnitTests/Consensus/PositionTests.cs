using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class PositionTests
{
    private static readonly Guid Id = P(1);

    [Theory]
    [InlineData(MemberRole.Chair)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_delegations_state_positions(MemberRole role)
    {
        var actor = new Actor("someone", role);
        Assert.Throws<ForbiddenException>(() =>
            PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.JoinConsensus()), null, actor, Now));
        Assert.Throws<ForbiddenException>(() =>
            PositionDecisions.Decide(new WithdrawPosition(Id), Positions(Id, (Canada, Position.JoinConsensus())), actor, Now));
    }

    [Fact]
    public void A_delegation_is_shown_with_its_nominating_State_when_attributed()
    {
        var events = PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.CanLiveWith()), null, Canada, Now);
        Then(events, new PositionStated(GroupId, DraftId, Id, "expert-ca", "CAN", new Position(PositionKind.CanLiveWith), Now));

        var positions = Positions(Id, (Canada, Position.JoinConsensus()), (PersonalExpert, Position.JoinConsensus()));
        Assert.Equal(["CAN", "expert-personal"], positions.Positions.Select(p => p.Delegation.Label));
    }

    [Fact]
    public void Changing_a_position_is_an_event_and_the_history_is_kept()
    {
        var state = Positions(Id, (Canada, Position.Objection("The text prejudges the outcome.")));
        var change = PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.CanLiveWith()), state, Canada, Now.AddHours(1));

        Then(change, new PositionStated(GroupId, DraftId, Id, Canada.Sub, "CAN", Position.CanLiveWith(), Now.AddHours(1)));
        var after = Evolve(state, change);
        Assert.Single(after.Positions);
        Assert.Equal(PositionKind.CanLiveWith, after.PositionOf(Canada.Sub)!.Position.Kind);
        Assert.Equal(Now.AddHours(1), after.PositionOf(Canada.Sub)!.Since);
    }

    [Fact]
    public void Restating_the_same_position_yields_nothing()
    {
        var state = Positions(Id, (Canada, Position.Reservation("Canada reserves its position on verification costs.")));
        Assert.Empty(PositionDecisions.Decide(
            new StatePosition(GroupId, DraftId, Id, Position.Reservation("  Canada reserves its position on verification costs. ")), state, Canada, Now));
    }

    [Fact]
    public void An_objection_needs_a_reason() =>
        Assert.Throws<UnprocessableException>(() =>
            PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, new Position(PositionKind.Objection, "  ")), null, Canada, Now));

    [Fact]
    public void A_reservation_needs_its_text() =>
        Assert.Throws<UnprocessableException>(() =>
            PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, new Position(PositionKind.Reservation)), null, Canada, Now));

    [Fact]
    public void Awaiting_instructions_needs_the_expected_date_kept_in_UTC()
    {
        Assert.Throws<UnprocessableException>(() =>
            PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, new Position(PositionKind.AwaitingInstructions)), null, Canada, Now));

        var events = PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.AwaitingInstructions(Now.AddDays(3))), null, Canada, Now);
        var stated = Assert.IsType<PositionStated>(Assert.Single(events));
        Assert.Equal(TimeSpan.Zero, stated.Position.ExpectedBy!.Value.Offset);
        Assert.Equal(Now.AddDays(3), stated.Position.ExpectedBy);
    }

    [Fact]
    public void A_hold_cannot_be_expected_by_a_date_already_past()
    {
        var error = Assert.Throws<FluentValidation.ValidationException>(() =>
            PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.AwaitingInstructions(Now.AddMinutes(-1))), null, Canada, Now));
        Assert.Equal("expectedBy", Assert.Single(error.Errors).PropertyName);

        Assert.Single(PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.AwaitingInstructions(Now)), null, Canada, Now));
    }

    [Fact]
    public void Restating_a_hold_that_fell_due_changes_nothing()
    {
        var held = Positions(Id, (Canada, Position.AwaitingInstructions(Now.AddDays(-1))));
        Assert.Empty(PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, Position.AwaitingInstructions(Now.AddDays(-1))), held, Canada, Now));
    }

    [Fact]
    public void Fields_that_do_not_belong_to_the_kind_are_dropped()
    {
        var events = PositionDecisions.Decide(
            new StatePosition(GroupId, DraftId, Id, new Position(PositionKind.JoinConsensus, "why", "footnote", Now)), null, Canada, Now);
        Assert.Equal(Position.JoinConsensus(), Assert.IsType<PositionStated>(Assert.Single(events)).Position);
    }

    [Fact]
    public void A_delegation_withdraws_its_position_and_only_its_own()
    {
        var state = Positions(Id, (Canada, Position.Objection("Not acceptable.")), (Japan, Position.JoinConsensus()));
        var events = PositionDecisions.Decide(new WithdrawPosition(Id), state, Canada, Now);

        Then(events, new PositionWithdrawn(GroupId, DraftId, Id, Canada.Sub, Now));
        Assert.Equal([Japan.Sub], Evolve(state, events).Positions.Select(p => p.Delegation.Sub));
        Assert.Throws<ConflictException>(() => PositionDecisions.Decide(new WithdrawPosition(Id), state, Mexico, Now));
        Assert.Throws<ConflictException>(() => PositionDecisions.Decide(new WithdrawPosition(Id), null, Mexico, Now));
    }

    [Fact]
    public void An_objecting_delegation_may_turn_its_objection_into_a_reservation()
    {
        var state = Positions(Id, (Canada, Position.Objection("Verification must be multilateral.")));
        var events = PositionDecisions.Decide(new TurnObjectionIntoReservation(Id, "Canada would have preferred a reference to multilateral verification."), state, Canada, Now);

        Then(events, new PositionStated(GroupId, DraftId, Id, Canada.Sub, "CAN",
            new Position(PositionKind.Reservation, "Verification must be multilateral.", "Canada would have preferred a reference to multilateral verification."), Now));
    }

    [Fact]
    public void Only_an_objection_can_be_turned_into_a_reservation()
    {
        var state = Positions(Id, (Canada, Position.CanLiveWith()));
        Assert.Throws<ConflictException>(() => PositionDecisions.Decide(new TurnObjectionIntoReservation(Id, "Footnote."), state, Canada, Now));
        Assert.Throws<UnprocessableException>(() => PositionDecisions.Decide(
            new TurnObjectionIntoReservation(Id, " "), Positions(Id, (Canada, Position.Objection("No."))), Canada, Now));
    }

    [Fact]
    public void Standing_lists_who_objects_and_who_awaits_instructions_with_overdue_holds_flagged()
    {
        var state = Positions(Id,
            (Canada, Position.Objection("Not acceptable.")),
            (Japan, Position.AwaitingInstructions(Now.AddDays(-1))),
            (Mexico, Position.AwaitingInstructions(Now.AddDays(2))),
            (PersonalExpert, Position.Reservation("A footnote.")));

        var standing = ConsensusRules.Standing(state, Now);

        Assert.Equal(new PositionCounts(0, 0, 2, 1, 1), standing.Counts);
        Assert.Equal("CAN", Assert.Single(standing.Objections).Delegation.Label);
        Assert.Equal("Not acceptable.", standing.Objections[0].Reason);
        Assert.Equal([("JPN", true), ("MEX", false)], standing.Holds.Select(h => (h.Delegation.Label, h.IsOverdue)));
        Assert.Equal("A footnote.", Assert.Single(standing.Reservations).Text);
    }

    [Fact]
    public void Positions_streams_have_their_own_ids_derived_from_the_paragraph()
    {
        Assert.Equal(ConsensusStreams.PositionsOf(Id), ConsensusStreams.PositionsOf(Id));
        Assert.NotEqual(Id, ConsensusStreams.PositionsOf(Id));
        Assert.NotEqual(ConsensusStreams.PositionsOf(P(2)), ConsensusStreams.PositionsOf(Id));
        Assert.NotEqual(ConsensusStreams.AdoptionOf(Id), ConsensusStreams.PositionsOf(Id));
        Assert.Equal(5, ConsensusStreams.PositionsOf(Id).Version);
    }
}
