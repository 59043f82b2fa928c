using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Mit.Platform.Identity.Api;

/// <summary>
/// Signing and encryption keys from configuration (Identity:SigningKeys:n as PEM RSA private keys, the first signs,
/// all are published so tokens of a key being rotated out stay valid until it is removed; Identity:EncryptionKey
/// as base64 of 32 bytes). Production refuses to start without them; Development may use ephemeral keys.
/// </summary>
internal static class Credentials
{
    public static IReadOnlyList<SecurityKey> SigningKeys(IConfiguration configuration) =>
        configuration.GetSection("Identity:SigningKeys").GetChildren()
            .Select(c => c.Value)
            .Where(pem => !string.IsNullOrWhiteSpace(pem))
            .Select(pem =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                var id = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
                return (SecurityKey)new RsaSecurityKey(rsa) { KeyId = id };
            })
            .ToList();

    public static SecurityKey? EncryptionKey(IConfiguration configuration)
    {
        var value = configuration["Identity:EncryptionKey"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var bytes = Convert.FromBase64String(value);
        return bytes.Length == 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException("Identity:EncryptionKey must be base64 of 32 bytes.");
    }

    /// <summary>
    /// Development without configured keys: a fresh signing key at each start, of the size `identity keys new` makes for
    /// Production (RSA 2048; OpenIddict's own ephemeral key is RSA 4096, whose generation takes seconds of CPU at each
    /// start). Generated on first use; its identifier is derived when the server's options are completed.
    /// </summary>
    public static SecurityKey NewEphemeralSigningKey() => new RsaSecurityKey(RSA.Create(2048));

    /// <summary>Development without a configured key: a fresh encryption key at each start, of the kind Production configures (32 random bytes).</summary>
    public static SecurityKey NewEphemeralEncryptionKey() => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new RSA signing key as PEM, for operators (`identity keys new`) and tests.</summary>
    public static string NewSigningKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }
}
