namespace GgeWorkspace.Api.Infrastructure.Http;

/// <summary>
/// `Limits:MaxRequestBodyBytes` on every server, not only Kestrel (whose own limit also covers chunked bodies): a body
/// declared larger is refused with 413 before anything reads it, and the server's limit feature is set where it exists.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use((http, next) =>
        {
            if (http.Request.ContentLength > maxBytes)
                throw new BadHttpRequestException($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = maxBytes;
            return next(http);
        });
}
