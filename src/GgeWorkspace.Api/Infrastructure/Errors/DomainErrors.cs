namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>The caller is not a member of the group, or the thing does not exist: both answer 404 so nothing leaks.</summary>
public sealed class NotFoundException(string message = "Not found.") : Exception(message);

/// <summary>The caller is a member but their role does not allow this.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request breaks a rule of the domain given the current state (e.g. a refused status transition).</summary>
public class ConflictException(string message, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>
/// A request whose fields break a rule of the domain that needs the current state to check (such as bracket holders that are
/// not delegations of the group): 400 with field errors, like a validator's, and extensions a client can act on.
/// </summary>
public sealed class InvalidFieldsException(
    string message, IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static InvalidFieldsException Field(string field, string message, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] }, extensions);
}

/// <summary>A live operation on a connection that has not joined the draft, so it would not receive the operations of others.</summary>
public sealed class DraftNotJoinedException(string message) : Exception(message);

/// <summary>A state-dependent update arrived without If-Match.</summary>
public sealed class PreconditionRequiredException(string message = "This update depends on the current state: send If-Match with the version you read.")
    : Exception(message);

/// <summary>If-Match named a version that is no longer current.</summary>
public sealed class PreconditionFailedException(long currentVersion, string? message = null)
    : Exception(message ?? $"The version you sent is stale; the current version is {currentVersion}.")
{
    public long CurrentVersion { get; } = currentVersion;
}

/// <summary>A request that is well-formed but cannot be processed (e.g. an Idempotency-Key reused with another body).</summary>
public sealed class UnprocessableException(string message) : Exception(message);

/// <summary>A caller sent more than its limit allows (the hub's per-connection limit; HTTP uses the rate limiter middleware).</summary>
public sealed class TooManyRequestsException(string message) : Exception(message);

/// <summary>A live client speaks an older protocol than the server (or names none): it must be reloaded or updated.</summary>
public sealed class ProtocolOutdatedException(int? clientVersion, int serverVersion)
    : Exception($"This client speaks live-editing protocol {(clientVersion is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "1 (no protocolVersion sent)")}; the server speaks {serverVersion}. Reload the page or update the client.")
{
    public int? ClientVersion { get; } = clientVersion;

    public int ServerVersion { get; } = serverVersion;
}

/// <summary>A live text operation is malformed (as opposed to well-formed but not fitting the text: a 409).</summary>
public sealed class InvalidOperationFormatException(string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A hub message whose arguments do not bind (wrong JSON type or shape, numbers out of range): 400 with field errors.</summary>
public sealed class MalformedMessageException(string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A stored event of a paragraph cannot be read or applied: the paragraph is damaged until an operator repairs it.</summary>
public sealed class ParagraphDamagedException(Guid paragraphId, long sequence, string reason)
    : Exception($"Paragraph {paragraphId} cannot be read: its stored event at sequence {sequence} is damaged ({reason}). An operator can repair it with 'events repair'.")
{
    public Guid ParagraphId { get; } = paragraphId;

    public long Sequence { get; } = sequence;

    public string Reason { get; } = reason;
}

/// <summary>
/// A stored event of a stream other than a paragraph (draft, amendment, comment thread, silence procedure, workstream,
/// group...) cannot be read or applied: that stream answers as damaged until an operator deals with it.
/// </summary>
public sealed class StreamDamagedException(Guid streamId, long sequence, string reason)
    : Exception($"Stream {streamId} cannot be read: its stored event at sequence {sequence} is damaged ({reason}). An operator must deal with it (see 'events damaged').")
{
    public Guid StreamId { get; } = streamId;

    public long Sequence { get; } = sequence;

    public string Reason { get; } = reason;
}

/// <summary>The database cannot be reached right now.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
