using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Mit.Cli;

/// <summary>What the token endpoint gave: the access token, maybe a refresh token, and when the access token ends.</summary>
internal sealed record Tokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>The answer of the device authorization endpoint (RFC 8628, section 3.2).</summary>
internal sealed record DeviceAuthorization(string DeviceCode, string UserCode, string VerificationUri, string? VerificationUriComplete,
    TimeSpan ExpiresIn, TimeSpan Interval);

/// <summary>A refusal of the identity service: the HTTP status and the OAuth <c>error</c> / <c>error_description</c>.</summary>
internal sealed record IdentityError(HttpStatusCode Status, string? Error, string? Description)
{
    public override string ToString()
    {
        var text = $"HTTP {(int)Status} ({Status})";
        if (Error is not null)
        {
            text += $": {Error}";
        }
        if (Description is not null)
        {
            text += $": {Description}";
        }
        return text;
    }
}

/// <summary>The identity service could not be reached at all (as opposed to refusing): watch retries on this.</summary>
internal sealed class IdentityUnreachableException(string message) : CliException(message);

/// <summary>
/// The CLI as the OAuth public client <c>mit-cli</c>: password grant (demo users; the identity service allows it
/// only in Development), device authorization flow (<c>mit login</c>) and refresh tokens.
/// </summary>
internal sealed class IdentityClient : IDisposable
{
    public const string IdentityVariable = "MIT_IDENTITY";
    public const string DefaultIdentity = "http://127.0.0.1:5081";
    public const string ClientId = "mit-cli";

    /// <summary>The platform's APIs (they are the access token's audience).</summary>
    public const string ApiScopes = "advice-requests committees publication briefings";

    /// <summary>For a stored session: the APIs, plus a refresh token.</summary>
    public const string SessionScopes = "openid offline_access " + ApiScopes;

    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    private readonly HttpClient _http;

    public IdentityClient(Uri address)
    {
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    /// <summary>The identity service's base address, with a trailing slash.</summary>
    public Uri Address { get; }

    /// <summary>--identity URL, else $MIT_IDENTITY, else the all-in-one host's web address.</summary>
    public static Uri AddressFrom(Options options)
    {
        var text = options.Value("identity") ?? NonEmpty(Environment.GetEnvironmentVariable(IdentityVariable)) ?? DefaultIdentity;
        return Normalise(text, "--identity");
    }

    public static Uri Normalise(string text, string what)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"{what} must be an http:// or https:// address, not '{text}'.");
        }
        // A trailing slash so that "connect/token" is resolved below the base, not next to its last segment.
        return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The password grant for a demo user. Production refuses it (unsupported_grant_type).</summary>
    public async Task<Tokens> PasswordAsync(string userName, string password, CancellationToken ct)
    {
        var (tokens, error) = await TokenAsync(new()
        {
            ["grant_type"] = "password",
            ["client_id"] = ClientId,
            ["username"] = userName,
            ["password"] = password,
            ["scope"] = ApiScopes,
        }, ct);
        return error switch
        {
            null => tokens!,
            { Error: "unsupported_grant_type" } => throw new CliException($"""
                The identity service at {Address} does not accept user names and passwords: {error}
                It allows that only in Development, for the demo users; elsewhere sign in with `mit login`
                (then run commands without --as), or pass --token TOKEN.
                """),
            { Error: "invalid_grant" } => throw new CliException(
                $"Signing in as '{userName}' failed: {error}\n(--as takes a demo user name, see `mit --help`; the password is --password, $MIT_PASSWORD or the demo password.)"),
            _ => throw new CliException($"Signing in as '{userName}' at {Address} failed: {error}"),
        };
    }

    /// <summary>Exchanges a refresh token; null with the refusal when the identity service says no (e.g. invalid_grant).</summary>
    public Task<(Tokens? Tokens, IdentityError? Error)> RefreshAsync(string refreshToken, CancellationToken ct) => TokenAsync(new()
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = ClientId,
        ["refresh_token"] = refreshToken,
    }, ct);

    /// <summary>Starts the device authorization flow: the user opens the verification address and confirms the user code.</summary>
    public async Task<DeviceAuthorization> StartDeviceAsync(CancellationToken ct)
    {
        var (status, body) = await PostAsync("connect/device", new()
        {
            ["client_id"] = ClientId,
            ["scope"] = SessionScopes,
        }, ct);
        if (status != HttpStatusCode.OK || body is not { } json || Text(json, "device_code") is not { } deviceCode
            || Text(json, "user_code") is not { } userCode || Text(json, "verification_uri") is not { } verificationUri)
        {
            throw new CliException($"The identity service at {Address} refused to start a device sign-in: {Error(status, body)}");
        }
        return new DeviceAuthorization(deviceCode, userCode, verificationUri, Text(json, "verification_uri_complete"),
            TimeSpan.FromSeconds(Number(json, "expires_in") ?? 600), TimeSpan.FromSeconds(Math.Max(1, Number(json, "interval") ?? 5)));
    }

    /// <summary>One poll of the token endpoint with the device code: tokens once approved, else the error (authorization_pending, ...).</summary>
    public Task<(Tokens? Tokens, IdentityError? Error)> PollDeviceAsync(string deviceCode, CancellationToken ct) => TokenAsync(new()
    {
        ["grant_type"] = DeviceCodeGrant,
        ["client_id"] = ClientId,
        ["device_code"] = deviceCode,
    }, ct);

    private async Task<(Tokens? Tokens, IdentityError? Error)> TokenAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        // The lifetime counts from before the request, so the stored expiry is never later than the real one.
        var asked = DateTimeOffset.UtcNow;
        var (status, body) = await PostAsync("connect/token", form, ct);
        if (status == HttpStatusCode.OK && body is { } json && Text(json, "access_token") is { } accessToken)
        {
            var lifetime = Number(json, "expires_in") ?? 300;
            return (new Tokens(accessToken, Text(json, "refresh_token"), asked.AddSeconds(lifetime)), null);
        }
        return (null, Error(status, body));
    }

    private async Task<(HttpStatusCode Status, JsonElement? Body)> PostAsync(string path, Dictionary<string, string> form, CancellationToken ct)
    {
        var uri = new Uri(Address, path);
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(uri, content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement? body = null;
            try
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                // Not JSON (e.g. a proxy's error page): the status alone is reported.
            }
            return (response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            throw new IdentityUnreachableException(
                $"Cannot reach the identity service at {uri} ({e.Message}). Is the platform running? Start it with: dotnet run --project deploy/AllInOne (or set --identity / {IdentityVariable}).");
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new IdentityUnreachableException($"The identity service at {uri} did not answer in time ({e.Message}).");
        }
    }

    private static IdentityError Error(HttpStatusCode status, JsonElement? body) =>
        new(status, body is { } json ? Text(json, "error") : null, body is { } j ? Text(j, "error_description") : null);

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static double? Number(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n
        : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
