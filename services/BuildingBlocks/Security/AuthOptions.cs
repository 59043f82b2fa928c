using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// Token validation settings (section "Auth"). Until the identity service lands, tokens are JWTs signed
/// with a symmetric key from configuration; there is no default key, so a service without one will not start.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";
    public string SigningKey { get; set; } = "";

    public SymmetricSecurityKey Key()
    {
        if (Encoding.UTF8.GetByteCount(SigningKey) < 32)
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is missing or shorter than 32 bytes. Set it through configuration (environment variable Auth__SigningKey); the service refuses to start without it.");
        }
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
        {
            throw new InvalidOperationException("Auth:Issuer and Auth:Audience must be set.");
        }
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
    }
}
