using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>
/// Sends a command as a named person outside any HTTP request (the demo workspace, the command line): in a scope of its own,
/// through the same pipeline as an API call, so authorization applies and every event records that person as its actor.
/// </summary>
public static class ActingAs
{
    public static async Task<T> SendAsync<T>(IServiceProvider services, string sub, string name, bool secretariatRole, ICommand<T> command, CancellationToken ct)
    {
        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var claims = new List<Claim> { new("sub", sub), new("name", name) };
        if (secretariatRole) claims.Add(new Claim(auth.RolesClaim, auth.SecretariatRole));
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerAccessor>().Use(new ClaimsPrincipal(new ClaimsIdentity(claims, "service")));
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, ct);
    }
}
