using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mit.Platform.Briefings.Domain;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Briefings.Outbound;

/// <summary>
/// Briefings' calls to the other services, with its own service token: membership (Committees) and what a request
/// is (AdviceRequests). The clients come from the gRPC client factory (AddUpstreamClients), which adds the token.
/// </summary>
/// <remarks>
/// The clients are taken when a call is made, not when an Upstream is: consumers and the access gate hold one from
/// the start, and in the all-in-one a client made before the host listens would find no address — an error the options
/// cache would then keep for good.
/// </remarks>
public sealed class Upstream(IServiceProvider services)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public static RpcException Unavailable(string message) => new(new Status(StatusCode.Unavailable, message));

    /// <summary>Does the subject hold one of these seats on the committee now? Asked of Committees on behalf of the reader.</summary>
    public async Task<bool> IsMemberAsync(string subject, MembershipQuestion question, CancellationToken ct)
    {
        var request = new V1.CheckMembershipRequest
        {
            Subject = subject,
            Committee = question.Committee == "MIT" ? V1.Committee.Mit : V1.Committee.Omt,
        };
        request.Seats.AddRange(question.Seats.Select(ToProto));
        V1.CheckMembershipResponse response;
        try
        {
            response = await services.GetRequiredService<V1.CommitteeComposition.CommitteeCompositionClient>().CheckMembershipAsync(request, deadline: DateTime.UtcNow.Add(CallTimeout), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            // Fail closed: without an answer from Committees nobody is taken for a member.
            throw Unavailable($"Committees could not confirm membership ({e.StatusCode}); nothing was served.");
        }
        return response.Member;
    }

    /// <summary>The request as AdviceRequests knows it: null when it does not exist, else whether it is released and its title.</summary>
    public async Task<(bool Released, int Version, string Title, DateTimeOffset? ReleasedAt)?> FindRequestAsync(Guid requestId, CancellationToken ct)
    {
        try
        {
            var request = await services.GetRequiredService<V1.AdviceRequests.AdviceRequestsClient>().GetRequestAsync(new V1.GetRequestRequest { RequestId = requestId.ToString() },
                deadline: DateTime.UtcNow.Add(CallTimeout), cancellationToken: ct);
            return (request.ReleasedVersion > 0, request.ReleasedVersion, request.Current?.Content?.Title ?? "", request.Current?.ReleasedAt?.ToDateTimeOffset());
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw Unavailable($"AdviceRequests could not say whether request {requestId} exists ({e.StatusCode}).");
        }
    }

    // The domain's seat kinds carry the contract's names.
    private static V1.SeatKind ToProto(SeatKind seat) => System.Enum.Parse<V1.SeatKind>(seat.ToString());
}

public static class UpstreamClients
{
    /// <summary>
    /// The clients of Committees and AdviceRequests, each call carrying Briefings' own token. Without a configured
    /// address the service is co-hosted (all-in-one) and calls this process.
    /// </summary>
    public static void AddUpstreamClients(this IServiceCollection services)
    {
        Add<V1.CommitteeComposition.CommitteeCompositionClient>(services, o => o.CommitteesAddress);
        Add<V1.AdviceRequests.AdviceRequestsClient>(services, o => o.AdviceRequestsAddress);
        services.AddTransient<Upstream>();
    }

    private static void Add<TClient>(IServiceCollection services, Func<BriefingsOptions, string> configured) where TClient : class =>
        services.AddGrpcClient<TClient>((sp, o) => o.Address = new Uri(AddressOf(sp, configured(sp.GetRequiredService<IOptions<BriefingsOptions>>().Value))))
            .AddCallCredentials(async (context, metadata, sp) =>
                metadata.Add("authorization", "Bearer " + await sp.GetRequiredService<ServiceToken>().GetAsync(context.CancellationToken)))
            // Inside the deployment the services speak h2c (TLS ends in front of the gateway); the token travels on it as before.
            .ConfigureChannel(o => o.UnsafeUseInsecureChannelCallCredentials = true);

    private static string AddressOf(IServiceProvider services, string configured) =>
        configured is { Length: > 0 } ? configured
            : services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
              ?? throw Upstream.Unavailable("No address for the upstream service is configured.");
}
