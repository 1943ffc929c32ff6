using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GgeWorkspace.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public const string HubPathPrefix = "/hubs";

    public static IServiceCollection AddGgeAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Authority) || Encoding.UTF8.GetByteCount(o.SigningKey ?? "") >= 32,
                "Configure Auth:Authority (an OIDC provider) or Auth:SigningKey (at least 32 bytes) to validate tokens.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<GroupAccess>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Configured from options at resolution time, so tests and hosts can supply them late.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));
        services.AddAuthorization();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions options)
    {
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
        jwt.Audience = options.Audience;
        if (!string.IsNullOrWhiteSpace(options.Authority)) jwt.Authority = options.Authority;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = !string.IsNullOrWhiteSpace(options.Issuer) || !string.IsNullOrWhiteSpace(options.Authority),
            ValidIssuer = options.Issuer,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            NameClaimType = "name",
            RoleClaimType = options.RolesClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            if (string.IsNullOrWhiteSpace(options.SigningKey) || Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
                throw new InvalidOperationException(
                    "Configure Auth:Authority (an OIDC provider) or Auth:SigningKey (at least 32 bytes) to validate tokens.");
            jwt.TokenValidationParameters.IssuerSigningKey = SigningKey(options);
        }
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // Browsers cannot set headers on a WebSocket, so the hub's WebSocket handshake may carry the token as
                // access_token. Nowhere else: a token in any other URL (negotiate, Long Polling) ends up in logs and
                // histories, so those requests must send the Authorization header.
                var token = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubPathPrefix)
                    && IsWebSocketHandshake(context.HttpContext))
                    context.Token = token;
                return Task.CompletedTask;
            },
            // Every caller is a person: a correctly signed token that names nobody is not a credential.
            OnTokenValidated = context =>
            {
                if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst("sub")?.Value))
                    context.Fail("The token names no subject (sub).");
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status401Unauthorized,
                        Type = ProblemTypes.Unauthenticated,
                        Title = "Authentication is required.",
                        Detail = context.AuthenticateFailure is null
                            ? "Send a bearer token in the Authorization header."
                            : "The bearer token is not valid: it must be signed by the configured issuer, unexpired, for this audience, and name a subject.",
                    },
                });
            },
        };
    }

    /// <summary>
    /// A WebSocket opening handshake as the WebSocket middleware accepts it (RFC 6455 section 4.2.1 over HTTP/1.1, or an
    /// extended CONNECT over HTTP/2), checked here because authentication runs before that middleware.
    /// </summary>
    public static bool IsWebSocketHandshake(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest) return true;
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
        var headers = http.Request.Headers;
        return HttpMethods.IsGet(http.Request.Method)
            && headers.Connection.Any(v => v is not null && v.Split(',').Any(t => t.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase)))
            && headers.Upgrade.Any(v => string.Equals(v, "websocket", StringComparison.OrdinalIgnoreCase))
            && headers.SecWebSocketVersion.ToString() == "13"
            && IsWebSocketKey(headers.SecWebSocketKey.ToString());
    }

    private static bool IsWebSocketKey(string key)
    {
        Span<byte> bytes = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, bytes, out var written) && written == 16;
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("No signing key.")));
}
