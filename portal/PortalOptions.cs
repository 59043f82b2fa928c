namespace Mit.Platform.Portal;

/// <summary>
/// The portal's settings (section "Portal"). Fail closed: without an issuer, a client secret and a gateway the portal
/// does not start.
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The identity service's public address (the token issuer); the browser is sent there to sign in.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Where the portal reads the identity metadata, when not at the authority (an internal address).</summary>
    public string? MetadataAddress { get; set; }

    public string ClientId { get; set; } = "mit-portal";

    /// <summary>The portal's client secret at the identity service (a confidential client).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The gateway's gRPC address (h2c inside the deployment): every call goes through it.</summary>
    public string Gateway { get; set; } = "";

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Where data-protection keys (cookies, antiforgery) are kept; several portal replicas share one folder.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>How long a signed-in session lasts at most (the refresh token's absolute lifetime is 8 hours).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public static PortalOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<PortalOptions>() ?? new PortalOptions();
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            options.Authority = configuration["Auth:Issuer"] ?? "";
        }
        var missing = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
        {
            missing.Add("Portal:Authority (the identity service's public address)");
        }
        if (options.ClientSecret.Length < 32)
        {
            missing.Add("Portal:ClientSecret (at least 32 characters; the same as Identity:Portal:ClientSecret)");
        }
        if (!Uri.TryCreate(options.Gateway, UriKind.Absolute, out _))
        {
            missing.Add("Portal:Gateway (the gateway's gRPC address)");
        }
        return missing.Count == 0 ? options
            : throw new InvalidOperationException("The portal is not configured: " + string.Join("; ", missing) + ".");
    }
}
