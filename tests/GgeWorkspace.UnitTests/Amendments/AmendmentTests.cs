using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Amendments.AmendmentSpecs;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Amendments;

public sealed class AmendmentTests
{
    private static Paragraph Target(ParagraphStatus status = ParagraphStatus.UnderNegotiation) => Given(InStatus(status, BaseText));

    private static object[] Propose(Actor actor, AmendmentKind kind = AmendmentKind.ReplaceText, string? text = "The Group noted the report.", Paragraph? target = null) =>
        AmendmentDecisions.Propose(new ProposeAmendment(GroupId, DraftId, AmendmentId, ParagraphId, kind, text), null, target ?? Target(), actor, Now);

    [Fact]
    public void An_Expert_proposes_an_amendment_based_on_the_current_text_version_attributed_to_their_State()
    {
        var target = Target();
        target = Evolve(target, ParagraphDecisions.Sequence(target, TextOperation.FromDiff(BaseText, BaseText + " Again."), TextChangeKind.LiveEdit, "chair", null, Now));

        var events = Propose(CanadianExpert, text: "New text.", target: target);

        Then(events, new AmendmentProposed(GroupId, DraftId, AmendmentId, ParagraphId, AmendmentKind.ReplaceText, "New text.", null,
            1, BaseText + " Again.", "expert-ca", "Canada", Now));
    }

