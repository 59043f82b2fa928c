using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.AllInOne;
using Mit.Platform.Identity.Data;
using Mit.Platform.Identity.Domain;

namespace Mit.Platform.ServiceTests;

/// <summary>The identity service's protocol rules: PKCE (S256 only), single-use codes, rotating refresh tokens
/// with an absolute expiry, and no password grant outside Development.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class IdentityFlowTests(PlatformFixture platform)
{
    private const string Portal = "mit-portal";

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }

    /// <summary>A browser: signs in on the login page, then asks the authorization endpoint; returns its answer.</summary>
    private async Task<(HttpStatusCode Status, Uri? Location)> Authorize(Dictionary<string, string> query)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = platform.Host.WebAddress };
        await SignIn(browser, "mit-secretariat");
        var url = "connect/authorize?" + string.Join('&', query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        using var response = await browser.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, response.Headers.Location);
    }

    private Dictionary<string, string> AuthorizeQuery(string? challenge, string? method) => new Dictionary<string, string>
    {
        ["client_id"] = Portal,
        ["response_type"] = "code",
        ["redirect_uri"] = new Uri(platform.Host.WebAddress, "signin-oidc").ToString(),
        ["scope"] = "openid committees",
        ["state"] = "s-" + Guid.NewGuid().ToString("n"),
        ["code_challenge"] = challenge ?? "",
        ["code_challenge_method"] = method ?? "",
    }.Where(kv => kv.Value.Length > 0).ToDictionary();

    private static string? Code((HttpStatusCode Status, Uri? Location) answer)
    {
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        return Parameter(answer.Location!, "code");
    }

    private static string? Parameter(Uri redirect, string name) =>
        redirect.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();

    private Task<TokenResponse> Redeem(string code, string verifier) => platform.RequestToken(new Dictionary<string, string>
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = Portal,
        // The portal is a confidential client now (its secret stays on the portal's server).
        ["client_secret"] = Mit.Platform.AllInOne.AllInOneHost.PortalClientSecret,
        ["code"] = code,
        ["redirect_uri"] = new Uri(platform.Host.WebAddress, "signin-oidc").ToString(),
        ["code_verifier"] = verifier,
    });

    [Fact]
    public async Task Authorization_code_with_S256_gives_a_token_once_and_only_with_the_right_verifier()
    {
        var (_, challenge) = Pkce();
        var code = Code(await Authorize(AuthorizeQuery(challenge, "S256")));
        Assert.False(string.IsNullOrEmpty(code));

        var wrong = await Redeem(code!, Pkce().Verifier);
        Assert.Equal((400, "invalid_grant"), (wrong.Status, wrong.Error));

        var (verifier2, challenge2) = Pkce();
        var code2 = Code(await Authorize(AuthorizeQuery(challenge2, "S256")));
        var first = await Redeem(code2!, verifier2);
        Assert.Equal(200, first.Status);
        Assert.False(string.IsNullOrEmpty(first.AccessToken));
        var again = await Redeem(code2!, verifier2);
        Assert.Equal((400, "invalid_grant"), (again.Status, again.Error));
    }

    [Fact]
    public async Task Authorization_without_a_code_challenge_is_refused()
    {
        // OpenIddict answers 400 itself: no code, no redirect.
        Assert.Equal((HttpStatusCode.BadRequest, null), await Authorize(AuthorizeQuery(null, null)));
    }

    [Fact]
    public async Task The_plain_code_challenge_method_is_refused()
    {
        var (verifier, _) = Pkce();
        Assert.Equal((HttpStatusCode.BadRequest, null), await Authorize(AuthorizeQuery(verifier, "plain")));
        // The same request with S256 is accepted, so the refusal is about the method.
        Assert.NotNull(Code(await Authorize(AuthorizeQuery(Pkce().Challenge, "S256"))));
    }

    [Fact]
    public async Task The_device_flow_gives_the_command_line_client_a_token_once_the_user_allows_it()
    {
        using var device = await platform.Web.PostAsync(new Uri("connect/device", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "mit-cli", ["scope"] = "offline_access advice-requests committees",
        }));
        Assert.Equal(HttpStatusCode.OK, device.StatusCode);
        var grant = System.Text.Json.JsonDocument.Parse(await device.Content.ReadAsStringAsync()).RootElement;
        var deviceCode = grant.GetProperty("device_code").GetString()!;
        // The person is sent to the public address, through the gateway, not to the service behind it.
        Assert.StartsWith(new Uri(platform.Host.WebAddress, "connect/verify").ToString(), grant.GetProperty("verification_uri").GetString(), StringComparison.Ordinal);
        var poll = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["client_id"] = "mit-cli", ["device_code"] = deviceCode,
        };
        var pending = await platform.RequestToken(poll);
        Assert.Equal((400, "authorization_pending"), (pending.Status, pending.Error));

        // The person signs in in a browser and allows the code shown by the client.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = platform.Host.WebAddress };
        var userCode = grant.GetProperty("user_code").GetString()!;
        await SignIn(browser, "mit-secretariat");
        var form = await browser.GetStringAsync(new Uri("connect/verify?user_code=" + Uri.EscapeDataString(userCode), UriKind.Relative));
        var antiforgery = AntiforgeryField().Match(form);
        using var allow = await browser.PostAsync(new Uri("connect/verify", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
            ["user_code"] = userCode,
            ["approve"] = "yes",
        }));
        Assert.True(allow.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"verification answered {allow.StatusCode}");

        var issued = await platform.RequestToken(poll);
        Assert.Equal(200, issued.Status);
        var desk = new V1.CommitteeDesks.CommitteeDesksClient(platform.Invoker(issued.AccessToken));
        Assert.NotNull(await desk.ListDeskAsync(new V1.ListDeskRequest { Committee = V1.Committee.Mit }));
    }

    private static async Task SignIn(HttpClient browser, string user)
    {
        var page = await browser.GetStringAsync(new Uri("account/login", UriKind.Relative));
        var antiforgery = AntiforgeryField().Match(page);
        Assert.True(antiforgery.Success, "the login page carries an antiforgery field");
        using var login = await browser.PostAsync(new Uri("account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
            ["userName"] = user,
            ["password"] = DemoPersonas.Password,
            ["returnUrl"] = "/account/login?done=1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_no_token_and_no_session()
    {
        var refused = await platform.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "mit-cli", ["username"] = "szw-requester", ["password"] = "wrong-password", ["scope"] = "advice-requests",
        });
        Assert.Equal((400, "invalid_grant"), (refused.Status, refused.Error));
        Assert.Null(refused.AccessToken);
    }

    [Fact]
    public async Task A_refresh_token_works_once_its_successor_replaces_it()
    {
        var issued = await platform.RequestToken(PasswordGrant("vws-requester"));
        Assert.False(string.IsNullOrEmpty(issued.RefreshToken));
        var second = await platform.RequestToken(Refresh(issued.RefreshToken!));
        Assert.Equal(200, second.Status);
        Assert.NotEqual(issued.RefreshToken, second.RefreshToken);
        var reused = await platform.RequestToken(Refresh(issued.RefreshToken!));
        Assert.Equal((400, "invalid_grant"), (reused.Status, reused.Error));
    }

    [Fact]
    public async Task Refreshing_never_extends_the_session_past_its_absolute_expiry()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var folder = Path.Combine(Path.GetTempPath(), "mit-identity-clock-" + Guid.NewGuid().ToString("n"));
        await using (var host = await AllInOneHost.StartAsync([], Dedicated(folder, "Development"), s => s.AddSingleton<TimeProvider>(clock)))
        {
            using var web = new HttpClient { BaseAddress = host.WebAddress };
            var first = await Post(web, PasswordGrant("szw-requester"));
            clock.Now += TimeSpan.FromHours(7);
            var second = await Post(web, Refresh(first.RefreshToken!));
            Assert.Equal(200, second.Status);
            clock.Now += TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1); // 8 h 1 min after sign-in
            var late = await Post(web, Refresh(second.RefreshToken!));
            Assert.Equal((400, "invalid_grant"), (late.Status, late.Error));
        }
        Cleanup(folder);
    }

    [Fact]
    public async Task Production_has_no_password_grant_and_no_demo_users()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-identity-prod-" + Guid.NewGuid().ToString("n"));
        var settings = Dedicated(folder, "Production");
        settings["Identity:SigningKeys:0"] = platform.SigningKey.ExportPkcs8PrivateKeyPem();
        settings["Identity:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Briefings:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using (var host = await AllInOneHost.StartAsync([], settings))
        {
            using var web = new HttpClient { BaseAddress = host.WebAddress };
            var refused = await Post(web, PasswordGrant("szw-requester"));
            Assert.Equal((400, "unsupported_grant_type"), (refused.Status, refused.Error));
            await using var scope = host.IdentityServices.CreateAsyncScope();
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Users.CountAsync());
        }
        Cleanup(folder);
    }

    [Fact]
    public async Task Production_without_signing_keys_does_not_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mit-identity-nokeys-" + Guid.NewGuid().ToString("n"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AllInOneHost.StartAsync([], Dedicated(folder, "Production")));
        Assert.Contains("Identity:SigningKeys", e.Message, StringComparison.Ordinal);
        Cleanup(folder);
    }

    private static Dictionary<string, string?> Dedicated(string folder, string environment) => new()
    {
        ["Environment"] = environment,
        ["AllInOne:DataDirectory"] = folder,
        ["Gateway:Port"] = "0",
        ["Gateway:WebPort"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static Dictionary<string, string> PasswordGrant(string user) => new()
    {
        ["grant_type"] = "password", ["client_id"] = "mit-cli", ["username"] = user,
        ["password"] = DemoPersonas.Password, ["scope"] = "offline_access advice-requests",
    };

    private static Dictionary<string, string> Refresh(string token) => new()
    {
        ["grant_type"] = "refresh_token", ["client_id"] = "mit-cli", ["refresh_token"] = token,
    };

    private static async Task<TokenResponse> Post(HttpClient web, Dictionary<string, string> form)
    {
        using var response = await web.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TokenResponse>(response.Content) ?? new TokenResponse();
        body.Status = (int)response.StatusCode;
        return body;
    }

    private static void Cleanup(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex("name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
