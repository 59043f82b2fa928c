using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Components.Authorization;
using Mit.Platform.Portal.Session;
using Mit.Platform.V1;

namespace Mit.Platform.Portal.Platform;

/// <summary>
/// The platform's gRPC clients for one signed-in user (one per Blazor circuit): every call goes through the gateway
/// with this user's access token, renewed when it is about to expire.
/// </summary>
public sealed class PlatformClient(GatewayChannel gateway, AuthenticationStateProvider authentication, UserTokens tokens)
{
    public AdviceRequests.AdviceRequestsClient Requests { get; } = new(gateway.Channel);
    public CommitteeDesks.CommitteeDesksClient Desks { get; } = new(gateway.Channel);
    public CommitteeComposition.CommitteeCompositionClient Composition { get; } = new(gateway.Channel);
    public Standby.StandbyClient Standby { get; } = new(gateway.Channel);
    public Briefings.BriefingsClient Briefings { get; } = new(gateway.Channel);
    public Publication.PublicationClient Publication { get; } = new(gateway.Channel);

    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>Call options with the bearer token (a plain header: call credentials are only sent over TLS).</summary>
    public async Task<CallOptions> As(CancellationToken ct = default)
    {
        var token = await tokens.AccessTokenAsync(await UserAsync(), ct);
        return new CallOptions(new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: ct);
    }

    /// <summary>A fresh idempotency key per user action; a retry of the same action reuses it.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("n");
}
