using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using GgeWorkspace.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>
/// SignalR's JSON hub protocol, except that an invocation whose arguments do not bind reaches the hub filters instead of
/// being answered by SignalR with a fixed "Failed to invoke" text: its arguments are replaced by one
/// <see cref="MalformedArguments"/> saying which argument and field failed, and <see cref="ProblemDetailsHubFilter"/>
/// answers it as a 400 problem, logs it and counts it like any other refusal. An invocation of a method the hub does not
/// have reaches the filters the same way (<see cref="UnknownHubMethod"/>: a 404 problem, logged and counted). A record
/// that is no SignalR JSON record at all (not JSON, nested deeper than 64 levels, over the size limit) has no invocation
/// to answer: the connection is closed, and its close message carries the reason as a problem (<see cref="UnreadableRecordException"/>).
/// Only the failure path parses the message a second time (to find the failing argument); well-formed messages pass
/// through untouched.
/// </summary>
public sealed class ProblemAnsweringJsonHubProtocol(IOptions<JsonHubProtocolOptions> options, IServiceProvider services) : IHubProtocol
{
    private const byte RecordSeparator = 0x1e;
    private readonly JsonHubProtocol _inner = new(options);
    private readonly JsonSerializerOptions _payload = options.Value.PayloadSerializerOptions;