    [Theory]
    [InlineData(MemberRole.Chair)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_Experts_propose_amendments(MemberRole role)
    {
        Assert.Throws<ForbiddenException>(() => Propose(ActorWith(role)));
    }

    [Theory]
    [InlineData(AmendmentKind.ReplaceText)]
    [InlineData(AmendmentKind.InsertParagraphAfter)]
    [InlineData(AmendmentKind.AddOption)]
    public void An_amendment_other_than_a_deletion_needs_its_text(AmendmentKind kind)
    {
        Assert.Throws<UnprocessableException>(() => Propose(CanadianExpert, kind, " "));
    }

    [Fact]
    public void An_amendment_deleting_a_paragraph_has_no_text()
    {
        Assert.Throws<UnprocessableException>(() => Propose(CanadianExpert, AmendmentKind.DeleteParagraph, "text"));
        Assert.Single(Propose(CanadianExpert, AmendmentKind.DeleteParagraph, null));
    }

    [Theory]
    [InlineData(ParagraphStatus.Agreed, AmendmentKind.ReplaceText)]
    [InlineData(ParagraphStatus.AgreedAdReferendum, AmendmentKind.DeleteParagraph)]
    [InlineData(ParagraphStatus.Parked, AmendmentKind.AddOption)]
    [InlineData(ParagraphStatus.Deleted, AmendmentKind.InsertParagraphAfter)]
    public void Agreed_parked_or_deleted_text_cannot_be_amended_in_ways_its_status_forbids(ParagraphStatus status, AmendmentKind kind)
    {
        var error = Assert.Throws<ConflictException>(() => Propose(CanadianExpert, kind, kind == AmendmentKind.DeleteParagraph ? null : "Text.", Target(status)));
        Assert.Equal(status, error.Extensions["currentStatus"]);
    }

    [Fact]
    public void A_new_paragraph_can_be_proposed_after_agreed_text()
    {
        Assert.Single(Propose(CanadianExpert, AmendmentKind.InsertParagraphAfter, "A new paragraph.", Target(ParagraphStatus.Agreed)));
    }

    [Fact]
    public void An_amendment_to_a_paragraph_of_another_draft_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => AmendmentDecisions.Propose(
            new ProposeAmendment(GroupId, Guid.NewGuid(), AmendmentId, ParagraphId, AmendmentKind.ReplaceText, "x"), null, Target(), CanadianExpert, Now));
    }

    [Fact]
    public void A_delegation_supports_an_amendment_with_its_attributed_State()
    {
        Then(When(GivenAmendment(Proposed()), new SupportAmendment(AmendmentId), JapaneseExpert),
            new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", Now));
    }

    [Theory]
    [InlineData(MemberRole.Chair)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void The_Chair_Secretariat_and_Observers_take_no_sides(MemberRole role)
    {
        var state = GivenAmendment(Proposed());
        Assert.Throws<ForbiddenException>(() => When(state, new SupportAmendment(AmendmentId), ActorWith(role)));
        Assert.Throws<ForbiddenException>(() => When(state, new ObjectToAmendment(AmendmentId, "No."), ActorWith(role)));
    }

    [Fact]
    public void The_proposer_cannot_support_or_object_to_their_own_amendment()
    {
        var state = GivenAmendment(Proposed());
        Assert.Throws<ForbiddenException>(() => When(state, new SupportAmendment(AmendmentId), CanadianExpert));
        Assert.Throws<ForbiddenException>(() => When(state, new ObjectToAmendment(AmendmentId), CanadianExpert));
    }

    [Fact]
    public void A_delegation_that_objects_after_supporting_changes_side()
    {
        var state = GivenAmendment(Proposed(), new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", Now));
        var events = When(state, new ObjectToAmendment(AmendmentId, " Too weak. "), JapaneseExpert);

        Then(events, new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", "Too weak.", Now));
        var after = Evolve(state, events);
        Assert.Empty(after.Supporters);
        Assert.Equal("Too weak.", Assert.Single(after.Objections).Reason);
    }

    [Fact]
    public void A_delegation_that_supports_after_objecting_changes_side()
    {
        var state = GivenAmendment(Proposed(), new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", null, Now));
        var after = Evolve(state, When(state, new SupportAmendment(AmendmentId), JapaneseExpert));
        Assert.Empty(after.Objections);
        Assert.Equal("expert-jp", Assert.Single(after.Supporters).Sub);
    }

    [Fact]
    public void Supporting_twice_changes_nothing()
    {
        var state = GivenAmendment(Proposed(), new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", Now));
        Assert.Empty(When(state, new SupportAmendment(AmendmentId), JapaneseExpert));
    }

    [Fact]
    public void A_delegation_withdraws_its_support_or_objection_and_nothing_if_it_took_no_position()
    {
        var state = GivenAmendment(Proposed(),
            new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", Now),
            new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-mx", "MEX", null, Now));

        Then(When(state, new WithdrawAmendmentPosition(AmendmentId), JapaneseExpert),
            new AmendmentSupportWithdrawn(GroupId, DraftId, AmendmentId, "expert-jp", Now));
        Then(When(state, new WithdrawAmendmentPosition(AmendmentId), MexicanExpert),
            new AmendmentObjectionWithdrawn(GroupId, DraftId, AmendmentId, "expert-mx", Now));
        Assert.Throws<ConflictException>(() => When(state, new WithdrawAmendmentPosition(AmendmentId), ChineseExpert));
    }

    [Fact]
    public void Only_the_Chair_rejects_an_amendment()
    {
        var state = GivenAmendment(Proposed());
        foreach (var role in new[] { MemberRole.Expert, MemberRole.Secretariat, MemberRole.Observer })
            Assert.Throws<ForbiddenException>(() => When(state, new RejectAmendment(AmendmentId), ActorWith(role)));
        Then(When(state, new RejectAmendment(AmendmentId, "Out of scope."), Chair),
            new AmendmentRejected(GroupId, DraftId, AmendmentId, "Out of scope.", Now));
    }

    [Fact]
    public void Only_the_Chair_accepts_an_amendment()
    {
        var state = GivenAmendment(Proposed());
        foreach (var role in new[] { MemberRole.Expert, MemberRole.Secretariat, MemberRole.Observer })
            Assert.Throws<ForbiddenException>(() =>
                AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), state, Target(), DraftWithParagraph(), ActorWith(role), Now));
    }

    [Fact]
    public void Only_the_proposer_withdraws_an_amendment()
    {
        var state = GivenAmendment(Proposed());
        Assert.Throws<ForbiddenException>(() => When(state, new WithdrawAmendment(AmendmentId), JapaneseExpert));
        Assert.Throws<ForbiddenException>(() => When(state, new WithdrawAmendment(AmendmentId), Chair));
        Then(When(state, new WithdrawAmendment(AmendmentId), CanadianExpert), new AmendmentWithdrawn(GroupId, DraftId, AmendmentId, Now));
    }

    [Theory]
    [InlineData(AmendmentState.Accepted)]
    [InlineData(AmendmentState.Rejected)]
    [InlineData(AmendmentState.Withdrawn)]
    public void Nothing_happens_to_an_amendment_after_a_final_state(AmendmentState final)
    {
        var state = GivenAmendment(InState(final));
        (IAmendmentCommand Command, Actor Actor)[] attempts =
        [
            (new SupportAmendment(AmendmentId), JapaneseExpert),
            (new ObjectToAmendment(AmendmentId), JapaneseExpert),
            (new WithdrawAmendmentPosition(AmendmentId), JapaneseExpert),
            (new RejectAmendment(AmendmentId), Chair),
            (new WithdrawAmendment(AmendmentId), CanadianExpert),
        ];
        foreach (var (command, actor) in attempts)
        {
            var error = Assert.Throws<ConflictException>(() => When(state, command, actor));
            Assert.Equal(final, error.Extensions["currentState"]);
            Assert.Contains(final.ToString().ToLowerInvariant(), error.Message);
        }
        Assert.Throws<ConflictException>(() =>
            AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), state, Target(), DraftWithParagraph(), Chair, Now));
    }

    [Fact]
    public void Accepting_over_standing_objections_needs_the_Chairs_acknowledgement_and_a_reason()
    {
        var amendment = GivenAmendment(
            Proposed(),
            new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-mx", "MEX", Now),
            new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-cn", "CHN", "Too strong.", Now),
            new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-jp", "Japan", null, Now));

        var unacknowledged = Assert.Throws<ConflictException>(() =>
            AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, Target(), DraftWithParagraph(), Chair, Now));
        Assert.Equal(["CHN", "Japan"], Assert.IsType<List<string>>(unacknowledged.Extensions["objectingDelegations"]));
        Assert.Contains("CHN and Japan object", unacknowledged.Message);
        Assert.Throws<UnprocessableException>(() =>
            AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId, OverrideObjections: true, " "), amendment, Target(), DraftWithParagraph(), Chair, Now));

        var acceptance = AmendmentDecisions.Accept(
            new AcceptAmendment(AmendmentId, OverrideObjections: true, " Broad support. "), amendment, Target(), DraftWithParagraph(), Chair, Now);

        var accepted = Assert.IsType<AmendmentAccepted>(Assert.Single(acceptance.AmendmentEvents));
        Assert.Equal("Broad support.", accepted.Reason);
        Assert.Equal([("expert-cn", "Too strong."), ("expert-jp", (string?)null)], accepted.OverriddenObjections!.Select(o => (o.Sub, o.Reason)));
        Assert.Equal("Broad support.", Evolve(amendment, acceptance.AmendmentEvents).DecisionReason);
    }

    [Fact]
    public void An_objection_withdrawn_needs_no_acknowledgement_to_accept()
    {
        var amendment = GivenAmendment(
            Proposed(),
            new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-cn", "CHN", "Too strong.", Now),
            new AmendmentObjectionWithdrawn(GroupId, DraftId, AmendmentId, "expert-cn", Now));

        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, Target(), DraftWithParagraph(), Chair, Now);

        Then(acceptance.AmendmentEvents, new AmendmentAccepted(GroupId, DraftId, AmendmentId, ParagraphId, Now));
    }

    [Fact]
    public void Accepting_text_goes_through_the_sequencer_attributed_to_the_proposer()
    {
        var amendment = GivenAmendment(Proposed());
        var paragraph = Target();
        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, paragraph, DraftWithParagraph(), Chair, Now);

        Then(acceptance.AmendmentEvents, new AmendmentAccepted(GroupId, DraftId, AmendmentId, ParagraphId, Now));
        Assert.Equal(ParagraphId, acceptance.ParagraphStreamId);
        Assert.Null(acceptance.DraftCommand);
        var changed = Assert.IsType<ParagraphTextChanged>(Assert.Single(acceptance.ParagraphEvents));
        Assert.Equal(TextChangeKind.AmendmentAccepted, changed.Kind);
        Assert.Equal(("expert-ca", "Canada"), (changed.AuthorSub, changed.AuthorState));
        Assert.Equal(amendment.Text, Evolve(paragraph, acceptance.ParagraphEvents).Text);
    }

    [Fact]
    public void Accepting_after_another_change_to_the_paragraph_keeps_both_changes()
    {
        var paragraph = Target();
        paragraph = Evolve(paragraph, ParagraphDecisions.Sequence(paragraph,
            TextOperation.FromDiff(BaseText, "The Group warmly welcomed the report of the Secretary-General."), TextChangeKind.LiveEdit, "chair", null, Now));
        var amendment = GivenAmendment(Proposed(text: "The Group welcomed the report of the Secretary-General on verification."));

        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, paragraph, DraftWithParagraph(), Chair, Now);

        Assert.Equal("The Group warmly welcomed the report of the Secretary-General on verification.", Evolve(paragraph, acceptance.ParagraphEvents).Text);
    }

    [Fact]
    public void Accepting_an_amendment_that_overlaps_a_later_change_is_refused_with_the_three_texts()
    {
        var paragraph = Target();
        const string current = "The Group welcomed the report of the Chair.";
        paragraph = Evolve(paragraph, ParagraphDecisions.Sequence(paragraph, TextOperation.FromDiff(BaseText, current), TextChangeKind.LiveEdit, "chair", null, Now));
        var amendment = GivenAmendment(Proposed(text: "The Group welcomed the report of the Secretariat."));

        var error = Assert.Throws<ConflictException>(() =>
            AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, paragraph, DraftWithParagraph(), Chair, Now));
        Assert.Equal(BaseText, error.Extensions["base"]);
        Assert.Equal(current, error.Extensions["current"]);
        Assert.Equal("The Group welcomed the report of the Secretariat.", error.Extensions["proposed"]);
    }

    [Fact]
    public void Accepting_an_insertion_adds_a_paragraph_with_an_id_derived_from_the_amendments_right_after_the_target()
    {
        var amendment = GivenAmendment(Proposed(AmendmentKind.InsertParagraphAfter, "A new paragraph."));
        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, Target(), DraftWithParagraph(), Chair, Now);

        Assert.Equal(amendment.ResultingId, acceptance.ParagraphStreamId);
        Assert.NotEqual(AmendmentId, acceptance.ParagraphStreamId);
        Then(acceptance.ParagraphEvents, new ParagraphAdded(GroupId, DraftId, amendment.ResultingId, "A new paragraph.", "expert-ca", "Canada", Now));
        var draft = DraftWithParagraph();
        draft = DraftDecisions.Decide(acceptance.DraftCommand!, draft, Chair).Aggregate(draft, EvolveDraft);
        Assert.Equal(2, DraftOutline.Of(draft).NumberOf(amendment.ResultingId));
    }

    [Fact]
    public void Accepting_a_deletion_deletes_the_paragraph_and_withdraws_it_from_numbering()
    {
        var amendment = GivenAmendment(Proposed(AmendmentKind.DeleteParagraph, null));
        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, Target(), DraftWithParagraph(), Chair, Now);

        Assert.Equal(ParagraphStatus.Deleted, Evolve(Target(), acceptance.ParagraphEvents).Status);
        Assert.Equal(new WithdrawParagraph(DraftId, ParagraphId), acceptance.DraftCommand);
    }

    [Fact]
    public void Accepting_an_option_adds_it_attributed_to_the_proposer_and_puts_proposed_text_under_negotiation()
    {
        var amendment = GivenAmendment(Proposed(AmendmentKind.AddOption, "Alternative wording."));
        var paragraph = Target(ParagraphStatus.Proposed);
        var acceptance = AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), amendment, paragraph, DraftWithParagraph(), Chair, Now);

        var after = Evolve(paragraph, acceptance.ParagraphEvents);
        Assert.Equal(ParagraphStatus.UnderNegotiation, after.Status);
        var option = Assert.Single(after.Options);
        Assert.Equal((amendment.ResultingId, "Alternative wording.", "expert-ca"), (option.Id, option.Text, option.AuthorSub));
    }

    [Fact]
    public void An_amendment_to_text_agreed_since_cannot_be_accepted_until_reopened()
    {
        var error = Assert.Throws<ConflictException>(() =>
            AmendmentDecisions.Accept(new AcceptAmendment(AmendmentId), GivenAmendment(Proposed()), Target(ParagraphStatus.Agreed), DraftWithParagraph(), Chair, Now));
        Assert.Equal(ParagraphStatus.Agreed, error.Extensions["currentStatus"]);
    }

    [Fact]
    public void An_amendment_is_found_only_in_the_draft_and_group_it_was_proposed_in()
    {
        var amendment = GivenAmendment(Proposed());

        Assert.Same(amendment, Amendment.InDraft(amendment, GroupId, DraftId));
        Assert.Throws<NotFoundException>(() => Amendment.InDraft(amendment, GroupId, Guid.NewGuid()));
        Assert.Throws<NotFoundException>(() => Amendment.InDraft(amendment, Guid.NewGuid(), DraftId));
        Assert.Throws<NotFoundException>(() => Amendment.InDraft(null, GroupId, DraftId));
    }
}
