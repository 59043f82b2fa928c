using Grpc.Core;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.V1;

namespace Mit.Platform.Portal.Platform;

/// <summary>
/// The public record as the portal's pages read it. The API is anonymous, but the portal asks with its own token (a
/// client-credentials token without any role): the gateway then counts each visitor at the portal's public pages,
/// instead of counting every visitor as the portal's one address. Without that token the read is anonymous.
/// </summary>
public sealed class PublicRecordReader : IDisposable
{
    private readonly ClientCredentialsToken _token;
    private readonly ILogger<PublicRecordReader> _log;

    public PublicRecordReader(GatewayChannel gateway, PortalOptions options, IHttpClientFactory http,
        IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider time, ILogger<PublicRecordReader> log)
    {
        Client = new PublicRecords.PublicRecordsClient(gateway.Channel);
        _log = log;
        _token = new ClientCredentialsToken(
            () => http.CreateClient(nameof(PublicRecordReader)),
            async ct => new Uri((await oidc.Get(OpenIdConnectDefaults.AuthenticationScheme).ConfigurationManager!.GetConfigurationAsync(ct)).TokenEndpoint),
            options.ClientId, options.ClientSecret, PlatformApis.Publication, time);
    }

    public PublicRecords.PublicRecordsClient Client { get; }

    public async Task<CallOptions> As(CancellationToken ct = default)
    {
        try
        {
            return new CallOptions(new Metadata { { "Authorization", "Bearer " + await _token.GetAsync(ct) } }, cancellationToken: ct);
        }
        catch (Exception e) when (e is TokenUnavailableException or InvalidOperationException or HttpRequestException)
        {
            // The public record stays readable; it only shares the portal's rate limit until the token comes back.
            _log.LogWarning("Reading the public record anonymously: {Reason}", e.Message);
            return new CallOptions(cancellationToken: ct);
        }
    }

    public void Dispose() => _token.Dispose();
}
