using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>Bad input to Briefings gets a precise status and changes nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BriefingsBadInputTests(PlatformFixture platform)
{
    private readonly BriefingsDriver _b = new(platform);

    private static async Task<RpcException> Refused(Func<Task> call, StatusCode expected)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, e.StatusCode);
        return e;
    }

    [Fact]
    public async Task A_briefing_on_an_unknown_request_is_not_found_and_on_an_unreleased_one_a_failed_precondition()
    {
        await Refused(() => _b.AddAsync(Guid.NewGuid().ToString()), StatusCode.NotFound);
        var draft = await _b.DraftAsync();
        await Refused(() => _b.AddAsync(draft.Id), StatusCode.FailedPrecondition);
        await Refused(() => _b.ProposeAsync(draft.Id, SharingAudience.MembersAndChair), StatusCode.FailedPrecondition);
        await Refused(() => _b.As("omt-chair").ListBriefingsAsync(new ListBriefingsRequest { RequestId = Guid.NewGuid().ToString() }).ResponseAsync, StatusCode.NotFound);
    }

    [Fact]
    public async Task Consent_by_a_non_vws_user_and_a_proposal_by_a_non_chair_are_permission_denied()
    {
        var request = await _b.ReleasedAsync();
        await Refused(() => _b.As("omt-secretary").ProposeSharingAsync(new ProposeSharingRequest
        { IdempotencyKey = Requests.Key(), RequestId = request.Id, Audience = SharingAudience.MembersAndChair }).ResponseAsync, StatusCode.PermissionDenied);
        await Refused(() => _b.ProposeAsync(request.Id, SharingAudience.MembersAndChair).ContinueWith(_ => _b.GrantAsync(request.Id, "omt-chair")).Unwrap(), StatusCode.PermissionDenied);
        await Refused(() => _b.GrantAsync(request.Id, "mit-chair"), StatusCode.PermissionDenied);
        await Refused(() => _b.GrantAsync(request.Id, "vws-requester"), StatusCode.PermissionDenied);
        Assert.Equal(SharingState.Proposed, (await _b.As("omt-chair").GetSharingAsync(new GetSharingRequest { RequestId = request.Id })).State);
    }

    [Fact]
    public async Task Illegal_state_changes_are_failed_preconditions()
    {
        var request = await _b.ReleasedAsync();
        await Refused(() => _b.GrantAsync(request.Id), StatusCode.FailedPrecondition);
        await Refused(() => _b.RevokeAsync(request.Id), StatusCode.FailedPrecondition);
        await _b.ProposeAsync(request.Id, SharingAudience.MembersAndChair);
        await Refused(() => _b.ProposeAsync(request.Id, SharingAudience.WithSecretariat), StatusCode.FailedPrecondition);
        var refuse = await Refused(() => _b.As("vws-minister").RefuseConsentAsync(new RefuseConsentRequest { IdempotencyKey = Requests.Key(), RequestId = request.Id }).ResponseAsync,
            StatusCode.InvalidArgument);
        Assert.Contains("reason", refuse.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_content_is_resource_exhausted()
    {
        var request = await _b.ReleasedAsync();
        await Refused(() => _b.AddAsync(request.Id, new string('x', 600 * 1024)), StatusCode.ResourceExhausted);
        await Refused(() => _b.AddAsync(request.Id, new string('x', 2 * 1024 * 1024)), StatusCode.ResourceExhausted);

        using var upload = _b.As("omt-chair").UploadBriefing();
        await upload.RequestStream.WriteAsync(new UploadBriefingChunk
        {
            Header = new AddBriefingRequest { IdempotencyKey = Requests.Key(), Header = new BriefingHeader { RequestId = request.Id, Title = "Too large" } },
        });
        var chunk = ByteString.CopyFrom(new byte[256 * 1024]);
        try
        {
            for (var i = 0; i < 14; i++)
            {
                await upload.RequestStream.WriteAsync(new UploadBriefingChunk { Data = chunk });
            }
            await upload.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The server may answer before the client finished writing.
        }
        await Refused(() => upload.ResponseAsync, StatusCode.ResourceExhausted);
        Assert.Empty((await _b.As("omt-chair").ListBriefingsAsync(new ListBriefingsRequest { RequestId = request.Id })).Briefings);
    }

    [Fact]
    public async Task Invalid_fields_are_reported_each_and_bytes_that_are_not_protobuf_are_invalid_argument()
    {
        var e = await Refused(() => _b.As("omt-chair").AddBriefingAsync(new AddBriefingRequest
        {
            IdempotencyKey = Requests.Key(),
            Header = new BriefingHeader { RequestId = "not-an-id", Title = "", MediaType = "markdown" },
        }).ResponseAsync, StatusCode.InvalidArgument);
        var fields = e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(f => f.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "header.request_id", "header.title", "header.media_type", "content" }, fields);

        var raw = new Method<byte[], byte[]>(MethodType.Unary, "mit.platform.v1.Briefings", "AddBriefing",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var invoker = platform.Invoker(platform.Token(Persona.OmtSecretary, "briefings"));
        byte[] garbage = [0x12, 0x64, 0x0a, 0x01, 0x41];
        await Refused(() => invoker.AsyncUnaryCall(raw, null, new CallOptions(), garbage).ResponseAsync, StatusCode.InvalidArgument);
        await Refused(() => _b.As("omt-chair").ReadBriefing(new ReadBriefingRequest { BriefingId = Guid.NewGuid().ToString() }).ResponseStream.MoveNext(), StatusCode.NotFound);
    }
}
