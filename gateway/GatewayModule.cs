using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
    /// <summary>
    /// Sign-in and token requests (/connect/*, /account/*) per client address and minute
    /// (Gateway:IdentityRateLimit:PermitsPerMinute): each wrong password costs the identity service a hash.
    /// </summary>
    public const int DefaultIdentityPermitsPerMinute = 120;

    private const string BearerPrefix = "Bearer ";
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddHostDefaults();
        // Hosting starts an Activity and a log scope for every request while this category is enabled at any level, and
        // the proxy then writes a traceparent onto every forwarded call; its own logs are only the Information/Debug
        // request lines. Off unless configured (a collector, OTEL_EXPORTER_OTLP_ENDPOINT, still gets its Activities).
        if (builder.Configuration[$"Logging:LogLevel:{HostingDiagnosticsCategory}"] is null)
        {
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        }
        builder.AddPlatformAuthentication();
        // The same token arrives on every call of a client: its full check once, then remembered briefly (RememberingTokenHandler).
        builder.Services.AddSingleton<RememberingTokenHandler>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).PostConfigure<RememberingTokenHandler>((jwt, remembered) =>
        {
            // The proxy forwards the Authorization header itself; nothing here reads a saved copy from the ticket.
            jwt.SaveToken = false;
            jwt.TokenHandlers.Clear();
            remembered.MapInboundClaims = jwt.MapInboundClaims;
            jwt.TokenHandlers.Add(remembered);
        });
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Gateway:MaxRequestBytes", DefaultMaxRequestBytes);
            // Half of what the services' Kestrel accepts (32 KB), leaving room for the headers the hop adds: a caller
            // gets 431 here rather than a 502 from a hop that refuses what the gateway let in.
            o.Limits.MaxRequestHeadersTotalSize = builder.Configuration.GetValue("Gateway:MaxRequestHeaderBytes", DefaultMaxRequestHeaderBytes);
        });
        var publicPermits = builder.Configuration.GetValue(PublicRateLimit.PermitsSetting, PublicRateLimit.DefaultPermitsPerMinute);
        var identityPermits = builder.Configuration.GetValue("Gateway:IdentityRateLimit:PermitsPerMinute", DefaultIdentityPermitsPerMinute);
        var portalClientId = builder.Configuration["Gateway:PortalClientId"] ?? GatewayRoutes.DefaultPortalClientId;
        builder.Services.AddRateLimiter(o =>
        {
            // The portal's reads behind its public pages are not counted per address: the gateway counts each visitor at
            // those pages (GatewayRoutes.PortalPublicPaths), and all visitors would otherwise share the portal's one address.
            o.AddPolicy(GatewayRoutes.PublicRateLimitPolicy, context => context.User.FindFirst("client_id")?.Value == portalClientId
                ? RateLimitPartition.GetNoLimiter("portal")
                : PublicRateLimit.PerAddress(context, publicPermits));
            o.AddPolicy(GatewayRoutes.IdentityRateLimitPolicy, context => PublicRateLimit.PerAddress(context, identityPermits));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, _) =>
            {
                PublicRateLimit.Reject(rejected.HttpContext, rejected.Lease, "Too many requests; retry later.");
                return ValueTask.CompletedTask;
            };
        });
        var forwardingKey = builder.Configuration[PublicRateLimit.ForwardingKeySetting];
        builder.Services.AddReverseProxy().LoadFromMemory(GatewayRoutes.Routes(builder.Configuration), GatewayRoutes.Clusters(builder.Configuration))
            .AddTransforms(t =>
            {
                // The key tells the services a call came through here (and its public limit); a caller's own copy never passes.
                t.AddRequestTransform(context =>
                {
                    context.ProxyRequest.Headers.Remove(PublicRateLimit.ForwardingKeyHeader);
                    if (!string.IsNullOrEmpty(forwardingKey))
                    {
                        context.ProxyRequest.Headers.TryAddWithoutValidation(PublicRateLimit.ForwardingKeyHeader, forwardingKey);
                    }
                    return ValueTask.CompletedTask;
                });
                t.AddResponseTransform(async context =>
            {
                // A live stream's headers go out as soon as the service sends them, not with its first message: a watcher
                // of a quiet desk knows it is connected (the proxy would otherwise hold them back until the body starts).
                if (context.ProxyResponse is not null && context.HttpContext.Request.Path.Value?.Contains("/Watch", StringComparison.Ordinal) == true)
                {
                    await context.HttpContext.Response.StartAsync();
                    await context.HttpContext.Response.BodyWriter.FlushAsync();
                }
            });
            });
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
        // A bearer token this gateway validated in full moments ago is its caller again without the authentication handler's
        // per-call set-up (about half the gateway's own CPU per call): such a request steps over UseAuthentication. Any
        // other request (no token, a new, refused or expired one) is authenticated there as before; all are authorized.
        var remembered = app.Services.GetRequiredService<RememberingTokenHandler>();
        RequestDelegate? afterAuthentication = null;
        app.Use(authenticate => context => AdmitRemembered(context, remembered) ? afterAuthentication!(context) : authenticate(context));
        app.UseAuthentication();
        app.Use(next => afterAuthentication = next); // the rest of the pipeline, taken when it is built
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

    /// <summary>Sets the caller from a remembered bearer token (RememberingTokenHandler.Recall); false when there is none.</summary>
    private static bool AdmitRemembered(HttpContext context, RememberingTokenHandler remembered)
    {
        // As the JwtBearer handler reads it, but only exactly one Authorization header: anything else goes the full way.
        if (context.Request.Headers.Authorization is not { Count: 1 } authorization
            || authorization[0] is not { } value || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || remembered.Recall(value[BearerPrefix.Length..].Trim()) is not { } identity)
        {
            return false;
        }
        context.User = new ClaimsPrincipal(identity);
        return true;
    }
}
