namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>How bearer tokens are validated; any OIDC provider works (Keycloak, Entra ID, ...).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>OIDC authority; its discovery document supplies issuer and keys.</summary>
    public string? Authority { get; set; }

    public string? Issuer { get; set; }

    public string Audience { get; set; } = "gge-workspace";

    /// <summary>Symmetric signing key (at least 32 bytes of text), used when no authority is configured.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Claim carrying application roles.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Application role that allows creating groups.</summary>
    public string SecretariatRole { get; set; } = "gge-secretariat";

    public bool RequireHttpsMetadata { get; set; } = true;
}
