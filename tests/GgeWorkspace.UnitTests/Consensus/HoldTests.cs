using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class HoldTests
{
    private static readonly Guid Id = P(1);
    private static readonly Paragraph AdRef = Paragraph(Id, ParagraphStatus.AgreedAdReferendum);

    private static ParagraphPositions HeldByJapanAndMexico() => Positions(Id,
        (Canada, Position.JoinConsensus()),
        (Japan, Position.AwaitingInstructions(Now.AddDays(2))),
        (Mexico, Position.AwaitingInstructions(Now.AddDays(5))));

    private static ParagraphPositions Requested(ParagraphPositions positions, Paragraph? paragraph = null) =>
        Evolve(positions, HoldRules.Decide(new RequestAutoAgreeOnHoldsLifted(Id), positions, paragraph ?? AdRef, Chair, Now));

    private static ParagraphPositions Change(ParagraphPositions positions, Actor delegation, Position position) =>
        Evolve(positions, PositionDecisions.Decide(new StatePosition(GroupId, DraftId, Id, position), positions, delegation, Now.AddDays(1)));

    [Theory]
    [InlineData(MemberRole.Expert)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_the_Chair_sets_a_paragraph_to_be_agreed_when_its_holds_are_lifted(MemberRole role) =>
        Assert.Throws<ForbiddenException>(() =>
            HoldRules.Decide(new RequestAutoAgreeOnHoldsLifted(Id), HeldByJapanAndMexico(), AdRef, new Actor("x", role, "CAN"), Now));

    [Fact]
    public void The_Chair_sets_a_paragraph_agreed_ad_referendum_with_holds_to_be_agreed_when_they_are_lifted()
    {
        var positions = HeldByJapanAndMexico();
        Then(HoldRules.Decide(new RequestAutoAgreeOnHoldsLifted(Id), positions, AdRef, Chair, Now),
            new AutoAgreeOnHoldsLiftedRequested(GroupId, DraftId, Id, Chair.Sub, Now));
        Assert.Empty(HoldRules.Decide(new RequestAutoAgreeOnHoldsLifted(Id), Requested(positions), AdRef, Chair, Now));
    }

    [Fact]
    public void Only_a_paragraph_agreed_ad_referendum_with_holds_can_be_set_to_be_agreed_when_they_are_lifted()
    {
        Assert.Throws<ConflictException>(() => HoldRules.Decide(
            new RequestAutoAgreeOnHoldsLifted(Id), HeldByJapanAndMexico(), Paragraph(Id, ParagraphStatus.UnderNegotiation), Chair, Now));
        Assert.Throws<ConflictException>(() => HoldRules.Decide(
            new RequestAutoAgreeOnHoldsLifted(Id), Positions(Id, (Canada, Position.JoinConsensus())), AdRef, Chair, Now));
    }

    [Fact]
    public void The_paragraph_is_agreed_when_its_last_hold_is_lifted()
    {
        var positions = Requested(HeldByJapanAndMexico());

        var oneLifted = Change(positions, Japan, Position.JoinConsensus());
        Assert.Equal(AutoAgreeVerdict.StillHeld, HoldRules.DecideAutoAgree(AdRef, oneLifted, Now.AddDays(1)).Verdict);

        var allLifted = Change(oneLifted, Mexico, Position.CanLiveWith());
        var decision = HoldRules.DecideAutoAgree(AdRef, allLifted, Now.AddDays(1));

        Assert.Equal(AutoAgreeVerdict.Agreed, decision.Verdict);
        Then([.. decision.ParagraphEvents], new ParagraphAgreed(GroupId, DraftId, Id, null, "holds-lifted"));
        Then([.. decision.PositionEvents], new AutoAgreeOnHoldsLiftedCompleted(GroupId, DraftId, Id, Now.AddDays(1)));
        Assert.Null(Evolve(allLifted, decision.PositionEvents).AutoAgree);
    }

    [Fact]
    public void A_hold_lifted_into_an_objection_fails_the_request_and_says_why()
    {
        var positions = Change(Change(Requested(HeldByJapanAndMexico()), Japan, Position.JoinConsensus()), Mexico, Position.Objection("Capital cannot accept."));
        var decision = HoldRules.DecideAutoAgree(AdRef, positions, Now.AddDays(1));

        Assert.Equal(AutoAgreeVerdict.Failed, decision.Verdict);
        Assert.Empty(decision.ParagraphEvents);
        Assert.Equal(AgreementObstacle.Objection, Assert.Single(decision.Reasons).Obstacle);
        Assert.Contains("MEX objects", decision.Reasons[0].Message);
        var failed = Assert.IsType<AutoAgreeFailed>(Assert.Single(decision.PositionEvents));
        Assert.Equal(decision.Reasons, failed.Reasons);
        Assert.Null(Evolve(positions, decision.PositionEvents).AutoAgree);
    }

    [Fact]
    public void Text_reopened_meanwhile_is_not_agreed_automatically()
    {
        var reopened = Drafts.Specs.Evolve(AdRef, [new ParagraphReopened(GroupId, DraftId, Id, "Capitals asked to look again.")]);
        var positions = Change(Change(Requested(HeldByJapanAndMexico()), Japan, Position.JoinConsensus()), Mexico, Position.JoinConsensus());

        var decision = HoldRules.DecideAutoAgree(reopened, positions, Now.AddDays(1));
        Assert.Equal(AutoAgreeVerdict.Failed, decision.Verdict);
        Assert.Equal(AgreementObstacle.Status, Assert.Single(decision.Reasons).Obstacle);
    }

    [Fact]
    public void Without_a_request_or_after_it_is_cancelled_nothing_is_agreed()
    {
        var lifted = Change(Change(HeldByJapanAndMexico(), Japan, Position.JoinConsensus()), Mexico, Position.JoinConsensus());
        Assert.Equal(AutoAgreeVerdict.NotRequested, HoldRules.DecideAutoAgree(AdRef, lifted, Now).Verdict);

        var requested = Requested(HeldByJapanAndMexico());
        var cancel = HoldRules.Decide(new CancelAutoAgreeOnHoldsLifted(Id), requested, AdRef, Chair, Now);
        Then(cancel, new AutoAgreeOnHoldsLiftedCancelled(GroupId, DraftId, Id, Chair.Sub, Now));
        var cancelled = Evolve(requested, cancel);
        Assert.Equal(AutoAgreeVerdict.NotRequested,
            HoldRules.DecideAutoAgree(AdRef, Change(Change(cancelled, Japan, Position.JoinConsensus()), Mexico, Position.JoinConsensus()), Now).Verdict);
        Assert.Throws<ConflictException>(() => HoldRules.Decide(new CancelAutoAgreeOnHoldsLifted(Id), cancelled, AdRef, Chair, Now));
    }
}
