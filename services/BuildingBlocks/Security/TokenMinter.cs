using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// Mints tokens signed with the configured development key: for demos (the all-in-one host prints how) and tests.
/// Production has no key in the repository, so nothing minted here is accepted there.
/// </summary>
public static class TokenMinter
{
    public static string Mint(AuthOptions options, string subject, string name, string organisation,
        IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset? now = null)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, subject),
            new(PlatformClaims.Name, name),
            new(PlatformClaims.Organisation, organisation),
        };
        claims.AddRange(roles.Select(r => new Claim(PlatformClaims.Role, r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            SigningCredentials = new SigningCredentials(options.Key(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
