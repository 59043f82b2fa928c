using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.AdviceRequests.Data;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.AdviceRequests.Api;

/// <summary>Maps calls to the JointRequest aggregate and decides who may make them.</summary>
public sealed class AdviceRequestsApi(AdviceRequestsDbContext db, TimeProvider time) : V1.AdviceRequests.AdviceRequestsBase
{
    private const int MaxPageSize = 100;

    public override Task<V1.AdviceRequest> DraftRequest(V1.DraftRequestRequest request, ServerCallContext context)
    {
        var (caller, ministry) = Requester(context, AdviceRequestsPolicies.DraftJointRequest);
        return db.RunOnceAsync(caller, nameof(DraftRequest), request.IdempotencyKey, request, time, () =>
        {
            var now = time.GetUtcNow();
            var coSigner = request.CoSigningMinistry.ToDomain()
                ?? throw new ValidationFailedException([new FieldViolation("co_signing_ministry", "must be MINISTRY_SZW or MINISTRY_VWS")]);
            var draft = JointRequest.Draft(Guid.NewGuid(), ministry, caller.Subject, coSigner, request.Content.ToDomain(now), now);
            db.Store(draft, null, now);
            return Task.FromResult(draft.ToProto(now, includeUnreleased: true));
        }, context.CancellationToken);
    }

    public override Task<V1.AdviceRequest> ReviseDraft(V1.ReviseDraftRequest request, ServerCallContext context) =>
        Change(context, request.IdempotencyKey, request, request.RequestId, (r, caller, ministry, now) =>
            r.Revise(ministry, caller.Subject, request.Content.ToDomain(now)));

    public override Task<V1.AdviceRequest> CoSign(V1.CoSignRequest request, ServerCallContext context) =>
        Change(context, request.IdempotencyKey, request, request.RequestId, (r, caller, ministry, now) =>
            r.CoSign(ministry, caller.Subject, request.Version, request.Digest, now), AdviceRequestsPolicies.CoSignJointRequest);

    public override Task<V1.AdviceRequest> DeclineCoSigning(V1.DeclineCoSigningRequest request, ServerCallContext context) =>
        Change(context, request.IdempotencyKey, request, request.RequestId, (r, caller, ministry, _) =>
            r.DeclineCoSigning(ministry, caller.Subject, request.Reason), AdviceRequestsPolicies.CoSignJointRequest);

    public override Task<V1.AdviceRequest> Withdraw(V1.WithdrawRequest request, ServerCallContext context) =>
        Change(context, request.IdempotencyKey, request, request.RequestId, (r, _, ministry, _) =>
            r.Withdraw(ministry, request.Reason));

    public override Task<V1.AdviceRequest> Amend(V1.AmendRequest request, ServerCallContext context) =>
        Change(context, request.IdempotencyKey, request, request.RequestId, (r, caller, ministry, now) =>
            r.Amend(ministry, caller.Subject, request.Content.ToDomain(now)));

    public override async Task<V1.AdviceRequest> LinkRelated(V1.LinkRelatedRequest request, ServerCallContext context)
    {
        AdviceRequestsPolicies.Table.Require(context, AdviceRequestsPolicies.ChangeJointRequest);
        Guid? related = null;
        string? external = null;
        var v = new Validator();
        switch (request.TargetCase)
        {
            case V1.LinkRelatedRequest.TargetOneofCase.RelatedRequestId:
                v.Require(Guid.TryParse(request.RelatedRequestId, out var id), "related_request_id", "must be a request id");
                related = id;
                break;
            case V1.LinkRelatedRequest.TargetOneofCase.ExternalReference:
                external = request.ExternalReference.Trim();
                v.Require(external.Length is > 0 and <= RequestLimits.MaxNameLength, "external_reference", $"is required, at most {RequestLimits.MaxNameLength} characters");
                break;
            default:
                v.Require(false, "target", "give related_request_id or external_reference");
                break;
        }
        v.Require(request.Note.Length <= RequestLimits.MaxReasonLength, "note", $"must be at most {RequestLimits.MaxReasonLength} characters");
        v.ThrowIfInvalid();
        if (related is { } relatedId)
        {
            var (target, _) = await db.LoadAsync(relatedId, context.CancellationToken);
            if (target.Released is null)
            {
                // The link is shown on both desks; a draft is not the committees' to know of, not even its id.
                throw new RuleViolationException($"Related request {relatedId} is not released yet; link it once it is.");
            }
        }
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        return await Change(context, request.IdempotencyKey, request, request.RequestId, (r, caller, _, now) =>
            r.Link(related, external, note, caller.Subject, now));
    }

