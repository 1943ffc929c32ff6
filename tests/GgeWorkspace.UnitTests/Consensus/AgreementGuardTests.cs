using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class AgreementGuardTests
{
    private static readonly Paragraph AdRef = Paragraph(P(1), ParagraphStatus.AgreedAdReferendum);

    [Fact]
    public void An_objection_blocks_agreement_until_withdrawn_or_turned_into_a_reservation()
    {
        var objecting = Positions(P(1), (Canada, Position.Objection("Not acceptable.")), (Japan, Position.JoinConsensus()));
        var error = Assert.Throws<ConflictException>(() => ConsensusRules.EnsureCanAgree(AdRef, objecting));
        Assert.Contains("CAN objects", error.Message);

        var withdrawn = Evolve(objecting, PositionDecisions.Decide(new WithdrawPosition(P(1)), objecting, Canada, Now));
        ConsensusRules.EnsureCanAgree(AdRef, withdrawn);

        var reserved = Evolve(objecting, PositionDecisions.Decide(new TurnObjectionIntoReservation(P(1), "A footnote."), objecting, Canada, Now));
        ConsensusRules.EnsureCanAgree(AdRef, reserved);
    }

    [Fact]
    public void Agreeing_ad_referendum_or_finally_is_refused_while_a_delegation_objects()
    {
        var underNegotiation = Paragraph(P(1), ParagraphStatus.UnderNegotiation);
        var objecting = Positions(P(1), (Canada, Position.Objection("Not acceptable.")));

        Assert.True(ConsensusRules.IsAgreement(new AgreeParagraphAdReferendum(P(1))));
        Assert.True(ConsensusRules.IsAgreement(new AgreeParagraph(P(1))));
        Assert.False(ConsensusRules.IsAgreement(new ParkParagraph(P(1))));
        Assert.False(ConsensusRules.IsAgreement(new PutParagraphUnderNegotiation(P(1), "Reopened.")));
        var error = Assert.Throws<ConflictException>(() => ConsensusRules.EnsureCanAgree(underNegotiation, objecting));
        Assert.Equal(["CAN"], Assert.IsType<List<string>>(error.Extensions["objectingDelegations"]));
    }

    [Fact]
    public void The_refusal_names_every_objecting_delegation()
    {
        var positions = Positions(P(1), (Canada, Position.Objection("No.")), (Japan, Position.Objection("Neither.")), (Mexico, Position.JoinConsensus()));
        var error = Assert.Throws<ConflictException>(() => ConsensusRules.EnsureCanAgree(AdRef, positions));

        Assert.Contains("CAN and JPN object", error.Message);
        Assert.Equal(["CAN", "JPN"], Assert.IsType<List<string>>(error.Extensions["objectingDelegations"]));
    }

    [Fact]
    public void Reservations_holds_and_no_positions_do_not_block_the_Chairs_agreement()
    {
        ConsensusRules.EnsureCanAgree(AdRef, null);
        ConsensusRules.EnsureCanAgree(AdRef, Positions(P(1),
            (Canada, Position.Reservation("A footnote.")), (Japan, Position.AwaitingInstructions(Now.AddDays(1))), (Mexico, Position.CanLiveWith())));
    }

    [Fact]
    public void Blockers_name_status_brackets_several_options_and_objections()
    {
        var paragraph = Paragraph(P(1), ParagraphStatus.UnderNegotiation, brackets: 2, options: 2);
        var blockers = ConsensusRules.Blockers(paragraph, Positions(P(1), (Canada, Position.Objection("No."))));
        Assert.Equal([AgreementObstacle.Brackets, AgreementObstacle.Options, AgreementObstacle.Objection], blockers.Select(b => b.Obstacle));

        Assert.Equal([AgreementObstacle.Status], ConsensusRules.Blockers(Paragraph(P(1), ParagraphStatus.Parked), null).Select(b => b.Obstacle));
        Assert.Empty(ConsensusRules.Blockers(Paragraph(P(1), ParagraphStatus.UnderNegotiation, options: 1), null));
    }

    [Fact]
    public void A_procedure_agrees_with_the_single_option_and_yields_nothing_for_agreed_text()
    {
        var paragraph = Paragraph(P(1), ParagraphStatus.UnderNegotiation, options: 1);
        var agreement = ConsensusRules.AgreeByProcedure(paragraph, null, ConsensusProcedures.Silence);

        Assert.Equal(ProcedureAgreementOutcome.Agreed, agreement.Outcome);
        var agreed = Assert.IsType<ParagraphAgreed>(agreement.ParagraphEvents[^1]);
        Assert.Equal((paragraph.Options[0].Id, "silence"), (agreed.ChosenOptionId!.Value, agreed.Procedure));
        Assert.Equal("Option text 1.", Drafts.Specs.Evolve(paragraph, agreement.ParagraphEvents).Text);

        var again = ConsensusRules.AgreeByProcedure(Drafts.Specs.Evolve(paragraph, agreement.ParagraphEvents), null, ConsensusProcedures.Silence);
        Assert.Equal((ProcedureAgreementOutcome.AlreadyAgreed, 0), (again.Outcome, again.ParagraphEvents.Count));
    }
}
