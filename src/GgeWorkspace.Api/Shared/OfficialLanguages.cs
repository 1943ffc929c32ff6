namespace GgeWorkspace.Api.Shared;

/// <summary>The six official languages of the United Nations, as ISO 639-1 codes: the languages a draft and its translations are in.</summary>
public static class OfficialLanguages
{
    public const string English = "en";

    /// <summary>Arabic, Chinese, English, French, Russian and Spanish, in the order UN documents list them.</summary>
    public static readonly IReadOnlyList<string> Official = ["ar", "zh", "en", "fr", "ru", "es"];

    /// <summary>The working language of a draft for which none was chosen.</summary>
    public const string DefaultWorkingLanguage = English;

    public const string Message = "A language is one of the six official languages as an ISO 639-1 code: ar, zh, en, fr, ru or es.";

    public static bool IsOfficial(string? code) => code is not null && Official.Contains(code, StringComparer.Ordinal);

    /// <summary>The rule of a request's <c>language</c> field: one of the six, refused on that field with <see cref="Message"/>.</summary>
    public static IRuleBuilderOptions<T, string> OfficialLanguage<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsOfficial).WithMessage(Message).OverridePropertyName("language");
}