    public override async Task<V1.AdviceRequest> GetRequest(V1.GetRequestRequest request, ServerCallContext context)
    {
        var caller = AdviceRequestsPolicies.Table.Require(context, AdviceRequestsPolicies.ReadJointRequests);
        var requester = AdviceRequestsPolicies.IsMinistryRequester(caller) || AdviceRequestsPolicies.IsBriefingsService(caller);
        var (joint, _) = await db.LoadAsync(ParseId(request.RequestId), context.CancellationToken);
        if (!requester && joint.Released is null)
        {
            // Committees see a request from its release on; before that it does not exist for them.
            throw new NotFoundException($"Joint request {request.RequestId} does not exist.");
        }
        return joint.ToProto(time.GetUtcNow(), includeUnreleased: requester);
    }

    public override async Task<V1.ListRequestsResponse> ListRequests(V1.ListRequestsRequest request, ServerCallContext context)
    {
        var caller = AdviceRequestsPolicies.Table.Require(context, AdviceRequestsPolicies.ReadJointRequests);
        var requester = AdviceRequestsPolicies.IsMinistryRequester(caller);
        var v = new Validator().Require(request.PageSize is >= 0 and <= MaxPageSize, "page_size", $"must be between 0 and {MaxPageSize}");
        var offset = 0;
        v.Require(request.PageToken.Length == 0 || (int.TryParse(request.PageToken, out offset) && offset >= 0), "page_token", "is not a token from an earlier page");
        v.ThrowIfInvalid();
        var size = request.PageSize == 0 ? 50 : request.PageSize;

        var query = db.Requests.AsNoTracking();
        if (!requester)
        {
            query = query.Where(r => r.ReleasedVersion > 0);
        }
        var rows = await query.OrderByDescending(r => r.CreatedAtTicks).ThenBy(r => r.Id).Skip(offset).Take(size + 1).ToListAsync(context.CancellationToken);
        var now = time.GetUtcNow();
        var response = new V1.ListRequestsResponse();
        response.Requests.AddRange(rows.Take(size).Select(r => AdviceRequestsDbContext.Deserialize(r).ToProto(now, requester)));
        response.NextPageToken = rows.Count > size ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return response;
    }

    /// <summary>Load, apply one domain operation as a requester of SZW or VWS, store with its events — once per idempotency key.</summary>
    private Task<V1.AdviceRequest> Change(ServerCallContext context, string idempotencyKey, Google.Protobuf.IMessage request, string requestId,
        Action<JointRequest, Caller, Ministry, DateTimeOffset> operation,
        string policy = AdviceRequestsPolicies.ChangeJointRequest, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        var (caller, ministry) = Requester(context, policy);
        var id = ParseId(requestId);
        return db.RunOnceAsync(caller, method, idempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var (joint, row) = await db.LoadAsync(id, context.CancellationToken);
            operation(joint, caller, ministry, now);
            db.Store(joint, row, now);
            return joint.ToProto(now, includeUnreleased: true);
        }, context.CancellationToken);
    }

    /// <summary>The caller under a requester policy, and the ministry they act for.</summary>
    private static (Caller Caller, Ministry Ministry) Requester(ServerCallContext context, string policy)
    {
        var caller = AdviceRequestsPolicies.Table.Require(context, policy);
        return (caller, Enum.Parse<Ministry>(caller.Organisation));
    }

    private static Guid ParseId(string id) => Guid.TryParse(id, out var parsed)
        ? parsed
        : throw new ValidationFailedException([new FieldViolation("request_id", "must be a request id")]);
}