    // Read on first use: SignalR's options are built from the protocols, so they cannot be a constructor dependency.
    private readonly Lazy<long?> _maxMessageBytes = new(() => services.GetRequiredService<IOptions<HubOptions>>().Value.MaximumReceiveMessageSize);

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        bool parsed;
        try
        {
            parsed = _inner.TryParseMessage(ref input, binder, out message);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            // SignalR would close with a bare "Connection closed with an error."; a HubException's message reaches the client.
            var reason = e.InnerException is JsonException json ? WithoutPosition(json.Message) : WithoutPosition(e.Message);
            throw UnreadableRecordException.Malformed($"The message is not a SignalR JSON record ({reason}); the connection is closed.");
        }
        if (!parsed || message is null)
        {
            // SignalR hands the protocol at most the size limit; no record separator within it means the record is too large.
            if (_maxMessageBytes.Value is { } max && input.Length >= max)
                throw UnreadableRecordException.TooLarge($"A message is at most {max} bytes; the connection is closed. Split large operations.");
            return false;
        }
        if (message is InvocationBindingFailureMessage failure) message = Refusal(failure, before.Slice(0, before.Length - input.Length), binder);
        else if (message is StreamInvocationMessage streamed)
            message = Streaming(streamed.InvocationId, streamed.Target, "asked to stream its results");
        else if (message is InvocationMessage { StreamIds.Length: > 0 } withStreams)
            message = Streaming(withStreams.InvocationId, withStreams.Target, "sent stream arguments");
        return true;
    }

    /// <summary>
    /// The hub has no streaming methods: SignalR would answer a streaming call with a fixed text, not a problem. It is handed
    /// to a method every connection may call, whose filters see the marker and refuse it as a 400 (logged and counted).
    /// </summary>
    private static InvocationMessage Streaming(string? invocationId, string target, string what) =>
        new(invocationId, nameof(LiveEditing.DraftingHub.WhoAmI), [new StreamingInvocation(target, what)]);

    private InvocationMessage Refusal(InvocationBindingFailureMessage failure, ReadOnlySequence<byte> record, IInvocationBinder binder)
    {
        IReadOnlyList<Type> types;
        try
        {
            types = binder.GetParameterTypes(failure.Target);
        }
        catch (HubException)
        {
            // No such method, so no hub filter would run for it: it is handed to a method every connection may call, whose
            // filters see the marker first and refuse it (rate-limited, logged and counted like any other refusal).
            return new InvocationMessage(failure.InvocationId, nameof(LiveEditing.DraftingHub.WhoAmI), [new UnknownHubMethod(failure.Target)]);
        }
        var malformed = Locate(failure, record, types);
        // Every slot holds the marker (at least one, even for a method without parameters), so the filter always finds it.
        return new InvocationMessage(failure.InvocationId, failure.Target, Enumerable.Repeat<object?>(malformed, Math.Max(1, types.Count)).ToArray());
    }

    private MalformedArguments Locate(InvocationBindingFailureMessage failure, ReadOnlySequence<byte> record, IReadOnlyList<Type> types)
    {
        try
        {
            if (record.Length > 0 && record.Slice(record.Length - 1).FirstSpan[0] == RecordSeparator) record = record.Slice(0, record.Length - 1);
            using var document = JsonDocument.Parse(record);
            if (!document.RootElement.TryGetProperty("arguments", out var arguments) || arguments.ValueKind != JsonValueKind.Array)
                return new MalformedArguments(null, null, "The invocation has no array of arguments.", false);
            if (arguments.GetArrayLength() != types.Count)
                return new MalformedArguments(null, null, $"'{failure.Target}' takes {types.Count} argument(s); the message has {arguments.GetArrayLength()}.", false);
            var index = 0;
            foreach (var argument in arguments.EnumerateArray())
            {
                try
                {
                    JsonSerializer.Deserialize(argument, types[index], _payload);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
                {
                    return Describe(index, e);
                }
                index++;
            }
        }
        catch (JsonException)
        {
        }
        return Describe(null, failure.BindingFailure.SourceException);
    }

    private static MalformedArguments Describe(int? index, Exception e) => e switch
    {
        JsonException op when TextOperationJsonConverter.MalformedComponent(op, out var component) =>
            new MalformedArguments(index, Field(op.Path, component), op.Message, true),
        JsonException json => new MalformedArguments(index, Field(json.Path, null), WithoutPosition(json.Message), false),
        _ => new MalformedArguments(index, null, "The value does not have the expected type.", false),
    };

    private static string? Field(string? path, int? component)
    {
        // "$.operation" names the field "operation"; "$" is the argument itself (named by the filter).
        var field = path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is not null && component is { } c ? $"{field}[{c}]" : field;
    }

    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>Stands in for the arguments of an invocation that did not bind; answered by <see cref="ProblemDetailsHubFilter"/>.</summary>
public sealed record MalformedArguments(int? ArgumentIndex, string? Field, string Message, bool InOperation)
{
    /// <summary>The refusal, with the field named as the client sent it (a parameter name when the argument itself is wrong).</summary>
    public Exception ToException(System.Reflection.MethodInfo method)
    {
        var parameters = method.GetParameters();
        var field = Field ?? (ArgumentIndex is { } i && i < parameters.Length ? parameters[i].Name! : "arguments");
        var errors = new Dictionary<string, string[]> { [field] = [Message] };
        return InOperation
            ? new InvalidOperationFormatException($"The operation is malformed: {Message} Do not retry it unchanged.", errors)
            : new MalformedMessageException($"The arguments of '{method.Name}' are malformed: {Message} Do not retry it unchanged.", errors);
    }
}

/// <summary>Stands in for the arguments of an invocation of a method the hub does not have; answered by <see cref="ProblemDetailsHubFilter"/>.</summary>
public sealed record UnknownHubMethod(string Name)
{
    // The name is the client's: bounded (without splitting a surrogate pair) and without control characters before it
    // is logged or answered, so it cannot forge log lines.
    public string Name { get; } = Printable(Name);

    private static string Printable(string name)
    {
        var cut = name.Length <= 100 ? name.Length : char.IsHighSurrogate(name[99]) ? 99 : 100;
        var printable = string.Concat(name.AsSpan(0, cut).ToArray().Select(c => char.IsControl(c) ? '?' : c));
        return cut < name.Length ? printable + "..." : printable;
    }
}

/// <summary>A streaming call (results streamed to the client, or stream arguments sent to the hub): the hub has none.</summary>
public sealed record StreamingInvocation(string Method, string What)
{
    public string Method { get; } = new UnknownHubMethod(Method).Name;

    public Exception ToException() => new MalformedMessageException(
        $"The call of '{Method}' {What}; no hub method streams. Invoke it with its arguments and no streams. Do not retry it unchanged.",
        new Dictionary<string, string[]> { ["streaming"] = ["No hub method streams."] });
}

/// <summary>
/// A record that cannot be read closes the connection; SignalR puts the message of a <see cref="HubException"/> into the
/// close message, so the client learns why: "Connection closed with an error. UnreadableRecordException: " and a problem.
/// </summary>
public sealed class UnreadableRecordException(int status, string reason, string problem) : HubException(problem)
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;

    public static UnreadableRecordException Malformed(string reason) =>
        Create(reason, new MalformedMessageException(reason, new Dictionary<string, string[]> { ["message"] = [reason] }));

    public static UnreadableRecordException TooLarge(string reason) =>
        Create(reason, new BadHttpRequestException(reason, StatusCodes.Status413PayloadTooLarge));

    private static UnreadableRecordException Create(string reason, Exception refusal)
    {
        var problem = ProblemDetailsExceptionHandler.ToProblem(refusal)!;
        return new UnreadableRecordException(problem.Status ?? 400, reason, ProblemDetailsHubFilter.Serialize(problem));
    }
}

public static class ProblemAnsweringJsonHubProtocolRegistration
{
    /// <summary>Serves the JSON hub protocol through <see cref="ProblemAnsweringJsonHubProtocol"/> (after AddJsonProtocol).</summary>
    public static ISignalRServerBuilder AnswerBindingFailuresAsProblems(this ISignalRServerBuilder builder)
    {
        var json = builder.Services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType == typeof(JsonHubProtocol)).ToList();
        foreach (var descriptor in json) builder.Services.Remove(descriptor);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, ProblemAnsweringJsonHubProtocol>());
        return builder;
    }
}
