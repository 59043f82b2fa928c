using Google.Protobuf;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>The Briefings rows of the authorization matrix.</summary>
public sealed partial class AuthorizationMatrixTests
{
    private sealed record BriefingState(string RequestId, string BriefingId, string WatermarkId);

    private V1.Briefings.BriefingsClient Briefings(string persona) => new(platform.Invoker(Token(persona)));

    private async Task<BriefingState> BriefingOn(string sharing)
    {
        var request = (AdviceRequest)await Released();
        var briefing = await Briefings("omt-secretary").AddBriefingAsync(new AddBriefingRequest
        {
            IdempotencyKey = Requests.Key(),
            Header = new BriefingHeader { RequestId = request.Id, Title = "Interpretation" },
            Content = ByteString.CopyFromUtf8("confidential"),
        });
        if (sharing is "proposed" or "consented")
        {
            await Briefings("omt-chair").ProposeSharingAsync(new ProposeSharingRequest
            { IdempotencyKey = Requests.Key(), RequestId = request.Id, Audience = SharingAudience.WithExpertMembers });
        }
        if (sharing == "consented")
        {
            await Briefings("vws-minister").GrantConsentAsync(new GrantConsentRequest { IdempotencyKey = Requests.Key(), RequestId = request.Id });
        }
        using var read = Briefings("omt-member").ReadBriefing(new ReadBriefingRequest { BriefingId = briefing.BriefingId });
        await read.ResponseStream.MoveNext();
        return new BriefingState(request.Id, briefing.BriefingId, read.ResponseStream.Current.WatermarkId);
    }

    private static async Task ReadAll(Who who, BriefingState s)
    {
        using var call = new V1.Briefings.BriefingsClient(who.Invoker).ReadBriefing(new ReadBriefingRequest { BriefingId = s.BriefingId });
        while (await call.ResponseStream.MoveNext())
        {
        }
    }

    private static async Task WatchBriefings(Who who, BriefingState s)
    {
        using var call = new V1.Briefings.BriefingsClient(who.Invoker).WatchBriefings(new WatchBriefingsRequest { RequestId = s.RequestId },
            deadline: DateTime.UtcNow.AddSeconds(5));
        await call.ResponseStream.MoveNext();
    }

    private IEnumerable<Row> BriefingsRows()
    {
        static V1.Briefings.BriefingsClient B(Who w) => new(w.Invoker);
        static BriefingState S(object o) => (BriefingState)o;
        string[] omt = ["omt-chair", "omt-secretary", "omt-member"];
        string[] mit = ["mit-chair", "mit-member", "mit-expert", "mit-secretariat"];
        string[] vws = ["vws-minister", "vws-delegate"];
        string[] audit = ["omt-chair", "auditor", .. vws];
        Func<Task<object>> released = async () => await BriefingOn("none");
        Func<Task<object>> proposed = async () => await BriefingOn("proposed");
        Func<Task<object>> consented = async () => await BriefingOn("consented");

        yield return new("Briefings/AddBriefing", "released", ["omt-chair", "omt-secretary"], released,
            (i, s) => B(i).AddBriefingAsync(new AddBriefingRequest
            {
                IdempotencyKey = Requests.Key(), Header = new BriefingHeader { RequestId = S(s).RequestId, Title = "More" }, Content = ByteString.CopyFromUtf8("x"),
            }).ResponseAsync);
        yield return new("Briefings/UploadBriefing", "released", ["omt-chair", "omt-secretary"], released, async (i, s) =>
        {
            using var upload = B(i).UploadBriefing();
            try
            {
                await upload.RequestStream.WriteAsync(new UploadBriefingChunk
                {
                    Header = new AddBriefingRequest { IdempotencyKey = Requests.Key(), Header = new BriefingHeader { RequestId = S(s).RequestId, Title = "File" } },
                });
                await upload.RequestStream.WriteAsync(new UploadBriefingChunk { Data = ByteString.CopyFromUtf8("data") });
                await upload.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException)
            {
                // A refusal can end the call while the client is still writing; its status is in the response.
            }
            await upload.ResponseAsync;
        });
        yield return new("Briefings/ListBriefings", "consented to the whole MIT", [.. omt, .. mit], consented,
            (i, s) => B(i).ListBriefingsAsync(new ListBriefingsRequest { RequestId = S(s).RequestId }).ResponseAsync);
        yield return new("Briefings/ReadBriefing", "consented to the whole MIT", [.. omt, .. mit], consented, (i, s) => ReadAll(i, S(s)));
        yield return new("Briefings/ReadBriefing", "consent pending", omt, proposed, (i, s) => ReadAll(i, S(s)));
        yield return new("Briefings/WatchBriefings", "consented to the whole MIT", [.. omt, .. mit], consented, (i, s) => WatchBriefings(i, S(s)));
        yield return new("Briefings/ProposeSharing", "released", ["omt-chair"], released,
            (i, s) => B(i).ProposeSharingAsync(new ProposeSharingRequest { IdempotencyKey = Requests.Key(), RequestId = S(s).RequestId, Audience = SharingAudience.MembersAndChair }).ResponseAsync);
        yield return new("Briefings/GrantConsent", "proposed", vws, proposed,
            (i, s) => B(i).GrantConsentAsync(new GrantConsentRequest { IdempotencyKey = Requests.Key(), RequestId = S(s).RequestId }).ResponseAsync);
        yield return new("Briefings/RefuseConsent", "proposed", vws, proposed,
            (i, s) => B(i).RefuseConsentAsync(new RefuseConsentRequest { IdempotencyKey = Requests.Key(), RequestId = S(s).RequestId, Reason = "no" }).ResponseAsync);
        yield return new("Briefings/RevokeConsent", "consented", ["omt-chair", .. vws], consented,
            (i, s) => B(i).RevokeConsentAsync(new RevokeConsentRequest { IdempotencyKey = Requests.Key(), RequestId = S(s).RequestId }).ResponseAsync);
        yield return new("Briefings/GetSharing", "proposed", [.. omt, .. mit, .. vws, "auditor"], proposed,
            (i, s) => B(i).GetSharingAsync(new GetSharingRequest { RequestId = S(s).RequestId }).ResponseAsync);
        yield return new("Briefings/ListSharings", "any", [.. omt, .. mit, .. vws, "auditor"], Nothing,
            (i, _) => B(i).ListSharingsAsync(new ListSharingsRequest()).ResponseAsync);
        yield return new("Briefings/ListAuditRecords", "any", audit, consented,
            (i, s) => B(i).ListAuditRecordsAsync(new ListAuditRecordsRequest { RequestId = S(s).RequestId }).ResponseAsync);
        yield return new("Briefings/VerifyAuditLog", "any", audit, Nothing, (i, _) => B(i).VerifyAuditLogAsync(new VerifyAuditLogRequest()).ResponseAsync);
        yield return new("Briefings/TraceWatermark", "a delivered copy", audit, consented,
            (i, s) => B(i).TraceWatermarkAsync(new TraceWatermarkRequest { WatermarkId = S(s).WatermarkId }).ResponseAsync);
    }
}
