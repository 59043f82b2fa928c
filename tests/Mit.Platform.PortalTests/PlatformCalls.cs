using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.Testing;
using Mit.Platform.V1;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.PortalTests;

/// <summary>
/// Sets the scene through the platform's own API (gateway, real tokens by the Development password grant) where a
/// scenario is not about that step: e.g. a released request before the briefings page is tested.
/// </summary>
public sealed class PlatformCalls(PortalFixture portal) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(portal.Host.GatewayAddress);
    private readonly HttpClient _web = new() { BaseAddress = portal.Host.WebAddress };
    private DemoTokens? _tokens;

    public async Task<CallOptions> As(string persona)
    {
        var token = await (_tokens ??= new DemoTokens(_web)).GetAsync(persona, "advice-requests committees briefings publication");
        return new CallOptions(new Metadata { { "authorization", "Bearer " + token } }, deadline: DateTime.UtcNow.AddSeconds(60));
    }

    public V1.AdviceRequests.AdviceRequestsClient Requests => new(_channel);
    public V1.CommitteeComposition.CommitteeCompositionClient Composition => new(_channel);
    public V1.Publication.PublicationClient Publication => new(_channel);

    /// <summary>An urgent joint request drafted by SZW and co-signed by VWS: released to both desks.</summary>
    public async Task<AdviceRequest> ReleasedRequestAsync(string title)
    {
        var draft = await Requests.DraftRequestAsync(new DraftRequestRequest
        {
            IdempotencyKey = Key(), CoSigningMinistry = Ministry.Vws,
            Content = new RequestContent { Title = title, Question = "Wat zijn de maatschappelijke effecten?", Urgency = Urgency.Urgent },
        }, await As("szw-requester"));
        return await Requests.CoSignAsync(new CoSignRequest
            { IdempotencyKey = Key(), RequestId = draft.Id, Version = draft.Current.Number, Digest = draft.Current.Digest }, await As("vws-requester"));
    }

    public static string Key() => Guid.NewGuid().ToString("n");

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose()
    {
        _channel.Dispose();
        _web.Dispose();
    }
}
