using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.BuildingBlocks.Hosting;

/// <summary>
/// The public record's limit per client address and minute, wherever the anonymous API is served: at the gateway, and at the
/// Publication service for a caller that reaches it without the gateway (the all-in-one's loopback port, a misrouted network).
/// Calls the gateway forwards carry its forwarding key (Gateway:ForwardingKey, shared by the gateway and the services) and were
/// limited per real client there, so the service does not count them again under the gateway's own address.
/// </summary>
public static class PublicRateLimit
{
    public const string Policy = "public-records";
    public const string PermitsSetting = "Gateway:PublicRateLimit:PermitsPerMinute";
    public const int DefaultPermitsPerMinute = 300;
    public const string ForwardingKeySetting = "Gateway:ForwardingKey";
    public const string ForwardingKeyHeader = "x-mit-gateway-key";

    /// <summary>The service side: calls that carry the configured forwarding key are exempt, every other caller is limited.</summary>
    public static void AddPublicRecordsPolicy(this RateLimiterOptions options, IConfiguration configuration)
    {
        var permits = configuration.GetValue(PermitsSetting, DefaultPermitsPerMinute);
        var key = configuration[ForwardingKeySetting];
        var expected = string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);
        options.AddPolicy(Policy, context => expected is not null && ForwardedByGateway(context, expected)
            ? RateLimitPartition.GetNoLimiter("gateway")
            : PerAddress(context, permits));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (rejected, _) =>
        {
            Reject(rejected.HttpContext, rejected.Lease, "Too many requests; retry later.");
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>A fixed one-minute window per client address.</summary>
    public static RateLimitPartition<string> PerAddress(HttpContext context, int permitsPerMinute) => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>HTTP callers get 429 with Retry-After; gRPC callers ResourceExhausted (a bare 429 would read as Unavailable).</summary>
    public static void Reject(HttpContext context, RateLimitLease lease, string message)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        GrpcStatusResponse.TryWrite(context, 8, message);
    }

    private static bool ForwardedByGateway(HttpContext context, byte[] expected) =>
        context.Request.Headers.TryGetValue(ForwardingKeyHeader, out var sent) && sent.Count == 1
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent[0] ?? ""), expected);
}
