using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Security;
using Yarp.ReverseProxy.Transforms;

namespace Mit.Platform.Gateway;

/// <summary>
/// The one public entry: routes each gRPC service prefix to its service over h2c, checks the bearer token
/// before anything is forwarded (the services check it again) except on the rate-limited public record, limits
/// request size, adds a correlation id.
/// </summary>
public static class GatewayModule
{
    public const string CorrelationHeader = "x-correlation-id";
    public const long DefaultMaxRequestBytes = 4 * 1024 * 1024;
    public const int DefaultMaxRequestHeaderBytes = 16 * 1024;
    /// <summary>Anonymous reads of the public record per client address and minute (Gateway:PublicRateLimit:PermitsPerMinute).</summary>
    public const int DefaultPublicPermitsPerMinute = 300;
    /// <summary>
    /// Sign-in and token requests (/connect/*, /account/*) per client address and minute
    /// (Gateway:IdentityRateLimit:PermitsPerMinute): each wrong password costs the identity service a hash.
    /// </summary>
    public const int DefaultIdentityPermitsPerMinute = 120;

    public static void AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddHostDefaults();
        builder.AddPlatformAuthentication();
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Gateway:MaxRequestBytes", DefaultMaxRequestBytes);
            // Half of what the services' Kestrel accepts (32 KB), leaving room for the headers the hop adds: a caller
            // gets 431 here rather than a 502 from a hop that refuses what the gateway let in.
            o.Limits.MaxRequestHeadersTotalSize = builder.Configuration.GetValue("Gateway:MaxRequestHeaderBytes", DefaultMaxRequestHeaderBytes);
        });
        var permits = builder.Configuration.GetValue("Gateway:PublicRateLimit:PermitsPerMinute", DefaultPublicPermitsPerMinute);
        var identityPermits = builder.Configuration.GetValue("Gateway:IdentityRateLimit:PermitsPerMinute", DefaultIdentityPermitsPerMinute);
        var portalClientId = builder.Configuration["Gateway:PortalClientId"] ?? GatewayRoutes.DefaultPortalClientId;
        builder.Services.AddRateLimiter(o =>
        {
            // The portal's reads behind its public pages are not counted per address: the gateway counts each visitor at
            // those pages (GatewayRoutes.PortalPublicPaths), and all visitors would otherwise share the portal's one address.
            o.AddPolicy(GatewayRoutes.PublicRateLimitPolicy, context => context.User.FindFirst("client_id")?.Value == portalClientId
                ? RateLimitPartition.GetNoLimiter("portal")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(GatewayRoutes.IdentityRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = identityPermits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // HTTP callers get 429 with Retry-After; gRPC callers ResourceExhausted (a bare 429 would read as Unavailable).
            o.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                GrpcStatusResponse.TryWrite(rejected.HttpContext, 8, "Too many requests to the public record; retry later.");
                return ValueTask.CompletedTask;
            };
        });
        builder.Services.AddReverseProxy().LoadFromMemory(GatewayRoutes.Routes(builder.Configuration), GatewayRoutes.Clusters(builder.Configuration))
            .AddTransforms(t => t.AddResponseTransform(async context =>
            {
                // A live stream's headers go out as soon as the service sends them, not with its first message: a watcher
                // of a quiet desk knows it is connected (the proxy would otherwise hold them back until the body starts).
                if (context.ProxyResponse is not null && context.HttpContext.Request.Path.Value?.Contains("/Watch", StringComparison.Ordinal) == true)
                {
                    await context.HttpContext.Response.StartAsync();
                    await context.HttpContext.Response.BodyWriter.FlushAsync();
                }
            }));
        builder.Services.AddHealthChecks();
    }

    public static void MapGateway(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Headers.TryGetValue(CorrelationHeader, out var id) || id.Count == 0 || id[0]!.Length > 100)
            {
                context.Request.Headers[CorrelationHeader] = Guid.NewGuid().ToString("n");
            }
            context.Response.Headers[CorrelationHeader] = context.Request.Headers[CorrelationHeader];
            await next();
        });
        var maxRequestBytes = app.Configuration.GetValue("Gateway:MaxRequestBytes", DefaultMaxRequestBytes);
        app.Use(async (context, next) =>
        {
            // Kestrel answers a declared Content-Length over the limit with a bare 413, which a gRPC client reads as Unknown.
            if (context.Request.ContentLength > maxRequestBytes
                && GrpcStatusResponse.TryWrite(context, 8, "The request is larger than the gateway accepts."))
            {
                return;
            }
            await next();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthChecks("/health/live").AllowAnonymous();
        // Every route needs an authenticated caller (the fallback policy); the public record's routes opt out (GatewayRoutes).
        app.MapReverseProxy(pipeline => pipeline.Use(async (context, next) =>
        {
            await next();
            GrpcProxyErrors.Translate(context);
        }));
    }
}
