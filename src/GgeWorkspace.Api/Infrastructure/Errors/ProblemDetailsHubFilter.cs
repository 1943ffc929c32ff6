using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>Hub methods fail with the same RFC 9457 problem details as the REST API, serialized in the HubException message.</summary>
public sealed class ProblemDetailsHubFilter : IHubFilter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (ProblemDetailsExceptionHandler.ToProblem(e) is { } problem)
        {
            throw new HubException(JsonSerializer.Serialize(problem, Json));
        }
    }
}
