using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.AllInOne;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The anonymous public record is rate-limited per client address at the gateway: HTTP callers get 429 with
/// Retry-After, gRPC callers ResourceExhausted. Its own platform with a limit of 3 a minute, so the other tests'
/// reads do not count.
/// </summary>
public sealed class PublicRecordsRateLimitTests : IAsyncLifetime
{
    private const int Permits = 3;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mit-rate-limit-tests-" + Guid.NewGuid().ToString("n"));
    private AllInOneHost? _host;

    public async Task InitializeAsync() => _host = await AllInOneHost.StartAsync([], new Dictionary<string, string?>
    {
        ["Environment"] = "Development",
        ["AllInOne:DataDirectory"] = _dataDirectory,
        ["Gateway:Port"] = "0",
        ["Gateway:WebPort"] = "0",
        ["Gateway:PublicRateLimit:PermitsPerMinute"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:IdentityRateLimit:PermitsPerMinute"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
    });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Past_the_limit_HTTP_gets_429_and_gRPC_ResourceExhausted()
    {
        using var web = new HttpClient { BaseAddress = _host!.WebAddress };
        for (var i = 0; i < Permits; i++)
        {
            using var ok = await web.GetAsync(new Uri("public/v1/feed.atom", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await web.GetAsync(new Uri("public/v1/documents", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 says when to retry");

        using var channel = GrpcChannel.ForAddress(_host.GatewayAddress);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => new V1.PublicRecords.PublicRecordsClient(channel).ListPublishedAsync(new V1.ListPublishedRequest()).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);

        // Signed-in routes are not the public record's and are not limited by it.
        using var tokenEndpoint = await web.GetAsync(new Uri(".well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, tokenEndpoint.StatusCode);
    }

    [Fact]
    public async Task The_portal_counts_each_visitor_at_its_public_pages_and_not_its_own_reads_behind_them()
    {
        using var web = new HttpClient { BaseAddress = _host!.WebAddress };
        for (var i = 0; i < Permits; i++)
        {
            // Each page view reads the public record behind it; were those reads counted too, the second view would fail.
            using var page = await web.GetAsync(new Uri("openbaar", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Er is nog niets gepubliceerd.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var limited = await web.GetAsync(new Uri("openbaar", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 says when to retry");
        // One visitor, one count: the public API shares it.
        using var api = await web.GetAsync(new Uri("public/v1/documents", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        // The signed-in part of the portal is not the public record's.
        using var home = await web.GetAsync(new Uri("", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Past_the_limit_token_and_sign_in_requests_get_429_with_retry_after_but_metadata_does_not()
    {
        using var web = new HttpClient { BaseAddress = _host!.WebAddress };
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = "mit-cli", ["username"] = "nobody", ["password"] = "wrong" };
        for (var i = 0; i < Permits; i++)
        {
            using var refused = await web.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        using var limited = await web.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 says when to retry");
        using var login = await web.PostAsync(new Uri("account/login", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        using var device = await web.PostAsync(new Uri("connect/device", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "mit-cli" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, device.StatusCode);
        using var metadata = await web.GetAsync(new Uri(".well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }
}
