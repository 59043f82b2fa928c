using System.Security.Claims;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Identity.Domain;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mit.Platform.Identity.Api;

/// <summary>Builds the claims a token carries: sub, name, role (one or more), org, and the APIs it is for (aud).</summary>
internal static class Principals
{
    public static ClaimsPrincipal ForUser(PlatformUser user, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("mit-identity", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(PlatformClaims.Organisation, user.Organisation)
            .SetClaims(Claims.Role, [.. user.Roles]);
        return Finish(identity, scopes);
    }

    public static ClaimsPrincipal ForService(string clientId, string? displayName, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("mit-identity", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId)
            .SetClaim(Claims.Name, displayName ?? clientId)
            .SetClaim(PlatformClaims.Organisation, "PLATFORM")
            .SetClaims(Claims.Role, [PlatformRoles.Service]);
        return Finish(identity, scopes);
    }

    /// <summary>A client acting as itself with no role at all (the portal reading the public record).</summary>
    public static ClaimsPrincipal ForClientWithoutRole(string clientId, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("mit-identity", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, clientId);
        return Finish(identity, scopes);
    }

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        var granted = scopes.ToList();
        identity.SetScopes(granted);
        // The audience is exactly the platform APIs asked for: a token for one service is refused by another.
        identity.SetResources(granted.Where(PlatformApis.All.Contains));
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or Claims.PreferredUsername or Claims.Role or PlatformClaims.Organisation
                when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
