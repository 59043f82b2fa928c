using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mit.Platform.Briefings.Domain;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Briefings.Outbound;

/// <summary>
/// Briefings' calls to the other services, with its own service token: membership (Committees) and what a request
/// is (AdviceRequests). Without a configured address the service is co-hosted (all-in-one) and calls itself.
/// </summary>
public sealed class Upstream(IOptions<BriefingsOptions> options, IServer server, ServiceToken token) : IDisposable
{
    private readonly Lock _lock = new();
    private GrpcChannel? _committees;
    private GrpcChannel? _adviceRequests;

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
            var client = new V1.CommitteeComposition.CommitteeCompositionClient(Channel(ref _committees, options.Value.CommitteesAddress));
            response = await client.CheckMembershipAsync(request, await Headers(ct), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
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
            var client = new V1.AdviceRequests.AdviceRequestsClient(Channel(ref _adviceRequests, options.Value.AdviceRequestsAddress));
            var request = await client.GetRequestAsync(new V1.GetRequestRequest { RequestId = requestId.ToString() }, await Headers(ct),
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
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

    private async Task<Metadata> Headers(CancellationToken ct) => new() { { "authorization", "Bearer " + await token.GetAsync(ct) } };

    private GrpcChannel Channel(ref GrpcChannel? channel, string configured)
    {
        lock (_lock)
        {
            if (channel is null)
            {
                var address = configured is { Length: > 0 } ? configured
                    : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw Unavailable("No address for the upstream service is configured.");
                channel = GrpcChannel.ForAddress(address);
            }
            return channel;
        }
    }

    // The domain's seat kinds carry the contract's names.
    private static V1.SeatKind ToProto(SeatKind seat) => System.Enum.Parse<V1.SeatKind>(seat.ToString());

    public void Dispose()
    {
        _committees?.Dispose();
        _adviceRequests?.Dispose();
    }
}
