using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class ParagraphStatusTests
{
    private static readonly Dictionary<(ParagraphStatus From, ParagraphStatus To), Type> AllowedTransitions = new()
    {
        [(ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation)] = typeof(ParagraphPutUnderNegotiation),
        [(ParagraphStatus.UnderNegotiation, ParagraphStatus.AgreedAdReferendum)] = typeof(ParagraphAgreedAdReferendum),
        [(ParagraphStatus.UnderNegotiation, ParagraphStatus.Agreed)] = typeof(ParagraphAgreed),
        [(ParagraphStatus.AgreedAdReferendum, ParagraphStatus.Agreed)] = typeof(ParagraphAgreed),
        [(ParagraphStatus.Proposed, ParagraphStatus.Parked)] = typeof(ParagraphParked),
        [(ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked)] = typeof(ParagraphParked),
        [(ParagraphStatus.Parked, ParagraphStatus.UnderNegotiation)] = typeof(ParagraphResumed),
        [(ParagraphStatus.AgreedAdReferendum, ParagraphStatus.UnderNegotiation)] = typeof(ParagraphReopened),
        [(ParagraphStatus.Agreed, ParagraphStatus.UnderNegotiation)] = typeof(ParagraphReopened),
        [(ParagraphStatus.Proposed, ParagraphStatus.Deleted)] = typeof(ParagraphDeleted),
        [(ParagraphStatus.UnderNegotiation, ParagraphStatus.Deleted)] = typeof(ParagraphDeleted),
        [(ParagraphStatus.AgreedAdReferendum, ParagraphStatus.Deleted)] = typeof(ParagraphDeleted),
        [(ParagraphStatus.Agreed, ParagraphStatus.Deleted)] = typeof(ParagraphDeleted),
        [(ParagraphStatus.Parked, ParagraphStatus.Deleted)] = typeof(ParagraphDeleted),
    };

    private static readonly ParagraphStatus[] Targets =
        [ParagraphStatus.UnderNegotiation, ParagraphStatus.AgreedAdReferendum, ParagraphStatus.Agreed, ParagraphStatus.Parked, ParagraphStatus.Deleted];

    public static TheoryData<ParagraphStatus, ParagraphStatus> EveryPair()
    {
        var data = new TheoryData<ParagraphStatus, ParagraphStatus>();
        foreach (var from in Enum.GetValues<ParagraphStatus>())
            foreach (var to in Targets)
                data.Add(from, to);
        return data;
    }

    public static TheoryData<ParagraphStatus, ParagraphStatus, MemberRole> EveryAllowedTransitionAndRole()
    {
        var data = new TheoryData<ParagraphStatus, ParagraphStatus, MemberRole>();
        foreach (var (from, to) in AllowedTransitions.Keys)
            foreach (var role in Enum.GetValues<MemberRole>())
                data.Add(from, to, role);
        return data;
    }

    private static IParagraphCommand CommandTo(ParagraphStatus target) => target switch
    {
        ParagraphStatus.UnderNegotiation => new PutParagraphUnderNegotiation(ParagraphId, "Capitals asked to look at it again."),
        ParagraphStatus.AgreedAdReferendum => new AgreeParagraphAdReferendum(ParagraphId),
        ParagraphStatus.Agreed => new AgreeParagraph(ParagraphId),
        ParagraphStatus.Parked => new ParkParagraph(ParagraphId),
        ParagraphStatus.Deleted => new DeleteParagraph(ParagraphId, "Merged into paragraph 12."),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Status_moves_only_along_the_allowed_transitions_and_any_other_move_is_a_conflict_naming_the_current_status(
        ParagraphStatus from, ParagraphStatus to)
    {
        var state = Given(InStatus(from));
        var actor = AllowedTransitions.ContainsKey((from, to)) && !ParagraphStatusRules.Transitions[(from, to)].Contains(MemberRole.Chair)
            ? Secretariat
            : Chair;

        if (AllowedTransitions.TryGetValue((from, to), out var eventType))
        {
            var events = When(state, CommandTo(to), actor);
            Assert.Equal(eventType, Assert.Single(events).GetType());
            Assert.Equal(to, Evolve(state, events).Status);
        }
        else
        {
            var error = Assert.Throws<ConflictException>(() => When(state, CommandTo(to), actor));
            Assert.Equal(from, error.Extensions["currentStatus"]);
            Assert.Contains(ParagraphStatusRules.Describe(from), error.Message);
        }
    }

    [Fact]
    public void The_status_machine_has_exactly_the_transitions_of_the_rules()
    {
        Assert.Equal(AllowedTransitions.Keys.OrderBy(k => k), ParagraphStatusRules.Transitions.Keys.OrderBy(k => k));
    }

    [Theory]
    [MemberData(nameof(EveryAllowedTransitionAndRole))]
    public void Each_transition_is_open_only_to_its_roles(ParagraphStatus from, ParagraphStatus to, MemberRole role)
    {
        var state = Given(InStatus(from));
        var allowed = (from, to) switch
        {
            (ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation) => role is MemberRole.Chair or MemberRole.Secretariat,
            (ParagraphStatus.Proposed, ParagraphStatus.Deleted) => role is MemberRole.Chair or MemberRole.Secretariat,
            _ => role is MemberRole.Chair,
        };

        if (allowed) Assert.NotEmpty(When(state, CommandTo(to), ActorWith(role)));
        else Assert.Throws<ForbiddenException>(() => When(state, CommandTo(to), ActorWith(role)));
    }

    [Theory]
    [InlineData(ParagraphStatus.Agreed)]
    [InlineData(ParagraphStatus.AgreedAdReferendum)]
    public void Only_the_Chair_can_reopen_agreed_text_and_only_with_a_reason(ParagraphStatus agreed)
    {
        var state = Given(InStatus(agreed));

        Assert.Throws<ForbiddenException>(() => When(state, new PutParagraphUnderNegotiation(ParagraphId, "A reason"), Secretariat));
        Assert.Throws<ForbiddenException>(() => When(state, new PutParagraphUnderNegotiation(ParagraphId, "A reason"), CanadianExpert));
        Assert.Throws<UnprocessableException>(() => When(state, new PutParagraphUnderNegotiation(ParagraphId), Chair));
        Assert.Throws<UnprocessableException>(() => When(state, new PutParagraphUnderNegotiation(ParagraphId, "  "), Chair));
        Then(When(state, new PutParagraphUnderNegotiation(ParagraphId, " New instructions from capitals "), Chair),
            new ParagraphReopened(GroupId, DraftId, ParagraphId, "New instructions from capitals"));
    }

    [Theory]
    [InlineData(ParagraphStatus.Agreed)]
    [InlineData(ParagraphStatus.AgreedAdReferendum)]
    public void Only_the_Chair_deletes_agreed_text_and_only_with_a_reason(ParagraphStatus agreed)
    {
        var state = Given(InStatus(agreed));

        Assert.Throws<ForbiddenException>(() => When(state, new DeleteParagraph(ParagraphId, "Duplicate"), Secretariat));
        Assert.Throws<ForbiddenException>(() => When(state, new DeleteParagraph(ParagraphId, "Duplicate"), CanadianExpert));
        Assert.Throws<UnprocessableException>(() => When(state, new DeleteParagraph(ParagraphId), Chair));
        Assert.Throws<UnprocessableException>(() => When(state, new DeleteParagraph(ParagraphId, " "), Chair));
        Then(When(state, new DeleteParagraph(ParagraphId, " Merged into paragraph 12. "), Chair),
            new ParagraphDeleted(GroupId, DraftId, ParagraphId, "Merged into paragraph 12."));
    }

    [Theory]
    [InlineData(ParagraphStatus.UnderNegotiation)]
    [InlineData(ParagraphStatus.Parked)]
    [InlineData(ParagraphStatus.AgreedAdReferendum)]
    [InlineData(ParagraphStatus.Agreed)]
    public void The_Secretariat_deletes_only_proposed_paragraphs_never_text_being_negotiated_or_agreed(ParagraphStatus status)
    {
        Then(When(Given(InStatus(ParagraphStatus.Proposed)), new DeleteParagraph(ParagraphId, null), Secretariat),
            new ParagraphDeleted(GroupId, DraftId, ParagraphId, null));
        Assert.Throws<ForbiddenException>(() => When(Given(InStatus(status)), new DeleteParagraph(ParagraphId, "Added by mistake"), Secretariat));
    }

    [Theory]
    [InlineData(ParagraphStatus.Proposed)]
    [InlineData(ParagraphStatus.UnderNegotiation)]
    [InlineData(ParagraphStatus.Parked)]
    [InlineData(ParagraphStatus.AgreedAdReferendum)]
    [InlineData(ParagraphStatus.Agreed)]
    public void A_deleted_paragraph_is_restored_by_the_Chair_to_the_status_it_had(ParagraphStatus before)
    {
        var state = Given([.. InStatus(before), new ParagraphDeleted(GroupId, DraftId, ParagraphId, "Merged into paragraph 12.")]);

        var events = When(state, new RestoreParagraph(ParagraphId, " Deleted in error. "), Chair);

        Then(events, new ParagraphRestored(GroupId, DraftId, ParagraphId, before, "Deleted in error."));
        var restored = Evolve(state, events);
        Assert.Equal(before, restored.Status);
        Assert.Null(restored.StatusBeforeDeletion);
        Assert.Equal(state.NegotiationVersion + 1, restored.NegotiationVersion);
    }

    [Fact]
    public void Only_the_Chair_restores_a_deleted_paragraph_and_only_with_a_reason()
    {
        var state = Given([.. InStatus(ParagraphStatus.Agreed), new ParagraphDeleted(GroupId, DraftId, ParagraphId, "Merged.")]);

        Assert.Throws<ForbiddenException>(() => When(state, new RestoreParagraph(ParagraphId, "Deleted in error."), Secretariat));
        Assert.Throws<ForbiddenException>(() => When(state, new RestoreParagraph(ParagraphId, "Deleted in error."), CanadianExpert));
        Assert.Throws<ForbiddenException>(() => When(state, new RestoreParagraph(ParagraphId, "Deleted in error."), Observer));
        Assert.Throws<UnprocessableException>(() => When(state, new RestoreParagraph(ParagraphId, null), Chair));
        Assert.Throws<UnprocessableException>(() => When(state, new RestoreParagraph(ParagraphId, "  "), Chair));
    }

    [Fact]
    public void Only_a_deleted_paragraph_can_be_restored()
    {
        var error = Assert.Throws<ConflictException>(() =>
            When(Given(InStatus(ParagraphStatus.UnderNegotiation)), new RestoreParagraph(ParagraphId, "Deleted in error."), Chair));
        Assert.Equal(ParagraphStatus.UnderNegotiation, error.Extensions["currentStatus"]);
    }

    [Fact]
    public void A_paragraph_deleted_twice_is_restored_to_the_status_it_had_before_the_last_deletion()
    {
        var state = Given([
            .. InStatus(ParagraphStatus.Agreed),
            new ParagraphDeleted(GroupId, DraftId, ParagraphId, "Merged."),
            new ParagraphRestored(GroupId, DraftId, ParagraphId, ParagraphStatus.Agreed, "Deleted in error."),
            new ParagraphReopened(GroupId, DraftId, ParagraphId, "Capitals asked to look again."),
            new ParagraphDeleted(GroupId, DraftId, ParagraphId, "Merged after all."),
        ]);

        Then(When(state, new RestoreParagraph(ParagraphId, "Kept."), Chair),
            new ParagraphRestored(GroupId, DraftId, ParagraphId, ParagraphStatus.UnderNegotiation, "Kept."));
    }

    [Fact]
    public void Agreement_by_a_procedure_is_recorded_with_its_name()
    {
        var state = Given(InStatus(ParagraphStatus.AgreedAdReferendum));
        Then(When(state, new AgreeParagraph(ParagraphId, Procedure: "silence"), Chair),
            new ParagraphAgreed(GroupId, DraftId, ParagraphId, null, "silence"));
    }

    [Fact]
    public void Deleted_paragraphs_stay_in_history_with_their_text()
    {
        var state = Given(InStatus(ParagraphStatus.UnderNegotiation, "Keep me in the record."));
        var deleted = Evolve(state, When(state, new DeleteParagraph(ParagraphId, "Merged into paragraph 12"), Chair));
        Assert.Equal(ParagraphStatus.Deleted, deleted.Status);
        Assert.Equal("Keep me in the record.", deleted.Text);
    }

    [Fact]
    public void Experts_propose_paragraphs_and_the_Chair_and_Secretariat_add_them()
    {
        Then(When(null, new ProposeParagraph(GroupId, DraftId, ParagraphId, "Proposed text"), CanadianExpert),
            new ParagraphProposed(GroupId, DraftId, ParagraphId, "Proposed text", "expert-ca", "Canada", Now));
        Assert.Throws<ForbiddenException>(() => When(null, new ProposeParagraph(GroupId, DraftId, ParagraphId, "x"), Observer));
        Assert.Throws<ForbiddenException>(() => When(null, new AddParagraph(GroupId, DraftId, ParagraphId, "x"), CanadianExpert));
        Assert.Single(When(null, new AddParagraph(GroupId, DraftId, ParagraphId, "x"), Secretariat));
        Assert.Single(When(null, new AddParagraph(GroupId, DraftId, ParagraphId, "x"), Chair));
        Assert.Throws<ConflictException>(() => When(Given(Added()), new AddParagraph(GroupId, DraftId, ParagraphId, "x"), Chair));
    }

    [Fact]
    public void Commands_on_a_paragraph_that_does_not_exist_are_not_found()
    {
        Assert.Throws<NotFoundException>(() => When(null, new ParkParagraph(ParagraphId), Chair));
    }
}
