namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// Browsers send Origin with WebSocket requests and do not apply CORS to them: a page on another site could open the
/// hub with a member's token. The hub accepts its own origin, the configured ones (LiveEditing:AllowedOrigins), and
/// clients that send no Origin (native clients); anything else gets 403.
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, string path) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(path) && http.Request.Headers.Origin is { Count: > 0 } origins)
            {
                var origin = origins.ToString();
                var own = $"{http.Request.Scheme}://{http.Request.Host}";
                var allowed = http.RequestServices.GetRequiredService<IConfiguration>().GetSection("LiveEditing:AllowedOrigins").Get<string[]>() ?? [];
                if (!string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
                    && !allowed.Contains(origin, StringComparer.OrdinalIgnoreCase))
                {
                    http.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await Results.Problem(statusCode: 403, title: "Origin not allowed.",
                        detail: $"The drafting hub does not accept connections from pages at {origin}.").ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
}
