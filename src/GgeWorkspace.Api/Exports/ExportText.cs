namespace GgeWorkspace.Api.Exports;

/// <summary>Text rules shared by every format.</summary>
public static class ExportText
{
    /// <summary>
    /// Makes text safe to write in XML 1.0 (and so in every format): characters XML 1.0 forbids (C0 controls other than
    /// tab, line feed and carriage return, U+FFFE, U+FFFF) and lone surrogates become U+FFFD, one for one, so code point
    /// positions stay valid and the reader sees that something was replaced. Everything else, including bidi controls,
    /// emoji and markup-like text, is kept as it is and written as text.
    /// </summary>
    public static string Sanitize(string text)
    {
        if (IsClean(text)) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else builder.Append(IsAllowed(c) ? c : '\uFFFD');
        }
        return builder.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (!IsAllowed(c)) return false;
        }
        return true;
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);

    /// <summary>"under negotiation", "agreed ad ref." ...: the status as shown in the negotiation view.</summary>
    public static string StatusLabel(ParagraphStatus status) => status switch
    {
        ParagraphStatus.Proposed => "proposed",
        ParagraphStatus.UnderNegotiation => "under negotiation",
        ParagraphStatus.AgreedAdReferendum => "agreed ad ref.",
        ParagraphStatus.Agreed => "agreed",
        ParagraphStatus.Parked => "parked",
        ParagraphStatus.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status as a token for machine-readable places (AKN proprietary, HTML classes): "underNegotiation".</summary>
    public static string StatusToken(ParagraphStatus status)
    {
        var name = status.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string BracketToken(BracketKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>"24 May 2019", as UN documents write dates.</summary>
    public static string LongDate(DateTimeOffset date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// "3 June 2026 10:00": a time in the group's IANA time zone, as a version label names it; in UTC, marked so, when the zone
    /// is not known on this machine.
    /// </summary>
    public static string GroupTime(DateTimeOffset at, string timeZone) =>
        FindTimeZone(timeZone) is { } zone
            ? TimeZoneInfo.ConvertTime(at, zone).ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture)
            : at.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The instant in the group's IANA time zone; in UTC when the zone is not known on this machine.</summary>
    public static DateTimeOffset InTimeZone(DateTimeOffset at, string timeZone) =>
        FindTimeZone(timeZone) is { } zone ? TimeZoneInfo.ConvertTime(at, zone) : at.ToUniversalTime();

    private static TimeZoneInfo? FindTimeZone(string timeZone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    public static string IsoDate(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string IsoDateTime(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>True when paragraphs in <paramref name="language"/> run right to left.</summary>
    public static bool IsRightToLeft(string language) => BaseLanguage(language) is "ar" or "he" or "fa" or "ur";

    public static bool IsEastAsian(string language) => BaseLanguage(language) is "zh" or "ja" or "ko";

    /// <summary>The language as a BCP 47 tag with region, as Word expects it: "en" -> "en-US", "zh" -> "zh-CN".</summary>
    public static string WordLanguage(string language) => BaseLanguage(language) switch
    {
        "en" => "en-US",
        "fr" => "fr-FR",
        "es" => "es-ES",
        "ru" => "ru-RU",
        "ar" => "ar-SA",
        "zh" => "zh-CN",
        _ => language,
    };

    /// <summary>The ISO 639-2 code used in Akoma Ntoso IRIs and FRBRlanguage: "en" -> "eng".</summary>
    public static string Iso6392(string language) => BaseLanguage(language) switch
    {
        "en" => "eng",
        "fr" => "fra",
        "es" => "spa",
        "ru" => "rus",
        "ar" => "ara",
        "zh" => "zho",
        var other => other,
    };

    /// <summary>"English", "Arabic" ...: for the "Original:" line of the symbol block.</summary>
    public static string LanguageName(string language) => BaseLanguage(language) switch
    {
        "en" => "English",
        "fr" => "French",
        "es" => "Spanish",
        "ru" => "Russian",
        "ar" => "Arabic",
        "zh" => "Chinese",
        var other => other,
    };

    private static string BaseLanguage(string language) => language.Split('-')[0].ToLowerInvariant();

    /// <summary>How a redline names the version it compares with: "the zero draft", "Rev.1".</summary>
    public static string AgainstLabel(ExportVersion against) => against.RevisionNumber == 0 ? "the zero draft" : against.Label;

    /// <summary>
    /// The segments a redline shows for a paragraph: where a moved paragraph stood, its old text (what was inserted since is
    /// shown where it stands); where it stands, its new text (what was deleted since is shown where it stood).
    /// </summary>
    public static IEnumerable<RedlineSegment> Shown(ExportParagraphChange change) => change.Kind switch
    {
        ParagraphChangeKind.MovedAway => change.Segments.Where(s => s.Kind != SegmentKind.Inserted),
        ParagraphChangeKind.Moved => change.Segments.Where(s => s.Kind != SegmentKind.Deleted),
        _ => change.Segments,
    };

    /// <summary>The label of a proposal in the compilation and the Chair's text: "Replace (accepted)".</summary>
    public static string ProposalLabel(ExportProposal proposal) =>
        proposal.Resolution is { Length: > 0 } resolution ? $"{proposal.Kind} ({resolution.ToLowerInvariant()})" : proposal.Kind;
}
