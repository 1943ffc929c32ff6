namespace GgeWorkspace.Api.Infrastructure.Http;

/// <summary>The concurrency contract: If-Match carries the version a write depends on, ETag the version after it.</summary>
public static class Versions
{
    /// <summary>The version in If-Match; 428 when absent, 400 when unreadable.</summary>
    public static long RequireIfMatch(HttpContext http) =>
        ReadIfMatch(http) ?? throw new PreconditionRequiredException();

    /// <summary>The version in If-Match when present, for appends that do not depend on state.</summary>
    public static long? ReadIfMatch(HttpContext http)
    {
        var raw = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var value = raw.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new BadHttpRequestException($"If-Match must be a version in quotes, such as \"3\"; got {raw}.");
        return version;
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(HttpContext http, long version) => http.Response.Headers.ETag = ETag(version);
}
