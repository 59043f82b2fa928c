using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
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

    /// <summary>The publication protocol for both advices: texts, principals, parliament, published together; the documents' ids.</summary>
    public async Task<Dictionary<Committee, string>> PublishAsync(string requestId, string title, byte[] mit, byte[] omt)
    {
        var documents = new Dictionary<Committee, string>();
        foreach (var (committee, secretariat, chair, text) in new[] { (Committee.Mit, "mit-secretariat", "mit-chair", mit), (Committee.Omt, "omt-secretary", "omt-chair", omt) })
        {
            var dossier = await Eventually(async () => await Publication.UploadAdviceDocumentAsync(new UploadAdviceDocumentRequest
            {
                IdempotencyKey = Key(), RequestId = requestId, Committee = committee, Title = $"Advies {committee.ToString().ToUpperInvariant()}: {title}",
                MediaType = "text/plain", Content = ByteString.CopyFrom(text),
            }, await As(secretariat)));
            var document = dossier.Documents.Single(d => d.Committee == committee && d.Type == DocumentType.Advice);
            documents[committee] = document.Id;
            // Sealed advice goes on only after Publication learned Committees' reveal (FailedPrecondition until then).
            await Eventually(async () => await Publication.RecordSentToPrincipalAsync(new RecordSentToPrincipalRequest
                { IdempotencyKey = Key(), DossierId = requestId, DocumentId = document.Id }, await As(chair)));
        }
        foreach (var document in documents.Values)
        {
            await Publication.RecordSentToParliamentAsync(new RecordSentToParliamentRequest
            {
                IdempotencyKey = Key(), DossierId = requestId, DocumentId = document, KamerbriefReference = "Kamerstuk 25295-" + document[..4],
                SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            }, await As("szw-publication"));
        }
        await Publication.PublishDossierAsync(new PublishDossierRequest { IdempotencyKey = Key(), DossierId = requestId }, await As("szw-publication"));
        return documents;
    }

    /// <summary>The dossier learns of the adoption from Committees' event: retry while it has not yet.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Grpc.Core.RpcException e) when (attempt < 50 && e.StatusCode is Grpc.Core.StatusCode.FailedPrecondition or Grpc.Core.StatusCode.NotFound)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>A joint request whose MIT and OMT advice (these texts) are adopted, revealed and published.</summary>
    public async Task<(AdviceRequest Request, Dictionary<Committee, string> Documents)> PublishedAdviceAsync(string title, string mitText, string omtText)
    {
        var request = await ReleasedRequestAsync(title);
        var composition = await Composition.GetCompositionAsync(new GetCompositionRequest { Committee = Committee.Mit }, await As("mit-chair"));
        var adoption = new AdoptAdviceRequest { IdempotencyKey = Key(), RequestId = request.Id, DocumentDigest = Sha256(mitText), Summary = "MIT: " + title };
        adoption.Votes.AddRange(composition.Seats.Where(s => s.HasVote && !s.Ended).Select(s => new Vote { Subject = s.Subject, Choice = VoteChoice.For }));
        await Composition.AdoptAdviceAsync(adoption, await As("mit-chair"));
        await Composition.RecordConsensusAsync(new RecordConsensusRequest
            { IdempotencyKey = Key(), RequestId = request.Id, DocumentDigest = Sha256(omtText), Summary = "OMT: " + title }, await As("omt-chair"));
        return (request, await PublishAsync(request.Id, title, Encoding.UTF8.GetBytes(mitText), Encoding.UTF8.GetBytes(omtText)));
    }

    public static string Key() => Guid.NewGuid().ToString("n");

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose()
    {
        _channel.Dispose();
        _web.Dispose();
    }
}
