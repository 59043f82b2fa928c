using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Mit.Platform.Gateway;

/// <summary>
/// Routes are facts of the code (one per gRPC service prefix); where the services run is configuration:
/// Gateway:Services:{Name} holds one address, or several separated by ';' for replicas.
/// </summary>
public static class GatewayRoutes
{
    public static readonly (string Cluster, string ServicePrefix)[] Services =
    [
        ("AdviceRequests", "mit.platform.v1.AdviceRequests"),
        ("Committees", "mit.platform.v1.CommitteeDesks"),
        ("Committees", "mit.platform.v1.CommitteeComposition"),
        ("Committees", "mit.platform.v1.Standby"),
        // Served by a Development host only; elsewhere the service answers Unimplemented.
        ("Committees", "mit.platform.v1.DevelopmentClock"),
        ("Publication", "mit.platform.v1.Publication"),
        ("Briefings", "mit.platform.v1.Briefings"),
    ];

    /// <summary>
    /// The public record, the platform's only anonymous API: its gRPC service, its JSON paths (transcoded by the
    /// Publication service) and the Atom feed. Reachable without a token, rate-limited per client address.
    /// </summary>
    public static readonly string[] PublicPaths = ["/mit.platform.v1.PublicRecords/{**method}", "/public/v1/{**rest}"];

    public const string PublicCluster = "Publication";
    public const string PublicRateLimitPolicy = "public-records";

    /// <summary>The identity service's public endpoints (sign-in, tokens, metadata): reachable without a token.</summary>
    public static readonly string[] IdentityPaths = ["/connect/{**rest}", "/.well-known/{**rest}", "/account/{**rest}"];

    public const string IdentityCluster = "Identity";
    public const string IdentityRateLimitPolicy = "identity";

    /// <summary>
    /// The web portal, when one is configured (Gateway:Services:Portal): every other path on the web port. It signs its users
    /// in with its own session cookie, so the gateway lets its pages through without a bearer token; the portal's calls
    /// into the platform come back through the gateway with the user's token.
    /// </summary>
    public const string PortalCluster = "Portal";

    /// <summary>
    /// The portal's pages of the public record: limited per visitor here, like the public API itself (the portal's own
    /// calls behind them are not counted per address, see <see cref="GatewayModule"/>).
    /// </summary>
    public static readonly string[] PortalPublicPaths = ["/openbaar", "/openbaar/{**rest}"];

    /// <summary>The portal's client at the identity service (Gateway:PortalClientId).</summary>
    public const string DefaultPortalClientId = "mit-portal";

    public static IReadOnlyList<RouteConfig> Routes(IConfiguration configuration) =>
        string.IsNullOrEmpty(configuration[$"Gateway:Services:{PortalCluster}"]) ? PlatformRoutes : [.. PlatformRoutes, .. PortalRoutes];

    private static readonly RouteConfig[] PortalRoutes =
    [
        .. PortalPublicPaths.Select(path => PortalRoute("portal" + path, path, PublicRateLimitPolicy)),
        PortalRoute("portal", "/{**rest}", null),
    ];

    private static RouteConfig PortalRoute(string id, string path, string? rateLimitPolicy) => new()
    {
        RouteId = id,
        ClusterId = PortalCluster,
        AuthorizationPolicy = "anonymous",
        RateLimiterPolicy = rateLimitPolicy,
        // After every more specific route (services, identity, public record); the catch-all last of all.
        Order = path == "/{**rest}" ? int.MaxValue : int.MaxValue - 1,
        Match = new RouteMatch { Path = path },
        Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
    };

    private static IReadOnlyList<RouteConfig> PlatformRoutes { get; } =
    [
        .. Services.Select(s => new RouteConfig
        {
            RouteId = s.ServicePrefix,
            ClusterId = s.Cluster,
            Match = new RouteMatch { Path = $"/{s.ServicePrefix}/{{**method}}" },
        }),
        .. IdentityPaths.Select(path => new RouteConfig
        {
            RouteId = "identity" + path,
            ClusterId = IdentityCluster,
            AuthorizationPolicy = "anonymous",
            // Metadata and keys (/.well-known) are read by every service and client; sign-in and tokens are throttled.
            RateLimiterPolicy = path.StartsWith("/.well-known", StringComparison.Ordinal) ? null : IdentityRateLimitPolicy,
            Match = new RouteMatch { Path = path },
            // The identity service builds its public addresses (metadata, device verification) from the host asked for.
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        }),
        .. PublicPaths.Select(path => new RouteConfig
        {
            RouteId = "public" + path,
            ClusterId = PublicCluster,
            AuthorizationPolicy = "anonymous",
            RateLimiterPolicy = PublicRateLimitPolicy,
            Match = new RouteMatch { Path = path },
            // The Atom feed's links use the address the public asked for.
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        }),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
    [
        .. Services.Select(s => s.Cluster).Distinct().Select(cluster => Cluster(configuration, cluster, new Version(2, 0))),
        // Sign-in pages and token requests are plain HTTP/1.1.
        Cluster(configuration, IdentityCluster, new Version(1, 1)),
        .. string.IsNullOrEmpty(configuration[$"Gateway:Services:{PortalCluster}"]) ? [] : new[] { Cluster(configuration, PortalCluster, new Version(1, 1)) },
    ];

    private static ClusterConfig Cluster(IConfiguration configuration, string cluster, Version version)
    {
        var addresses = (configuration[$"Gateway:Services:{cluster}"]
                ?? throw new InvalidOperationException($"Gateway:Services:{cluster} is not configured (the address of the {cluster} service)."))
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ClusterConfig
        {
            ClusterId = cluster,
            LoadBalancingPolicy = "RoundRobin",
            // gRPC to the services is HTTP/2 without TLS inside the deployment network (h2c).
            HttpRequest = new ForwarderRequestConfig { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            // A replica that stops answering is taken out of the rotation for a while; clients retry with their idempotency key.
            HealthCheck = new HealthCheckConfig
            {
                Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(10) },
            },
            Destinations = addresses.Select((a, i) => (a, i)).ToDictionary(x => $"{cluster}-{x.i}", x => new DestinationConfig { Address = x.a }),
        };
    }
}
