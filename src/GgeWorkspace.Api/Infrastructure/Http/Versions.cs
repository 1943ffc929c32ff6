using System.Globalization;
using GgeWorkspace.Api.Infrastructure.Errors;
using JasperFx.Events;
using Marten;
using Marten.Events;

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

    /// <summary>
    /// Fetches a stream for writing and checks it is at the expected version: 404 when it does not exist,
    /// 412 naming the current version when it has moved on. Marten re-checks the version at commit.
    /// </summary>
    public static async Task<IEventStream<T>> FetchForUpdate<T>(this IDocumentSession session, Guid id, long? expectedVersion, CancellationToken ct)
        where T : class
    {
        var stream = await session.Events.FetchForWriting<T>(id, ct);
        if (stream.Aggregate is null) throw new NotFoundException();
        if (expectedVersion is { } expected && stream.CurrentVersion != expected)
            throw new PreconditionFailedException(stream.CurrentVersion ?? 0);
        return stream;
    }

    /// <summary>The stream's version once its pending events are committed (Marten counts appended events in CurrentVersion).</summary>
    public static long NewVersion<T>(this IEventStream<T> stream) where T : class => stream.CurrentVersion ?? 0;
}
