using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>
/// Hub methods fail with the same RFC 9457 problem details as the REST API, serialized in the HubException message,
/// including calls whose arguments did not bind (<see cref="ProblemAnsweringJsonHubProtocol"/>). This is the one place
/// a failed hub call is logged: a refusal as one line naming the member, the method, the status and the problem type
/// (an audit trail, no stack trace, never the token); an unexpected error with its stack trace, answered as a 500
/// problem. Every invocation, of whatever method (even one the hub does not have), first takes a token from the
/// connection's rate limit, and a connection whose refusals reach <c>LiveEditing:MaxRefusalsPerConnection</c> is closed.
/// A connection closed because a record could not be read at all is logged here too, once, naming the member.
/// </summary>
public sealed class ProblemDetailsHubFilter(LiveRateLimits limits, ILogger<ProblemDetailsHubFilter> logger) : IHubFilter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            // Before anything else, so no kind of invocation (malformed, unknown, Heartbeat) escapes the limit.
            limits.Acquire(invocationContext.Context.ConnectionId);
            if (invocationContext.HubMethodArguments.Count > 0 && invocationContext.HubMethodArguments[0] is UnknownHubMethod unknown)
                throw new NotFoundException($"The hub has no method '{unknown.Name}'.");
            if (invocationContext.HubMethodArguments.Count > 0 && invocationContext.HubMethodArguments[0] is StreamingInvocation streaming)
                throw streaming.ToException();
            if (invocationContext.HubMethodArguments.Count > 0 && invocationContext.HubMethodArguments[0] is MalformedArguments malformed)
                throw malformed.ToException(invocationContext.HubMethod);
            if (MissingArgument(invocationContext) is { } missing)
                throw new MalformedMessageException($"'{invocationContext.HubMethodName}' needs a value for '{missing}'.",
                    new Dictionary<string, string[]> { [missing] = ["A value is required."] });
            return await next(invocationContext);
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not HubException)
        {
            var problem = ProblemDetailsExceptionHandler.ToProblem(e);
            var context = invocationContext.Context;
            var sub = context.User?.FindFirst("sub")?.Value ?? "anonymous";
            if (problem is null)
            {
                logger.LogError(e, "Hub call {HubMethod} from {Sub} failed unexpectedly", invocationContext.HubMethodName, sub);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Type = ProblemTypes.Unexpected,
                    Title = "An unexpected error occurred.",
                    Detail = "The service logged it. Retry once after a pause.",
                };
            }
            else
            {
                Refused(invocationContext, problem, sub);
            }
            throw new HubException(Serialize(problem));
        }
    }

    /// <summary>A problem as hub errors carry it: the message of a <see cref="HubException"/> (of a completion or a close message).</summary>
    internal static string Serialize(ProblemDetails problem) => JsonSerializer.Serialize(problem, problem.GetType(), Json);

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        limits.Forget(context.Context.ConnectionId);
        if (exception is UnreadableRecordException unreadable)
            logger.LogInformation("Closed connection {ConnectionId} of {Sub}: a record could not be read ({Status} {Reason})",
                context.Context.ConnectionId, context.Context.User?.FindFirst("sub")?.Value ?? "anonymous", unreadable.Status, unreadable.Reason);
        return next(context, exception);
    }

    private static readonly ConcurrentDictionary<MethodInfo, bool[]> Required = new();

    /// <summary>JSON null binds to any reference type; the name of a parameter that may not be null but is, if any.</summary>
    private static string? MissingArgument(HubInvocationContext invocation)
    {
        var parameters = invocation.HubMethod.GetParameters();
        var required = Required.GetOrAdd(invocation.HubMethod, _ =>
        {
            var nullability = new NullabilityInfoContext();
            return [.. parameters.Select(p => !p.ParameterType.IsValueType && nullability.Create(p).WriteState == NullabilityState.NotNull)];
        });
        for (var i = 0; i < parameters.Length && i < invocation.HubMethodArguments.Count; i++)
            if (required[i] && invocation.HubMethodArguments[i] is null) return parameters[i].Name;
        return null;
    }

    private void Refused(HubInvocationContext invocation, ProblemDetails problem, string sub)
    {
        var status = problem.Status ?? 0;
        var level = status >= 500 ? LogLevel.Warning : LogLevel.Information;
        var method = invocation.HubMethodArguments.Count > 0
            ? invocation.HubMethodArguments[0] switch
            {
                UnknownHubMethod unknown => unknown.Name,
                StreamingInvocation streaming => streaming.Method,
                _ => invocation.HubMethodName,
            }
            : invocation.HubMethodName;
        logger.Log(level, "Refused hub call {HubMethod} from {Sub} on connection {ConnectionId}: {Status} {ProblemType}",
            method, sub, invocation.Context.ConnectionId, status, problem.Type);
        if (status is >= 400 and < 500 && LiveRateLimits.CountsAsAbuse(status) && limits.Refused(invocation.Context.ConnectionId) is { } count)
        {
            logger.LogWarning("Closing connection {ConnectionId} of {Sub} after {Refusals} refused hub calls", invocation.Context.ConnectionId, sub, count);
            invocation.Context.Abort();
        }
    }
}
