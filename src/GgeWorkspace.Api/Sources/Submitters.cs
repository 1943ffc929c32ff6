namespace GgeWorkspace.Api.Sources;

/// <summary>Who sent a reply: the English short name and a code (ISO 3166-1 alpha-3, or "EU").</summary>
public sealed record Submitter(string English, string Code);

/// <summary>The submitters of A/72/304 under their Chinese names as the document writes them, and the languages of the originals.</summary>
public static class Submitters
{
    public static readonly IReadOnlyDictionary<string, Submitter> ByChineseName = new Dictionary<string, Submitter>
    {
        ["阿根廷"] = new("Argentina", "ARG"),
        ["澳大利亚"] = new("Australia", "AUS"),
        ["巴西"] = new("Brazil", "BRA"),
        ["文莱达鲁萨兰国"] = new("Brunei Darussalam", "BRN"),
        ["布隆迪"] = new("Burundi", "BDI"),
        ["加拿大"] = new("Canada", "CAN"),
        ["中国"] = new("China", "CHN"),
        ["哥伦比亚"] = new("Colombia", "COL"),
        ["古巴"] = new("Cuba", "CUB"),
        ["法国"] = new("France", "FRA"),
        ["德国"] = new("Germany", "DEU"),
        ["匈牙利"] = new("Hungary", "HUN"),
        ["印度"] = new("India", "IND"),
        ["日本"] = new("Japan", "JPN"),
        ["约旦"] = new("Jordan", "JOR"),
        ["黎巴嫩"] = new("Lebanon", "LBN"),
        ["马达加斯加"] = new("Madagascar", "MDG"),
        ["墨西哥"] = new("Mexico", "MEX"),
        ["挪威"] = new("Norway", "NOR"),
        ["巴基斯坦"] = new("Pakistan", "PAK"),
        ["巴拉圭"] = new("Paraguay", "PRY"),
        ["瑞典"] = new("Sweden", "SWE"),
        ["瑞士"] = new("Switzerland", "CHE"),
        ["乌克兰"] = new("Ukraine", "UKR"),
        ["大不列颠及北爱尔兰联合王国"] = new("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ["美利坚合众国"] = new("United States of America", "USA"),
        ["欧洲联盟"] = new("European Union", "EU"),
    };

    /// <summary>The language names of the "[原件：...]" line, to ISO 639-1.</summary>
    public static readonly IReadOnlyDictionary<string, string> OriginalLanguages = new Dictionary<string, string>
    {
        ["阿拉伯文"] = "ar",
        ["中文"] = "zh",
        ["英文"] = "en",
        ["法文"] = "fr",
        ["俄文"] = "ru",
        ["西班牙文"] = "es",
    };
}
