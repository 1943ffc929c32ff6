namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>
/// The <c>type</c> of every problem the service answers (RFC 9457 section 3.1.1): stable identifiers a client can switch
/// on, listed with their meaning and whether to retry in docs/api.md ("Problems"). They are tag URIs (RFC 4151): names,
/// not addresses to dereference.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "tag:gge-workspace,2026:problem:";

    /// <summary>400: fields of the request are invalid (field errors in <c>errors</c>). Do not retry unchanged.</summary>
    public const string InvalidRequest = Prefix + "invalid-request";

    /// <summary>400: the body or hub message is not well-formed JSON of the expected shape. Do not retry unchanged.</summary>
    public const string MalformedRequest = Prefix + "malformed-request";

    /// <summary>400: a live text operation is malformed (counts out of range, zero components, unknown kinds). Do not retry.</summary>
    public const string InvalidOperation = Prefix + "invalid-operation";

    /// <summary>401: no valid credentials.</summary>
    public const string Unauthenticated = Prefix + "unauthenticated";

    /// <summary>403: a member whose role does not allow this.</summary>
    public const string Forbidden = Prefix + "forbidden";

    /// <summary>404: no such thing, or not visible to the caller (both answer the same).</summary>
    public const string NotFound = Prefix + "not-found";

    /// <summary>409: the request conflicts with the current state (a rule of the domain).</summary>
    public const string Conflict = Prefix + "conflict";

    /// <summary>409: a well-formed operation whose base length does not match the text at its base version. Catch up, then retry.</summary>
    public const string OperationMismatch = Prefix + "operation-mismatch";

    /// <summary>409: a live operation sent on a connection that has not joined the draft (or not again, after a reconnect). Join, then resend.</summary>
    public const string DraftNotJoined = Client.Live.DraftingHubProtocol.DraftNotJoined;

    /// <summary>412: If-Match names a stale version. Read again, then retry.</summary>
    public const string StaleVersion = Prefix + "stale-version";

    /// <summary>413: the body is larger than the limit.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    /// <summary>415: the body's media type is not accepted.</summary>
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";

    /// <summary>422: well-formed but cannot be processed (an Idempotency-Key reused with another body).</summary>
    public const string Unprocessable = Prefix + "unprocessable";

    /// <summary>426: the client speaks an older live-editing protocol than the server; reload the page or update the client. Final.</summary>
    public const string ProtocolOutdated = Prefix + "protocol-outdated";

    /// <summary>428: If-Match is required.</summary>
    public const string PreconditionRequired = Prefix + "precondition-required";

    /// <summary>429: over a rate limit; retry after <c>Retry-After</c> seconds.</summary>
    public const string TooManyRequests = Prefix + "too-many-requests";

    /// <summary>503: a stored event of this paragraph cannot be read; an operator must repair it. Do not retry until repaired.</summary>
    public const string ParagraphDamaged = Prefix + "paragraph-damaged";

    /// <summary>503: a stored event of this stream (a draft, amendment, comment thread, ...) cannot be read; an operator must deal with it. Do not retry until then.</summary>
    public const string StreamDamaged = Prefix + "stream-damaged";

    /// <summary>503: the database cannot be reached; retry after <c>Retry-After</c> seconds.</summary>
    public const string DatabaseUnavailable = Prefix + "database-unavailable";

    /// <summary>501: the server lacks a program this request needs (LibreOffice for PDF); the detail says what to install.</summary>
    public const string RendererUnavailable = Prefix + "renderer-unavailable";

    /// <summary>500: an unexpected error; the service logged it.</summary>
    public const string Unexpected = Prefix + "unexpected";

    /// <summary>The type of a problem that was made from a status code alone (status code pages, framework answers).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        412 => StaleVersion,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        428 => PreconditionRequired,
        429 => TooManyRequests,
        503 => DatabaseUnavailable,
        _ => Unexpected,
    };
}
