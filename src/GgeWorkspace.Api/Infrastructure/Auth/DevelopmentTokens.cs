using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>A person of the fixed demo cast; their <c>sub</c> never changes.</summary>
public sealed record DemoUser(string Sub, string Name, string Description, bool IsSecretariat);

/// <summary>Issues tokens for the demo cast. Mapped in Development only: elsewhere the route does not exist.</summary>
public static class DevelopmentTokens
{
    public static readonly IReadOnlyList<DemoUser> Cast =
    [
        new("demo-chair", "Ingrid Halvorsen", "Chair (nominated by Norway)", false),
        new("demo-expert-can", "Claire Tremblay", "Expert nominated by Canada", false),
        new("demo-expert-chn", "李明 (Li Ming)", "Expert nominated by China", false),
        new("demo-expert-mex", "Sofía Hernández", "Expert nominated by Mexico", false),
        new("demo-expert-gbr", "James Whitfield", "Expert nominated by the United Kingdom", false),
        new("demo-expert-usa", "Robert Hayes", "Expert nominated by the United States", false),
        new("demo-expert-personal", "Amira Haddad", "Expert serving in a personal capacity (no State attribution)", false),
        new("demo-secretariat", "Daniel Okafor", "Secretariat officer (UNODA)", true),
        new("demo-observer", "Elena Petrova", "Observer (reads only)", false),
        new("demo-translator", "Camille Laurent", "Translator into French and Arabic (writes translations only)", false),
    ];

    public static string IssueToken(DemoUser user, AuthOptions options, TimeProvider time, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new("sub", user.Sub), new("name", user.Name) };
        if (user.IsSecretariat) claims.Add(new Claim(options.RolesClaim, options.SecretariatRole));
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(AuthSetup.SigningKey(options), SecurityAlgorithms.HmacSha256),
        });
    }

    public sealed record TokenRequest(string Sub);

    public sealed record DemoUserToken(string Sub, string Name, string Description, string Token);

    public static IEndpointRouteBuilder MapDevelopmentTokens(this IEndpointRouteBuilder app)
    {
        var dev = app.MapGroup("/api/dev").WithTags("Development").AllowAnonymous();
        dev.MapGet("/users", (IOptions<AuthOptions> options, TimeProvider time) =>
                Cast.Select(u => new DemoUserToken(u.Sub, u.Name, u.Description, IssueToken(u, options.Value, time))))
            .WithSummary("The demo cast, each with a token (Development only).");
        dev.MapPost("/tokens", (TokenRequest request, IOptions<AuthOptions> options, TimeProvider time) =>
            {
                var user = Cast.FirstOrDefault(u => u.Sub == request.Sub);
                return user is null
                    ? Results.Problem(statusCode: 404, title: "Not found.", detail: $"No demo user has sub '{request.Sub}'.")
                    : Results.Ok(new DemoUserToken(user.Sub, user.Name, user.Description, IssueToken(user, options.Value, time)));
            })
            .WithSummary("A token for one demo user (Development only).");
        return app;
    }
}
