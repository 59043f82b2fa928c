namespace Mit.Platform.Briefings;

/// <summary>Settings of section "Briefings".</summary>
public sealed class BriefingsOptions
{
    public const string Section = "Briefings";
    /// <summary>Base64 of 32 bytes; wraps every briefing's own key. Required in Production.</summary>
    public string MasterKey { get; set; } = "";
    /// <summary>Development only: where a generated master key is kept when none is configured.</summary>
    public string MasterKeyFile { get; set; } = "";
    /// <summary>This service's client at the identity service (client credentials).</summary>
    public string ClientId { get; set; } = "briefings";
    public string ClientSecret { get; set; } = "";
    /// <summary>Token endpoint; default: the Auth authority's /connect/token.</summary>
    public string TokenEndpoint { get; set; } = "";
    /// <summary>Committees (membership) and AdviceRequests (is a request unknown or unreleased); default: this process.</summary>
    public string CommitteesAddress { get; set; } = "";
    public string AdviceRequestsAddress { get; set; } = "";
}
