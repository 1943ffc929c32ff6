using System.Reflection;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// The unofficial English working translation of A/72/304 the service carries (Data/A-72-304.en-working.json): every reply's name
/// and sub-headings and the reply paragraphs the demo report cites, translated from the Chinese text. The demo imports it as the
/// document's English version, marked unofficial.
/// </summary>
public static class WorkingTranslation
{
    public const string EmbeddedResourceName = "sources/A-72-304.en-working.json";

    public const string Language = "en";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static LanguageVersionText Embedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The resource {EmbeddedResourceName} is missing from the assembly.");
        return JsonSerializer.Deserialize<LanguageVersionText>(stream, Json)
            ?? throw new InvalidOperationException($"The resource {EmbeddedResourceName} holds no language version.");
    }
}
