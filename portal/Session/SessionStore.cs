using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace Mit.Platform.Portal.Session;

/// <summary>Server-side sessions keyed by a random id; the id is the only thing the session cookie adds.</summary>
public sealed class SessionStore(IDistributedCache cache, PortalOptions options)
{
    /// <summary>The claim in the cookie that names the server-side session.</summary>
    public const string SessionClaim = "portal_sid";

    public async Task<string> CreateAsync(PortalSession session, CancellationToken ct)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await SaveAsync(id, session, ct);
        return id;
    }

    public async Task<PortalSession?> GetAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var bytes = await cache.GetAsync(Key(id), ct);
        return bytes is null ? null : JsonSerializer.Deserialize<PortalSession>(bytes);
    }

    public Task SaveAsync(string id, PortalSession session, CancellationToken ct) =>
        cache.SetAsync(Key(id), JsonSerializer.SerializeToUtf8Bytes(session),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.SessionLifetime }, ct);

    public Task RemoveAsync(string? id, CancellationToken ct) => string.IsNullOrEmpty(id) ? Task.CompletedTask : cache.RemoveAsync(Key(id), ct);

    public static string? IdOf(ClaimsPrincipal user) => user.FindFirst(SessionClaim)?.Value;

    private static string Key(string id) => "portal-session:" + id;
}
