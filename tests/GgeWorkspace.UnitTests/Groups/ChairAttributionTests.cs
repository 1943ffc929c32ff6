using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Shared;

namespace GgeWorkspace.UnitTests.Groups;

/// <summary>The Chair presides in a personal capacity and speaks for no State.</summary>
public sealed class ChairAttributionTests
{
    private static readonly Guid Id = Guid.Parse("0190a000-0000-7000-8000-000000000001");

    private static Group GroupWith(MemberAdded chair) =>
        new Group(Id, "GGE", "A/RES/71/67", "Europe/Zurich", []).With(chair);

    [Fact]
    public void A_Chair_added_without_an_attribution_speaks_in_a_personal_capacity_and_keeps_the_nominating_State_on_record()
    {
        var attribution = MemberRules.AttributionOf(MemberRole.Chair, "NOR", null);
        var chair = GroupWith(new MemberAdded(Id, "chair", "Ingrid Halvorsen", MemberRole.Chair, "NOR", attribution)).MemberFor("chair")!;

        Assert.Equal(ContributionAttribution.Personal, attribution);
        Assert.Equal("NOR", chair.NominatingState);
        Assert.Null(Actor.From(chair).AttributedState);
    }

    [Fact]
    public void The_group_can_still_attribute_a_Chairs_contributions_to_the_nominating_State_explicitly()
    {
        Assert.Equal(ContributionAttribution.NominatingState,
            MemberRules.AttributionOf(MemberRole.Chair, "NOR", ContributionAttribution.NominatingState));
    }

    [Theory]
    [InlineData(MemberRole.Expert, "CAN", ContributionAttribution.NominatingState)]
    [InlineData(MemberRole.Expert, null, ContributionAttribution.Personal)]
    [InlineData(MemberRole.Secretariat, null, ContributionAttribution.Personal)]
    [InlineData(MemberRole.Observer, null, ContributionAttribution.Personal)]
    public void Other_members_are_attributed_to_their_nominating_State_when_they_have_one(MemberRole role, string? state, ContributionAttribution expected)
    {
        Assert.Equal(expected, MemberRules.AttributionOf(role, state, null));
    }

    [Fact]
    public void An_Expert_changed_to_Chair_without_an_attribution_no_longer_speaks_for_the_State()
    {
        var group = new Group(Id, "GGE", "A/RES/71/67", "Europe/Zurich", [])
            .With(new MemberAdded(Id, "expert-no", null, MemberRole.Expert, "NOR", ContributionAttribution.NominatingState));

        var events = GroupDecisions.ChangeMember(group, "expert-no", MemberRole.Chair, "NOR", MemberRules.AttributionOf(MemberRole.Chair, "NOR", null));
        var chair = events.Aggregate(group, (g, e) => Group.Evolve(g, e)!).MemberFor("expert-no")!;

        Assert.Equal((MemberRole.Chair, "NOR", (string?)null), (chair.Role, chair.NominatingState, chair.AttributedState));
    }

    [Fact]
    public void The_Chairs_text_and_options_are_attributed_to_the_Chair_in_person()
    {
        var chair = Actor.From(new Member("chair", null, MemberRole.Chair, "NOR", MemberRules.AttributionOf(MemberRole.Chair, "NOR", null)));
        var paragraphId = Guid.NewGuid();
        var now = DateTimeOffset.UnixEpoch;

        var added = Assert.IsType<ParagraphAdded>(Assert.Single(ParagraphDecisions.Decide(new AddParagraph(Id, Id, paragraphId, "Text."), null, chair, now)));
        var paragraph = Paragraph.From(added);
        var option = ParagraphDecisions.Decide(new AddParagraphOption(paragraphId, Guid.NewGuid(), "Other text."), paragraph, chair, now).OfType<ParagraphOptionAdded>().Single();

        Assert.Null(added.AuthorState);
        Assert.Null(option.AuthorState);
        Assert.All(paragraph.Authorship, run => Assert.Null(run.AuthorState));
    }
}
