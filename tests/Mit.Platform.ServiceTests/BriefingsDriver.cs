using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Sets up released requests, briefings and sharing through the gateway as the right personas.</summary>
internal sealed class BriefingsDriver(PlatformFixture platform)
{
    public const string Secret = "The endemic phase has been reached (confidential interpretation).";

    public V1.Briefings.BriefingsClient As(string persona) => platform.Briefings(persona);

    public async Task<AdviceRequest> ReleasedAsync()
    {
        var draft = await platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft());
        return await platform.Requests(Persona.VwsRequester).CoSignAsync(Requests.CoSign(draft));
    }

    public Task<AdviceRequest> DraftAsync() => platform.Requests(Persona.SzwRequester).DraftRequestAsync(Requests.Draft()).ResponseAsync;

    public Task<BriefingInfo> AddAsync(string requestId, string text = Secret, string persona = "omt-secretary", string title = "Epidemiological interpretation") =>
        As(persona).AddBriefingAsync(new AddBriefingRequest
        {
            IdempotencyKey = Requests.Key(),
            Header = new BriefingHeader { RequestId = requestId, Title = title, MediaType = "text/markdown" },
            Content = ByteString.CopyFromUtf8(text),
        }).ResponseAsync;

    public Task<Sharing> ProposeAsync(string requestId, SharingAudience audience, bool showTitles = false) =>
        As("omt-chair").ProposeSharingAsync(new ProposeSharingRequest { IdempotencyKey = Requests.Key(), RequestId = requestId, Audience = audience, ShowTitles = showTitles }).ResponseAsync;

    public Task<Sharing> GrantAsync(string requestId, string persona = "vws-minister") =>
        As(persona).GrantConsentAsync(new GrantConsentRequest { IdempotencyKey = Requests.Key(), RequestId = requestId }).ResponseAsync;

    public Task<Sharing> RefuseAsync(string requestId) =>
        As("vws-delegate").RefuseConsentAsync(new RefuseConsentRequest { IdempotencyKey = Requests.Key(), RequestId = requestId, Reason = "Not this time." }).ResponseAsync;

    public Task<Sharing> RevokeAsync(string requestId, string persona = "omt-chair") =>
        As(persona).RevokeConsentAsync(new RevokeConsentRequest { IdempotencyKey = Requests.Key(), RequestId = requestId, Reason = "Withdrawn." }).ResponseAsync;

    public async Task ConsentAsync(string requestId, SharingAudience audience)
    {
        await ProposeAsync(requestId, audience);
        await GrantAsync(requestId);
    }

    /// <summary>A read's outcome: the status, the delivered text and the watermark id from the response header.</summary>
    public async Task<(StatusCode Status, string? Text, string? Watermark)> ReadAsync(string persona, string briefingId)
    {
        try
        {
            using var call = As(persona).ReadBriefing(new ReadBriefingRequest { BriefingId = briefingId });
            var text = new MemoryStream();
            string? watermark = null;
            await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            {
                chunk.Data.WriteTo(text);
                if (chunk.WatermarkId.Length > 0)
                {
                    watermark = chunk.WatermarkId;
                }
            }
            var header = (await call.ResponseHeadersAsync).GetValue("x-watermark-id");
            Assert.Equal(watermark, header);
            return (StatusCode.OK, Encoding.UTF8.GetString(text.ToArray()), watermark);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, null, null);
        }
    }
}
