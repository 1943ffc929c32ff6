using System.Text;
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
            // Browsers cannot set headers on WebSockets: SignalR sends the token as access_token.
            OnMessageReceived = context =>
            {
                var token = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubPathPrefix))
                    context.Token = token;
                return Task.CompletedTask;
            },
        };
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("No signing key.")));
}
