using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Mit.Platform.Portal.Session;

/// <summary>
/// The signed-in user's access token, renewed with the refresh token shortly before it expires. Refresh tokens are
/// single-use (rolling, no reuse leeway), so renewals of one session are serialised: a second concurrent renewal would
/// present a spent token and end the session.
/// </summary>
public sealed class UserTokens(SessionStore sessions, IHttpClientFactory http, IOptionsMonitor<OpenIdConnectOptions> oidc,
    PortalOptions options, TimeProvider time)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _renewals = new();

    public async Task<string> AccessTokenAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = SessionStore.IdOf(user) ?? throw new SessionExpiredException("Not signed in.");
        var session = await sessions.GetAsync(id, ct) ?? throw new SessionExpiredException("The session has ended.");
        if (session.AccessTokenExpiresAt - RenewBefore > time.GetUtcNow())
        {
            return session.AccessToken;
        }
        var gate = _renewals.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            session = await sessions.GetAsync(id, ct) ?? throw new SessionExpiredException("The session has ended.");
            if (session.AccessTokenExpiresAt - RenewBefore > time.GetUtcNow())
            {
                return session.AccessToken;
            }
            var renewed = await RenewAsync(session, ct);
            if (renewed is null)
            {
                await sessions.RemoveAsync(id, ct);
                throw new SessionExpiredException("The identity service did not renew the session.");
            }
            await sessions.SaveAsync(id, renewed, ct);
            return renewed.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PortalSession?> RenewAsync(PortalSession session, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(session.RefreshToken))
        {
            return null;
        }
        var openId = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await openId.ConfigurationManager!.GetConfigurationAsync(ct);
        using var response = await http.CreateClient(nameof(UserTokens)).PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = session.RefreshToken,
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
            }), ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var root = body.RootElement;
        var lifetime = root.TryGetProperty("expires_in", out var e) ? TimeSpan.FromSeconds(e.GetInt32()) : TimeSpan.FromMinutes(5);
        return new PortalSession(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var r) ? r.GetString() : session.RefreshToken,
            time.GetUtcNow() + lifetime,
            root.TryGetProperty("id_token", out var i) ? i.GetString() : session.IdToken);
    }
}
