using System.Security.Claims;

namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>The person behind a request: the token's <c>sub</c>, a display name and application roles.</summary>
public sealed record Caller(string Sub, string DisplayName, IReadOnlySet<string> ApplicationRoles)
{
    public bool HasApplicationRole(string role) => ApplicationRoles.Contains(role);

    public static Caller From(ClaimsPrincipal principal, string rolesClaim)
    {
        var sub = principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new UnauthorizedAccessException("The token has no subject.");
        var name = principal.FindFirstValue("name") ?? sub;
        var roles = principal.FindAll(rolesClaim).Select(c => c.Value)
            .Concat(principal.FindAll(ClaimTypes.Role).Select(c => c.Value))
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(sub, name, roles);
    }
}

/// <summary>Reads the caller of the current request or hub invocation.</summary>
public sealed class CallerAccessor(IHttpContextAccessor http, Microsoft.Extensions.Options.IOptions<AuthOptions> options)
{
    private ClaimsPrincipal? _principal;

    public Caller Current => From(_principal ?? http.HttpContext?.User ?? throw new UnauthorizedAccessException("No caller."));

    /// <summary>Hub invocations name their caller explicitly: the connection's user.</summary>
    public void Use(ClaimsPrincipal principal) => _principal = principal;

    public Caller From(ClaimsPrincipal principal) => Caller.From(principal, options.Value.RolesClaim);
}
