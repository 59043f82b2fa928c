using Microsoft.Extensions.Options;
using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.Briefings.Outbound;

/// <summary>
/// Briefings' own access token (client credentials, role "service") for its calls to Committees and AdviceRequests;
/// without it those calls are Unavailable, never made anonymously.
/// </summary>
public sealed class ServiceToken : IDisposable
{
    private readonly ClientCredentialsToken _token;

    public ServiceToken(IHttpClientFactory http, IOptions<BriefingsOptions> options, IConfiguration configuration, TimeProvider time)
    {
        var o = options.Value;
        var authority = configuration["Auth:Authority"] is { Length: > 0 } a ? a : configuration["Auth:Issuer"] ?? "";
        var endpoint = o.TokenEndpoint is { Length: > 0 } e ? new Uri(e) : new Uri(new Uri(authority.TrimEnd('/') + "/"), "connect/token");
        _token = new ClientCredentialsToken(() => http.CreateClient(nameof(ServiceToken)), _ => Task.FromResult(endpoint),
            o.ClientId, o.ClientSecret, $"{PlatformApis.Committees} {PlatformApis.AdviceRequests}", time);
    }

    public async Task<string> GetAsync(CancellationToken ct)
    {
        try
        {
            return await _token.GetAsync(ct);
        }
        catch (TokenUnavailableException e)
        {
            throw Upstream.Unavailable("Briefings could not get its service token: " + e.Message);
        }
    }

    public void Dispose() => _token.Dispose();
}
