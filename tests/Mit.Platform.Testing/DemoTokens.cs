using System.Collections.Concurrent;
using System.Text.Json;

namespace Mit.Platform.Testing;

/// <summary>
/// Access tokens for the demo personas by the password grant (Development only): the one token fetch of the service
/// tests, the loopback cluster and the benchmarks. Cached per persona and scope.
/// </summary>
public sealed class DemoTokens(HttpClient identity)
{
    /// <summary>Every demo persona's password (Identity's DemoPersonas).</summary>
    public const string Password = "demo-only-password";

    /// <summary>The public client that may use the password grant.</summary>
    public const string Client = "mit-cli";

    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    /// <summary>The persona's token; fails with the identity service's answer when there is none.</summary>
    public async Task<string> GetAsync(string persona, string scope, CancellationToken ct = default)
    {
        var key = persona + "|" + scope;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var (status, body, token) = await RequestAsync(identity, persona, scope, ct);
        return token is null
            ? throw new InvalidOperationException($"No token for {persona}: {status} {body}")
            : _cache.GetOrAdd(key, token);
    }

    /// <summary>One password-grant request at the identity service's /connect/token (relative to the client's base address).</summary>
    public static async Task<(int Status, string Body, string? Token)> RequestAsync(HttpClient identity, string persona, string scope, CancellationToken ct = default)
    {
        using var response = await identity.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = Client,
            ["username"] = persona,
            ["password"] = Password,
            ["scope"] = scope,
        }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, body, null);
        }
        using var json = JsonDocument.Parse(body);
        return ((int)response.StatusCode, body, json.RootElement.TryGetProperty("access_token", out var token) ? token.GetString() : null);
    }
}
