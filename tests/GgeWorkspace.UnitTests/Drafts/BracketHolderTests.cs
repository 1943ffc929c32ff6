using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

/// <summary>Brackets speak for the delegations that hold them.</summary>
public sealed class BracketHolderTests
{
    private static readonly Guid BracketId = Guid.Parse("0190a000-0000-7000-8000-0000000000b1");

    // "The Group [welcomed] the report." -- "welcomed" is code points 10..18.
    private const string Text = "The Group welcomed the report.";

    private static readonly Actor PersonalExpert = new("expert-personal", MemberRole.Expert);

    private static AddBracket Bracket(IReadOnlyList<string> holders, string? reason = null) =>
        new(ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, holders, reason);

    private static Paragraph HeldBy(params string[] holders) => Given([.. InStatus(ParagraphStatus.UnderNegotiation, Text),
        new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, holders, "expert-ca")]);

    [Fact]
    public void An_Experts_bracket_is_held_by_their_own_delegation_when_they_name_no_holder()
    {
        var added = Assert.IsType<BracketAdded>(When(Given(InStatus(ParagraphStatus.UnderNegotiation, Text)), Bracket([]), CanadianExpert).Single());

        Assert.Equal(["Canada"], added.Holders);
        Assert.Null(added.Reason);
    }

    [Fact]
    public void An_Expert_attributed_personally_holds_a_bracket_as_themselves()
    {
        var added = Assert.IsType<BracketAdded>(When(Given(InStatus(ParagraphStatus.UnderNegotiation, Text)), Bracket(["expert-personal"]), PersonalExpert).Single());

        Assert.Equal(["expert-personal"], added.Holders);
    }

    [Fact]
    public void An_Expert_cannot_bracket_text_in_the_name_of_other_delegations()
    {
        var error = Assert.Throws<InvalidFieldsException>(() =>
            When(Given(Added(Text)), Bracket(["USA", "FRA"]), CanadianExpert));

        Assert.Contains("Canada", Assert.Single(error.Errors["holders"]));
        Assert.Equal(["Canada"], error.Extensions["validHolders"] as IReadOnlyList<string>);
    }

    [Fact]
    public void The_Chair_records_holders_for_delegations_present_with_a_reason_kept_in_the_event()
    {
        var events = When(Given(Added(Text)), Bracket(["Japan", "Canada", "Japan"], " Both asked for it in the session. "), Chair);

        Then(events,
            new ParagraphPutUnderNegotiation(GroupId, DraftId, ParagraphId),
            new BracketAdded(GroupId, DraftId, ParagraphId, BracketId, 10, 18, 0, BracketKind.Contentious, ["Japan", "Canada"], "chair",
                "Both asked for it in the session."));
    }

    [Theory]
    [InlineData("USA")]
    [InlineData("chair")]
    [InlineData("unoda")]
    public void Holders_must_be_delegations_present_in_the_group_and_the_refusal_lists_the_valid_ones(string absent)
    {
        var error = Assert.Throws<InvalidFieldsException>(() =>
            When(Given(Added(Text)), Bracket(["Canada", absent], "Recorded in the session."), Secretariat));

        var message = Assert.Single(error.Errors["holders"]);
        Assert.Contains(absent, message);
        Assert.Contains("Canada, Japan", message);
        Assert.Equal(["Canada", "Japan"], error.Extensions["validHolders"] as IReadOnlyList<string>);
    }

    [Fact]
    public void The_Chair_names_at_least_one_holder()
    {
        var error = Assert.Throws<InvalidFieldsException>(() => When(Given(Added(Text)), Bracket([], "Recorded in the session."), Chair));
        Assert.True(error.Errors.ContainsKey("holders"));
    }

    [Fact]
    public void Recording_holders_for_delegations_needs_a_reason()
    {
        Assert.Throws<UnprocessableException>(() => When(Given(Added(Text)), Bracket(["Canada"], "  "), Chair));
    }

    [Fact]
    public void A_holder_withdraws_from_a_bracket_and_the_other_holders_keep_it()
    {
        var state = HeldBy("Canada", "Japan");

        var events = When(state, new WithdrawFromBracket(ParagraphId, BracketId, null), JapaneseExpert);

        Then(events, new BracketHolderWithdrawn(GroupId, DraftId, ParagraphId, BracketId, "Japan", "expert-jp", null));
        var bracket = Assert.Single(Evolve(state, events).Brackets);
        Assert.Equal(["Canada"], bracket.Holders);
        Assert.Equal(state.NegotiationVersion + 1, Evolve(state, events).NegotiationVersion);
    }

    [Fact]
    public void A_bracket_whose_holders_all_withdraw_is_lifted_in_history()
    {
        var state = HeldBy("Canada", "Japan");
        state = Evolve(state, When(state, new WithdrawFromBracket(ParagraphId, BracketId, "Japan"), JapaneseExpert));

        var events = When(state, new WithdrawFromBracket(ParagraphId, BracketId, null, "Instructions arrived."), CanadianExpert);

        Then(events,
            new BracketHolderWithdrawn(GroupId, DraftId, ParagraphId, BracketId, "Canada", "expert-ca", "Instructions arrived."),
            new BracketLifted(GroupId, DraftId, ParagraphId, BracketId));
        var after = Evolve(state, events);
        Assert.Empty(after.Brackets);
        Assert.Equal(Text, after.Text);
    }

    [Fact]
    public void An_Expert_withdraws_only_their_own_delegation_from_a_bracket_it_holds()
    {
        var state = HeldBy("Canada");

        var named = Assert.Throws<InvalidFieldsException>(() => When(state, new WithdrawFromBracket(ParagraphId, BracketId, "Canada"), JapaneseExpert));
        Assert.Equal(["Japan"], named.Extensions["validHolders"] as IReadOnlyList<string>);
        var notHolder = Assert.Throws<ConflictException>(() => When(state, new WithdrawFromBracket(ParagraphId, BracketId, null), JapaneseExpert));
        Assert.Equal(["Canada"], notHolder.Extensions["holders"] as IReadOnlyList<string>);
        Assert.Throws<ForbiddenException>(() => When(state, new WithdrawFromBracket(ParagraphId, BracketId, "Canada"), Observer));
        Assert.Throws<NotFoundException>(() => When(state, new WithdrawFromBracket(ParagraphId, Guid.NewGuid(), null), CanadianExpert));
    }

    [Fact]
    public void The_Chair_records_a_withdrawal_with_a_reason_even_for_a_holder_who_has_left_the_group()
    {
        var state = HeldBy("USA");

        Assert.Throws<UnprocessableException>(() => When(state, new WithdrawFromBracket(ParagraphId, BracketId, "USA"), Chair));
        Assert.Throws<InvalidFieldsException>(() => When(state, new WithdrawFromBracket(ParagraphId, BracketId, null, "Left the group."), Chair));
        var events = When(state, new WithdrawFromBracket(ParagraphId, BracketId, "USA", "The United States left the group."), Chair);

        Then(events,
            new BracketHolderWithdrawn(GroupId, DraftId, ParagraphId, BracketId, "USA", "chair", "The United States left the group."),
            new BracketLifted(GroupId, DraftId, ParagraphId, BracketId));
    }

    [Fact]
    public void Withdrawing_from_a_bracket_is_refused_once_the_text_is_agreed()
    {
        var state = Evolve(HeldBy("Canada"), [new BracketRemoved(GroupId, DraftId, ParagraphId, BracketId), new ParagraphAgreed(GroupId, DraftId, ParagraphId, null, null)]);

        var error = Assert.Throws<ConflictException>(() => When(state, new WithdrawFromBracket(ParagraphId, BracketId, null), CanadianExpert));
        Assert.Equal(ParagraphStatus.Agreed, error.Extensions["currentStatus"]);
    }

    [Fact]
    public void A_bracket_stored_with_holders_of_any_name_and_no_reason_stays_readable()
    {
        const string stored = """
            {"groupId":"0190a000-0000-7000-8000-000000000001","draftId":"0190a000-0000-7000-8000-000000000002",
             "paragraphId":"0190a000-0000-7000-8000-000000000003","bracketId":"0190a000-0000-7000-8000-0000000000b1",
             "start":10,"end":18,"textVersion":0,"kind":"Contentious","holders":["Canada","United States"],"addedBySub":"expert-ca"}
            """;
        var added = System.Text.Json.JsonSerializer.Deserialize<BracketAdded>(stored, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        var bracket = Assert.Single(Evolve(Given(InStatus(ParagraphStatus.UnderNegotiation, Text)), added).Brackets);
        Assert.Equal(["Canada", "United States"], bracket.Holders);
        Assert.Null(added.Reason);
    }

    [Fact]
    public void The_delegations_of_a_group_are_its_Experts_by_attributed_State_or_in_person_and_never_the_Chair_or_Secretariat()
    {
        var id = Guid.NewGuid();
        var group = new Group(id, "GGE", "A/RES/71/67", "Europe/Zurich", [
            new Member("chair", null, MemberRole.Chair, "NOR", ContributionAttribution.NominatingState),
            new Member("unoda", null, MemberRole.Secretariat, null, ContributionAttribution.Personal),
            new Member("expert-ca", null, MemberRole.Expert, "CAN", ContributionAttribution.NominatingState),
            new Member("expert-ca-2", null, MemberRole.Expert, "CAN", ContributionAttribution.NominatingState),
            new Member("expert-personal", null, MemberRole.Expert, "BRA", ContributionAttribution.Personal),
            new Member("observer", null, MemberRole.Observer, null, ContributionAttribution.Personal),
        ]);

        Assert.Equal(["CAN", "expert-personal"], group.Delegations().Select(d => d.Label));
    }
}
