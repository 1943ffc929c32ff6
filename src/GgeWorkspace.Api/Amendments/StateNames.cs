using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.Api.Amendments;

/// <summary>English short names of States by ISO 3166-1 alpha-3 code (and "EU"), for attribution in compilations.</summary>
public static class StateNames
{
    private static readonly Dictionary<string, string> Names = BuildNames();

    /// <summary>The English name for <paramref name="code"/>; a value that is not a known code is shown as it is.</summary>
    public static string Of(string code) => Names.TryGetValue(code, out var name) ? name : code;

    private static Dictionary<string, string> BuildNames()
    {
        var names = Submitters.ByChineseName.Values.ToDictionary(s => s.Code, s => s.English);
        // Members of the first GGE on verification not among the A/72/304 submitters, and the other permanent members.
        (string Code, string Name)[] more =
        [
            ("DZA", "Algeria"), ("EGY", "Egypt"), ("IDN", "Indonesia"), ("KAZ", "Kazakhstan"), ("NLD", "Netherlands"),
            ("POL", "Poland"), ("KOR", "Republic of Korea"), ("RUS", "Russian Federation"), ("ZAF", "South Africa"),
            ("ESP", "Spain"), ("ITA", "Italy"), ("NZL", "New Zealand"), ("IRL", "Ireland"), ("AUT", "Austria"),
            ("BEL", "Belgium"), ("CHL", "Chile"), ("NGA", "Nigeria"), ("PHL", "Philippines"), ("TUR", "Türkiye"),
        ];
        foreach (var (code, name) in more) names.TryAdd(code, name);
        return names;
    }
}
