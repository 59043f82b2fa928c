using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Mit.Platform.Briefings.Outbound;

/// <summary>
/// Briefings' own access token (client credentials, role "service"), reused until shortly before it expires, for its
/// calls to Committees and AdviceRequests.
/// </summary>
public sealed class ServiceToken(IHttpClientFactory http, IOptions<BriefingsOptions> options, IConfiguration configuration, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (_token is { } cached && time.GetUtcNow() < _renewAt)
        {
            return cached;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_token is { } again && time.GetUtcNow() < _renewAt)
            {
                return again;
            }
            var o = options.Value;
            var authority = configuration["Auth:Authority"] is { Length: > 0 } a ? a : configuration["Auth:Issuer"] ?? "";
            var endpoint = o.TokenEndpoint is { Length: > 0 } e ? new Uri(e) : new Uri(new Uri(authority.TrimEnd('/') + "/"), "connect/token");
            using var client = http.CreateClient(nameof(ServiceToken));
            using var response = await client.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.ClientId,
                ["client_secret"] = o.ClientSecret,
                ["scope"] = "committees advice-requests",
            }), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw Upstream.Unavailable($"Briefings could not get its service token ({(int)response.StatusCode}).");
            }
            var body = await response.Content.ReadFromJsonAsync<TokenBody>(ct) ?? throw Upstream.Unavailable("Empty token response.");
            _token = body.AccessToken;
            _renewAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn - 60));
            return _token!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed class TokenBody
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
    }
}
