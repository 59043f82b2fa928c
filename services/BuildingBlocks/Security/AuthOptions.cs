namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// Token validation settings (section "Auth"). Tokens come from the identity service: signed JWT access tokens
/// (typ at+jwt) whose keys every service fetches from the identity service's key set.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The issuer tokens must carry: the public address of the identity service.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Where this service reaches the identity service for its metadata and keys (default: the issuer).</summary>
    public string Authority { get; set; } = "";

    /// <summary>Allow metadata over plain http (loopback, or an internal network behind TLS termination).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string MetadataAddress => (string.IsNullOrEmpty(Authority) ? Issuer : Authority).TrimEnd('/') + "/.well-known/openid-configuration";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Issuer) || !Uri.TryCreate(Issuer, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("Auth:Issuer (the identity service's public address) must be set; the service refuses to start without it.");
        }
    }
}
