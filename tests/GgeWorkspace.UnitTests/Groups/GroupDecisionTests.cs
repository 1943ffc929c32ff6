using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;

namespace GgeWorkspace.UnitTests.Groups;

public sealed class GroupDecisionTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static Group Given(params object[] events) => events.Aggregate((Group?)null, Group.Evolve)!;

    private static Group NewGroup() =>
        Given(GroupDecisions.Create(Id, "GGE", "A/RES/71/67", "Europe/Zurich", "sec-1", "Secretariat One"));

    [Fact]
    public void The_creator_becomes_the_first_secretariat_member()
    {
        var events = GroupDecisions.Create(Id, "GGE", "A/RES/71/67", "Europe/Zurich", "sec-1", "Secretariat One");
        Assert.IsType<GroupCreated>(events[0]);
        var added = Assert.IsType<MemberAdded>(events[1]);
        Assert.Equal(("sec-1", MemberRole.Secretariat), (added.Sub, added.Role));
    }

    [Fact]
    public void A_person_cannot_be_added_twice_to_the_same_group()
    {
        var group = NewGroup();
        Assert.Throws<ConflictException>(() => GroupDecisions.AddMember(group, "sec-1", null, MemberRole.Expert, "CAN", ContributionAttribution.NominatingState));
    }

    [Fact]
    public void The_last_secretariat_member_cannot_be_removed_but_one_of_two_can()
    {
        var group = NewGroup();
        Assert.Throws<ConflictException>(() => GroupDecisions.RemoveMember(group, "sec-1"));

        var withTwo = group.With(new MemberAdded(Id, "sec-2", null, MemberRole.Secretariat, null, ContributionAttribution.Personal));
        var removed = Assert.IsType<MemberRemoved>(Assert.Single(GroupDecisions.RemoveMember(withTwo, "sec-1")));
        Assert.Equal("sec-1", removed.Sub);
    }

    [Fact]
    public void The_last_secretariat_member_cannot_change_to_another_role()
    {
        Assert.Throws<ConflictException>(() =>
            GroupDecisions.ChangeMember(NewGroup(), "sec-1", MemberRole.Observer, null, ContributionAttribution.Personal));
    }

    [Fact]
    public void A_role_change_is_its_own_event_and_a_nomination_change_another()
    {
        var group = NewGroup().With(new MemberAdded(Id, "exp", null, MemberRole.Expert, "CAN", ContributionAttribution.NominatingState));

        var roleOnly = GroupDecisions.ChangeMember(group, "exp", MemberRole.Chair, "CAN", ContributionAttribution.NominatingState);
        Assert.Equal(new MemberRoleChanged(Id, "exp", MemberRole.Chair), Assert.Single(roleOnly));

        var attributionOnly = GroupDecisions.ChangeMember(group, "exp", MemberRole.Expert, "CAN", ContributionAttribution.Personal);
        Assert.Equal(new MemberNominationChanged(Id, "exp", "CAN", ContributionAttribution.Personal), Assert.Single(attributionOnly));

        Assert.Empty(GroupDecisions.ChangeMember(group, "exp", MemberRole.Expert, "CAN", ContributionAttribution.NominatingState));
    }

    [Fact]
    public void Changing_or_removing_someone_who_is_not_a_member_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => GroupDecisions.RemoveMember(NewGroup(), "nobody"));
        Assert.Throws<NotFoundException>(() => GroupDecisions.ChangeMember(NewGroup(), "nobody", MemberRole.Expert, null, ContributionAttribution.Personal));
    }

    [Fact]
    public void Contributions_are_attributed_to_the_nominating_state_only_when_the_member_says_so()
    {
        var attributed = new Member("a", null, MemberRole.Expert, "CAN", ContributionAttribution.NominatingState);
        var personal = new Member("b", null, MemberRole.Expert, "CAN", ContributionAttribution.Personal);
        Assert.Equal("CAN", attributed.AttributedState);
        Assert.Null(personal.AttributedState);
    }
}
