using GgeWorkspace.Api.Groups;

namespace GgeWorkspace.UnitTests.Groups;

public sealed class MemberValidationTests
{
    private static readonly AddMemberValidator Validator = new();

    private static AddMember Add(MemberRole role, string? state, ContributionAttribution attribution, string sub = "someone") =>
        new(Guid.NewGuid(), 1, sub, null, role, state, attribution);

    [Theory]
    [InlineData(MemberRole.Expert, "CAN", ContributionAttribution.NominatingState)]
    [InlineData(MemberRole.Expert, "EU", ContributionAttribution.NominatingState)]
    [InlineData(MemberRole.Expert, null, ContributionAttribution.Personal)]
    [InlineData(MemberRole.Expert, "CAN", ContributionAttribution.Personal)]
    [InlineData(MemberRole.Chair, "NOR", ContributionAttribution.NominatingState)]
    [InlineData(MemberRole.Secretariat, null, ContributionAttribution.Personal)]
    [InlineData(MemberRole.Observer, null, ContributionAttribution.Personal)]
    public void Valid_nominations_pass(MemberRole role, string? state, ContributionAttribution attribution) =>
        Assert.True(Validator.Validate(Add(role, state, attribution)).IsValid);

    [Theory]
    [InlineData(MemberRole.Expert, "Canada", ContributionAttribution.NominatingState, "nominatingState")]
    [InlineData(MemberRole.Expert, null, ContributionAttribution.NominatingState, "nominatingState")]
    [InlineData(MemberRole.Secretariat, "CAN", ContributionAttribution.Personal, "nominatingState")]
    [InlineData(MemberRole.Observer, null, ContributionAttribution.NominatingState, "attribution")]
    public void Only_chairs_and_experts_have_a_nominating_state_and_attribution_to_it_needs_one(
        MemberRole role, string? state, ContributionAttribution attribution, string field)
    {
        var result = Validator.Validate(Add(role, state, attribution));
        Assert.Contains(result.Errors, e => e.PropertyName == field);
    }

    [Fact]
    public void A_member_needs_a_sub() =>
        Assert.Contains(Validator.Validate(Add(MemberRole.Expert, null, ContributionAttribution.Personal, sub: "")).Errors, e => e.PropertyName == "Sub");
}
