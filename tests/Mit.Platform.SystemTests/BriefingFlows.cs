using Google.Protobuf;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mit.Platform.V1;

namespace Mit.Platform.SystemTests;

/// <summary>The briefing steps the system tests take: a released request, a briefing on it, the MIT let in by proposal and consent.</summary>
internal sealed class BriefingFlows(DistributedPlatform platform)
{
    public V1.Briefings.BriefingsClient Client(string persona, GrpcChannel? channel = null)
    {
        var token = platform.Cluster.TokenAsync(persona, "briefings").GetAwaiter().GetResult();
        return new((channel ?? platform.Cluster.Channel).Intercept(m =>
        {
            m.Add("authorization", $"Bearer {token}");
            return m;
        }));
    }

    public async Task<string> ReleasedAsync()
    {
        var draft = await platform.Szw.DraftRequestAsync(new DraftRequestRequest
        {
            IdempotencyKey = Releases.Key(), CoSigningMinistry = Ministry.Vws,
            Content = new RequestContent { Title = "Scaling down", Question = "Which measures can end?", Urgency = Urgency.Urgent },
        });
        var released = await platform.Vws.CoSignAsync(new CoSignRequest { IdempotencyKey = Releases.Key(), RequestId = draft.Id, Version = draft.Current.Number, Digest = draft.Current.Digest });
        return released.Id;
    }

    public Task<BriefingInfo> AddAsync(string requestId, string text, GrpcChannel? channel = null) =>
        Client("omt-secretary", channel).AddBriefingAsync(new AddBriefingRequest
        {
            IdempotencyKey = Releases.Key(), Header = new BriefingHeader { RequestId = requestId, Title = "Interpretation" }, Content = ByteString.CopyFromUtf8(text),
        }).ResponseAsync;

    public async Task ConsentAsync(string requestId, GrpcChannel? channel = null)
    {
        await Client("omt-chair", channel).ProposeSharingAsync(new ProposeSharingRequest { IdempotencyKey = Releases.Key(), RequestId = requestId, Audience = SharingAudience.WithSecretariat });
        await Client("vws-minister", channel).GrantConsentAsync(new GrantConsentRequest { IdempotencyKey = Releases.Key(), RequestId = requestId });
    }
}
