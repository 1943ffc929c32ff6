using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>The one place where errors become RFC 9457 problem details.</summary>
public sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems, Events.DamagedStreams damaged, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Damage found by a replay (an event that reads but cannot be applied) is recorded like damage found while reading.
        if (exception is ParagraphDamagedException { Sequence: > 0 } d)
            damaged.Found(new Events.UnreadableEvent(d.ParagraphId, d.Sequence, "Paragraph", d.Reason));
        if (exception is StreamDamagedException { Sequence: > 0 } s)
            damaged.Found(new Events.UnreadableEvent(s.StreamId, s.Sequence, "Stream", s.Reason));
        var problem = ToProblem(exception);
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }

        // The caller gets a clean 503; operators still need to see the outage and what caused it.
        if (problem.Type == ProblemTypes.DatabaseUnavailable)
            logger.LogWarning(exception, "Database unavailable on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (problem.Extensions.TryGetValue(RetryAfter, out var seconds) && seconds is int retryAfter)
            httpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The extension naming the seconds to wait before retrying; REST answers also carry it as the Retry-After header.</summary>
    public const string RetryAfter = "retryAfter";

    /// <summary>Maps an exception to problem details with a <see cref="ProblemTypes"/> type; null when it is not one we expect.</summary>
    public static ProblemDetails? ToProblem(Exception exception) => DatabaseOutage.Recognize(exception) is { } outage
        ? WithExtensions(Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.DatabaseUnavailable, "The database is unavailable.", outage.Message),
            new Dictionary<string, object?> { [RetryAfter] = DatabaseOutage.RetryAfterSeconds })
        : Known(exception);

    private static ProblemDetails? Known(Exception exception) => exception switch
    {
        ValidationException v => new HttpValidationProblemDetails(
            v.Errors.GroupBy(e => ToCamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Type = ProblemTypes.InvalidRequest,
        },
        InvalidOperationFormatException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(p => p.Key, p => p.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The operation is malformed.",
            Detail = e.Message,
            Type = ProblemTypes.InvalidOperation,
        },
        InvalidFieldsException e => WithExtensions(new HttpValidationProblemDetails(e.Errors.ToDictionary(p => p.Key, p => p.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = e.Message,
            Type = ProblemTypes.InvalidRequest,
        }, e.Extensions),
        MalformedMessageException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(p => p.Key, p => p.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The message is malformed.",
            Detail = e.Message,
            Type = ProblemTypes.MalformedRequest,
        },
        NotFoundException e => Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found.", e.Message),
        ForbiddenException e => Problem(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Your role does not allow this.", e.Message),
        PreconditionRequiredException e => Problem(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, "If-Match is required.", e.Message),
        PreconditionFailedException e => WithExtensions(
            Problem(StatusCodes.Status412PreconditionFailed, ProblemTypes.StaleVersion, "The version is stale.", e.Message),
            new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion }),
        ConflictException e => WithExtensions(Problem(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict with the current state.", e.Message), e.Extensions),
        DraftNotJoinedException e => Problem(StatusCodes.Status409Conflict, ProblemTypes.DraftNotJoined, "The draft is not joined.", e.Message),
        TextOperationException e => WithExtensions(
            Problem(StatusCodes.Status409Conflict, ProblemTypes.OperationMismatch, "The operation does not fit the text.", e.Message),
            new Dictionary<string, object?> { ["expectedLength"] = e.ExpectedLength, ["actualLength"] = e.ActualLength }),
        ConcurrencyException e => Problem(StatusCodes.Status412PreconditionFailed, ProblemTypes.StaleVersion, "The version is stale.",
            "Someone else changed this at the same time; read it again and retry. " + e.Message),
        ProtocolOutdatedException e => WithExtensions(
            Problem(StatusCodes.Status426UpgradeRequired, ProblemTypes.ProtocolOutdated, "The client is outdated: reload the page or update it.", e.Message),
            new Dictionary<string, object?> { ["protocolVersion"] = e.ServerVersion }),
        TooManyRequestsException e => Problem(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests, "Too many requests.", e.Message),
        UnprocessableException e => Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.Unprocessable, "The request cannot be processed.", e.Message),
        Exports.RendererUnavailableException e => Problem(StatusCodes.Status501NotImplemented, ProblemTypes.RendererUnavailable,
            "This server cannot render the format.", e.Message),
        ParagraphDamagedException e => WithExtensions(
            Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ParagraphDamaged, "The paragraph is damaged.", e.Message),
            new Dictionary<string, object?> { ["paragraphId"] = e.ParagraphId, ["sequence"] = e.Sequence }),
        StreamDamagedException e => WithExtensions(
            Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.StreamDamaged, "The stream is damaged.", e.Message),
            new Dictionary<string, object?> { ["streamId"] = e.StreamId, ["sequence"] = e.Sequence }),
        UnauthorizedAccessException e => Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthenticated, "Authentication is required.", e.Message),
        BadHttpRequestException e => e.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problem(e.StatusCode, ProblemTypes.PayloadTooLarge, "The request body is too large.", e.Message),
            StatusCodes.Status415UnsupportedMediaType => Problem(e.StatusCode, ProblemTypes.UnsupportedMediaType, "Unsupported media type.", e.Message),
            _ => Problem(e.StatusCode, ProblemTypes.MalformedRequest, "The request is malformed.", e.Message),
        },
        System.Text.Json.JsonException e => Problem(StatusCodes.Status400BadRequest, ProblemTypes.MalformedRequest, "The request body is not valid JSON.", e.Message),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string type, string title, string detail) =>
        new() { Status = status, Type = type, Title = title, Detail = detail };

    private static ProblemDetails WithExtensions(ProblemDetails problem, IReadOnlyDictionary<string, object?> extensions)
    {
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    /// <summary>The field as the request body names it: request bodies are flat, commands may wrap them (Change.End -> end).</summary>
    private static string ToCamelCase(string name)
    {
        var leaf = name[(name.LastIndexOf('.') + 1)..];
        return leaf.Length == 0 ? leaf : char.ToLowerInvariant(leaf[0]) + leaf[1..];
    }
}
