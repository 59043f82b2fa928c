using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// A confidential client's own access token (OAuth2 client credentials), fetched once and reused until a minute before
/// it expires; concurrent callers wait for one fetch. For a process calling the platform as itself, not for a user.
/// </summary>
public sealed class ClientCredentialsToken(
    Func<HttpClient> http,
    Func<CancellationToken, Task<Uri>> tokenEndpoint,
    string clientId,
    string clientSecret,
    string scope,
    TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <exception cref="TokenUnavailableException">The identity service did not issue one.</exception>
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
            var client = http();
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsync(await tokenEndpoint(ct), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = clientSecret,
                    ["scope"] = scope,
                }), ct);
            }
            catch (HttpRequestException e)
            {
                throw new TokenUnavailableException($"The identity service could not be reached for {clientId}'s token: {e.Message}");
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new TokenUnavailableException($"The identity service refused {clientId}'s token ({(int)response.StatusCode}).");
                }
                var body = await response.Content.ReadFromJsonAsync<TokenBody>(ct);
                if (string.IsNullOrEmpty(body?.AccessToken))
                {
                    throw new TokenUnavailableException($"The identity service sent no token for {clientId}.");
                }
                _token = body.AccessToken;
                _renewAt = time.GetUtcNow() + TimeSpan.FromSeconds(body.ExpiresIn) - RenewBefore;
                return _token;
            }
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

/// <summary>The identity service did not issue a client's own token (unreachable, or it refused).</summary>
public sealed class TokenUnavailableException(string message) : Exception(message);
