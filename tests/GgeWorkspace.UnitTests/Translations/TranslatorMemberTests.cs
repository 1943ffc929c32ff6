using GgeWorkspace.Api.Groups;

namespace GgeWorkspace.UnitTests.Translations;

/// <summary>A Translator is a member with the languages they translate into; no other role has languages.</summary>
public sealed class TranslatorMemberTests
{
    private static readonly AddMemberValidator Validator = new();

    private static AddMember Add(MemberRole role, params string[]? languages) =>
        new(Guid.NewGuid(), 1, "someone", null, role, null, ContributionAttribution.Personal, languages);

    [Fact]
    public void A_Translator_has_languages_among_the_six()
    {
        Assert.True(Validator.Validate(Add(MemberRole.Translator, "fr")).IsValid);
        Assert.True(Validator.Validate(Add(MemberRole.Translator, "ar", "zh")).IsValid);
        Assert.Contains(Validator.Validate(Add(MemberRole.Translator)).Errors, e => e.PropertyName == "languages");
        Assert.Contains(Validator.Validate(Add(MemberRole.Translator, null)).Errors, e => e.PropertyName == "languages");
        Assert.Contains(Validator.Validate(Add(MemberRole.Translator, "de")).Errors, e => e.PropertyName == "languages");
        Assert.Contains(Validator.Validate(Add(MemberRole.Translator, "FR")).Errors, e => e.PropertyName == "languages");
        Assert.Contains(Validator.Validate(Add(MemberRole.Translator, "fr", "fr")).Errors, e => e.PropertyName == "languages");
    }

    [Fact]
    public void Only_a_Translator_has_languages()
    {
        Assert.Contains(Validator.Validate(Add(MemberRole.Observer, "fr")).Errors, e => e.PropertyName == "languages");
        Assert.True(Validator.Validate(Add(MemberRole.Observer)).IsValid);
    }

    [Fact]
    public void A_Translator_has_no_nominating_State()
    {
        var result = Validator.Validate(new AddMember(Guid.NewGuid(), 1, "someone", null, MemberRole.Translator, "FRA", ContributionAttribution.Personal, ["fr"]));
        Assert.Contains(result.Errors, e => e.PropertyName == "nominatingState");
    }

    [Fact]
    public void Changing_a_Translators_languages_or_role_records_their_languages()
    {
        var id = Guid.NewGuid();
        var group = new Group(id, "GGE", "A/RES/71/67", "Europe/Geneva", [])
            .With(new MemberAdded(id, "secretariat", null, MemberRole.Secretariat, null, ContributionAttribution.Personal))
            .With(new MemberAdded(id, "tr", null, MemberRole.Translator, null, ContributionAttribution.Personal, ["fr"]));
        Assert.Equal(["fr"], group.MemberFor("tr")!.Languages);

        var more = GroupDecisions.ChangeMember(group, "tr", MemberRole.Translator, null, ContributionAttribution.Personal, ["fr", "es"]);
        Assert.Equal([new MemberLanguagesChanged(id, "tr", ["fr", "es"])], more.Cast<MemberLanguagesChanged>(), new LanguagesChangeComparer());

        var observer = GroupDecisions.ChangeMember(group, "tr", MemberRole.Observer, null, ContributionAttribution.Personal, []);
        var after = observer.Aggregate(group, (g, e) => Group.Evolve(g, e)!);
        Assert.Equal((MemberRole.Observer, 0), (after.MemberFor("tr")!.Role, after.MemberFor("tr")!.Languages.Count));
        Assert.Empty(GroupDecisions.ChangeMember(group, "tr", MemberRole.Translator, null, ContributionAttribution.Personal, ["fr"]));
    }

    private sealed class LanguagesChangeComparer : IEqualityComparer<MemberLanguagesChanged>
    {
        public bool Equals(MemberLanguagesChanged? x, MemberLanguagesChanged? y) =>
            x is not null && y is not null && (x.GroupId, x.Sub) == (y.GroupId, y.Sub) && x.Languages.SequenceEqual(y.Languages);

        public int GetHashCode(MemberLanguagesChanged obj) => obj.Sub.GetHashCode(StringComparison.Ordinal);
    }
}
