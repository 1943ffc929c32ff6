namespace GgeWorkspace.Api.Groups;

/// <summary>Shape rules shared by adding and changing a member.</summary>
public static class MemberRules
{
    public const string StatePattern = "^([A-Z]{3}|EU)$";

    /// <summary>
    /// The attribution of a member added or changed without one: the Chair presides in a personal capacity and speaks for no
    /// State, so a Chair's contributions are their own (the nominating State is still recorded); anyone else's go to the
    /// nominating State when there is one. An explicit attribution always wins.
    /// </summary>
    public static ContributionAttribution AttributionOf(MemberRole role, string? nominatingState, ContributionAttribution? explicitAttribution) =>
        explicitAttribution ?? (role == MemberRole.Chair || nominatingState is null ? ContributionAttribution.Personal : ContributionAttribution.NominatingState);

    public static void ForNomination<T>(AbstractValidator<T> v, Func<T, MemberRole> role, Func<T, string?> state, Func<T, ContributionAttribution> attribution)
    {
        v.RuleFor(x => role(x)).IsInEnum().OverridePropertyName("role");
        v.RuleFor(x => attribution(x)).IsInEnum().OverridePropertyName("attribution");
        v.RuleFor(x => state(x)).Matches(StatePattern)
            .WithMessage("The nominating State is an ISO 3166 alpha-3 code (such as CAN) or EU.")
            .When(x => state(x) is not null).OverridePropertyName("nominatingState");
        v.RuleFor(x => state(x)).Null()
            .WithMessage("Only a Chair or an Expert has a nominating State.")
            .When(x => role(x) is MemberRole.Secretariat or MemberRole.Observer or MemberRole.Translator).OverridePropertyName("nominatingState");
        v.RuleFor(x => state(x)).NotEmpty()
            .WithMessage("Contributions attributed to the nominating State need that State.")
            .When(x => attribution(x) == ContributionAttribution.NominatingState).OverridePropertyName("nominatingState");
        v.RuleFor(x => attribution(x)).Equal(ContributionAttribution.Personal)
            .WithMessage("Only a Chair or an Expert can have contributions attributed to a State.")
            .When(x => role(x) is MemberRole.Secretariat or MemberRole.Observer or MemberRole.Translator).OverridePropertyName("attribution");
    }

    /// <summary>A Translator has one or more of the six languages; no other role has any.</summary>
    public static void ForLanguages<T>(AbstractValidator<T> v, Func<T, MemberRole> role, Func<T, IReadOnlyList<string>?> languages)
    {
        v.RuleFor(x => languages(x)).NotEmpty()
            .WithMessage("A Translator has the languages they translate into, such as [\"fr\"].")
            .When(x => role(x) == MemberRole.Translator).OverridePropertyName("languages");
        v.RuleFor(x => languages(x)).Must(l => l is null || l.All(OfficialLanguages.IsOfficial))
            .WithMessage(OfficialLanguages.Message).OverridePropertyName("languages");
        v.RuleFor(x => languages(x)).Must(l => l is null || l.Distinct().Count() == l.Count)
            .WithMessage("Each language is named once.").OverridePropertyName("languages");
        v.RuleFor(x => languages(x)).Must(l => l is null || l.Count == 0)
            .WithMessage("Only a Translator has languages.")
            .When(x => role(x) != MemberRole.Translator).OverridePropertyName("languages");
    }

    /// <summary>A member's languages as stored: in the order of the six official languages.</summary>
    public static IReadOnlyList<string> LanguagesOf(IReadOnlyList<string>? languages) =>
        languages is null ? [] : [.. OfficialLanguages.Official.Where(languages.Contains)];
}
