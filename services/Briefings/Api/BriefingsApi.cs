using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Access;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Domain;
using Mit.Platform.Briefings.Outbound;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Briefings.Api;

/// <summary>Maps calls to briefings, sharing and the audit log; every read goes through the read protocol (Access/BriefingReads).</summary>
public sealed class BriefingsApi(
    BriefingsDbContext db, AuditLog audit, AccessGate gate, BriefingReads reads, BriefingCipher cipher, RequestDirectory requests,
    LiveSignals live, TimeProvider time) : V1.Briefings.BriefingsBase
{
    public const string WatermarkHeader = "x-watermark-id";
    // Signals are hints; a periodic re-read bounds how late a briefing or a sharing change is seen if one is lost.
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    // ---- Briefings -------------------------------------------------------------------------------------------------

    public override Task<V1.BriefingInfo> AddBriefing(V1.AddBriefingRequest request, ServerCallContext context)
    {
        var caller = BriefingsPolicies.Table.Require(context, BriefingsPolicies.AddBriefing);
        if (request.Content.Length > BriefingLimits.MaxInlineBytes)
        {
            throw TooLarge($"Inline content is limited to {BriefingLimits.MaxInlineBytes} bytes; send larger files with UploadBriefing.");
        }
        return AddAsync(caller, request, request.Content, context.CancellationToken);
    }

    public override async Task<V1.BriefingInfo> UploadBriefing(IAsyncStreamReader<V1.UploadBriefingChunk> requestStream, ServerCallContext context)
    {
        var caller = BriefingsPolicies.Table.Require(context, BriefingsPolicies.AddBriefing);
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct) || requestStream.Current.PartCase != V1.UploadBriefingChunk.PartOneofCase.Header)
        {
            throw new ValidationFailedException([new FieldViolation("header", "the first message must carry the header")]);
        }
        var header = requestStream.Current.Header;
        using var content = new MemoryStream();
        header.Content.WriteTo(content);
        while (await requestStream.MoveNext(ct))
        {
            var chunk = requestStream.Current;
            if (chunk.PartCase != V1.UploadBriefingChunk.PartOneofCase.Data)
            {
                throw new ValidationFailedException([new FieldViolation("data", "only the first message carries a header")]);
            }
            if (content.Length + chunk.Data.Length > BriefingLimits.MaxContentBytes)
            {
                throw TooLarge($"Briefing content is limited to {BriefingLimits.MaxContentBytes} bytes.");
            }
            chunk.Data.WriteTo(content);
        }
        var whole = ByteString.CopyFrom(content.GetBuffer(), 0, (int)content.Length);
        var request = header.Clone();
        request.Content = whole;
        return await AddAsync(caller, request, whole, ct);
    }

    private async Task<V1.BriefingInfo> AddAsync(Caller caller, V1.AddBriefingRequest request, ByteString content, CancellationToken ct)
    {
        var h = request.Header ?? new V1.BriefingHeader();
        var title = h.Title.Trim();
        var mediaType = string.IsNullOrWhiteSpace(h.MediaType) ? "text/markdown" : h.MediaType.Trim();
        Guid? supersedes = null;
        var v = new Validator()
            .Require(Guid.TryParse(h.RequestId, out var requestId), "header.request_id", "must be a request id")
            .Require(title.Length is > 0 and <= BriefingLimits.MaxTitleLength, "header.title", $"is required, at most {BriefingLimits.MaxTitleLength} characters")
            .Require(mediaType.Length <= BriefingLimits.MaxMediaTypeLength && MediaTypes.IsValid(mediaType), "header.media_type", "must be a media type such as text/markdown")
            .Require(h.Classification is V1.Classification.Unspecified or V1.Classification.Confidential or V1.Classification.Restricted, "header.classification", "is not a known classification")
            .Require(content.Length > 0, "content", "is required");
        if (h.SupersedesBriefingId.Length > 0)
        {
            v.Require(Guid.TryParse(h.SupersedesBriefingId, out var earlier), "header.supersedes_briefing_id", "must be a briefing id");
            supersedes = earlier;
        }
        v.ThrowIfInvalid();
        await requests.RequireOpenAsync(requestId, ct);
        var classification = h.Classification == V1.Classification.Unspecified ? V1.Classification.Confidential : h.Classification;

        var info = await audit.WriteAsync(chain => db.RunOnceAsync(caller, nameof(AddBriefing), request.IdempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var version = 1;
            if (supersedes is { } earlierId)
            {
                var earlier = await db.Briefings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == earlierId && b.RequestId == requestId, ct)
                    ?? throw new NotFoundException($"Briefing {earlierId} is not a briefing of request {requestId}.");
                version = earlier.Version + 1;
            }
            var position = (await db.Briefings.Where(b => b.RequestId == requestId).MaxAsync(b => (long?)b.Position, ct) ?? 0) + 1;
            var id = Guid.NewGuid();
            var sealedContent = cipher.Seal(id, content.Span);
            var row = new BriefingRow
            {
                Id = id, RequestId = requestId, Position = position, Title = title, Classification = classification.ToString(),
                MediaType = mediaType, Version = version, SupersedesId = supersedes, SizeBytes = content.Length,
                AddedBy = caller.Subject, AddedAtTicks = now.UtcTicks,
            };
            db.Briefings.Add(row);
            db.Contents.Add(new BriefingContentRow { BriefingId = id, WrappedKey = sealedContent.WrappedKey, Ciphertext = sealedContent.Ciphertext, MasterKeyId = sealedContent.MasterKeyId });
            chain.Append(caller, "add-briefing", "recorded", $"version {version}, {content.Length} bytes, {mediaType}", requestId, id);
            return row.ToProto(withheld: false);
        }, ct), ct);
        live.Raise(BriefingTopics.Of(requestId));
        return info;
    }

    public override async Task<V1.ListBriefingsResponse> ListBriefings(V1.ListBriefingsRequest request, ServerCallContext context)
    {
        var caller = BriefingsPolicies.Table.Require(context, BriefingsPolicies.ReadBriefings);
        var requestId = ParseRequestId(request.RequestId);
        await requests.RequireKnownAsync(requestId, context.CancellationToken);
        var check = await reads.CheckAsync(caller, requestId, context.CancellationToken);
        var rows = await db.Briefings.AsNoTracking().Where(b => b.RequestId == requestId).OrderBy(b => b.Position).ToListAsync(context.CancellationToken);
        var response = new V1.ListBriefingsResponse { Access = check.Allowed, Sharing = check.Sharing.ToProto(requestId) };
        response.Briefings.AddRange(rows.Select(b => check.Allowed ? b.ToProto(withheld: false) : b.Notice(ShowTitles(check))));
        return response;
    }

    public override async Task ReadBriefing(V1.ReadBriefingRequest request, IServerStreamWriter<V1.BriefingChunk> responseStream, ServerCallContext context)
    {
        var caller = BriefingsPolicies.Table.Require(context, BriefingsPolicies.ReadBriefings);
        var ct = context.CancellationToken;
        if (!Guid.TryParse(request.BriefingId, out var briefingId))
        {
            throw new ValidationFailedException([new FieldViolation("briefing_id", "must be a briefing id")]);
        }
        var briefing = await db.Briefings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == briefingId, ct)
            ?? throw new NotFoundException($"Briefing {briefingId} does not exist.");
        var check = await reads.CheckAsync(caller, briefing.RequestId, ct);
        var copy = await reads.DeliverAsync(caller, briefing, check, "read", ct)
            ?? throw new AccessDeniedException(Refusal(check.Outcome));

        await context.WriteResponseHeadersAsync(new Metadata { { WatermarkHeader, copy.WatermarkId } });
        var total = copy.Content.Length;
        for (var offset = 0; offset == 0 || offset < total; offset += BriefingLimits.ReadChunkBytes)
        {
            var length = Math.Min(BriefingLimits.ReadChunkBytes, total - offset);
            var chunk = new V1.BriefingChunk { Data = ByteString.CopyFrom(copy.Content, offset, length), Offset = offset, TotalBytes = total };
            if (offset == 0)
            {
                chunk.Info = copy.Briefing.ToProto(withheld: false);
                chunk.WatermarkId = copy.WatermarkId;
            }
            await responseStream.WriteAsync(chunk, ct);
        }
    }

    public override async Task WatchBriefings(V1.WatchBriefingsRequest request, IServerStreamWriter<V1.BriefingUpdate> responseStream, ServerCallContext context)
    {
        var caller = BriefingsPolicies.Table.Require(context, BriefingsPolicies.ReadBriefings);
        var requestId = ParseRequestId(request.RequestId);
        new Validator().Require(request.FromPosition >= 0, "from_position", "must be zero or a position from this stream").ThrowIfInvalid();
        var ct = context.CancellationToken;
        await requests.RequireKnownAsync(requestId, ct);
        var delivered = request.FromPosition;
        var noticed = request.FromPosition;
        (V1.SharingState State, long Epoch)? sentSharing = null;
        while (!ct.IsCancellationRequested)
        {
            var changed = live.Next(BriefingTopics.Of(requestId));
            var check = await reads.CheckAsync(caller, requestId, ct);
            var sharing = check.Sharing.ToProto(requestId);
            if (!check.Omt && sentSharing != (sharing.State, sharing.Epoch))
            {
                await responseStream.WriteAsync(new V1.BriefingUpdate { Sharing = sharing }, ct);
                sentSharing = (sharing.State, sharing.Epoch);
            }
            var from = check.Allowed ? delivered : Math.Max(delivered, noticed);
            var rows = await db.Briefings.AsNoTracking().Where(b => b.RequestId == requestId && b.Position > from)
                .OrderBy(b => b.Position).Take(100).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (check.Allowed)
                {
                    var copy = await reads.DeliverAsync(caller, row, check, "watch", ct);
                    if (copy is null)
                    {
                        // Revoked between the check and this delivery: the next round sends the new state instead.
                        break;
                    }
                    var briefing = new V1.DeliveredBriefing { Info = copy.Briefing.ToProto(withheld: false), WatermarkId = copy.WatermarkId };
                    if (copy.Content.Length <= BriefingLimits.MaxWatchContentBytes)
                    {
                        briefing.Content = ByteString.CopyFrom(copy.Content);
                    }
                    else
                    {
                        briefing.ContentOmitted = true;
                    }
                    await responseStream.WriteAsync(new V1.BriefingUpdate { Briefing = briefing }, ct);
                    delivered = row.Position;
                }
                else
                {
                    await responseStream.WriteAsync(new V1.BriefingUpdate { Notice = row.Notice(ShowTitles(check)) }, ct);
                    noticed = row.Position;
                }
            }
            if (rows.Count < 100)
            {
                await Task.WhenAny(changed, Task.Delay(Poll, time, ct));
            }
        }
    }

    private static bool ShowTitles(AccessCheck check) =>
        check.Sharing is { State: SharingState.Proposed or SharingState.Consented, ShowTitles: true };

    private static string Refusal(AccessOutcome outcome) => outcome switch
    {
        AccessOutcome.NoProposal => "The OMT has not proposed sharing this request's briefings with the MIT.",
        AccessOutcome.ConsentPending => "VWS consent for sharing this request's briefings is pending.",
        AccessOutcome.ConsentNotStanding => "There is no standing VWS consent for sharing this request's briefings.",
        AccessOutcome.NotInAudience => "The consent does not include your role.",
        AccessOutcome.NotACurrentMember => "You do not currently hold a seat that this briefing is open to.",
        _ => "Not allowed to read briefings.",
    };

    // ---- Sharing ---------------------------------------------------------------------------------------------------

    public override Task<V1.Sharing> ProposeSharing(V1.ProposeSharingRequest request, ServerCallContext context)
    {
        var until = Timestamps.Moment(request.Until, "until", time.GetUtcNow(), Timestamps.MaxAhead);
        return ChangeSharing(context, BriefingsPolicies.ProposeSharing, request.IdempotencyKey, request, request.RequestId, "propose-sharing",
            (s, caller, now) =>
            {
                s.Propose(caller.Subject, (SharingAudience)(int)request.Audience, until, request.ShowTitles, request.Note, now);
                return $"audience {s.Audience}{(s.Until is { } u ? $", until {u:O}" : "")}{(s.ShowTitles ? ", titles shown" : "")}";
            });
    }

    public override Task<V1.Sharing> GrantConsent(V1.GrantConsentRequest request, ServerCallContext context) =>
        ChangeSharing(context, BriefingsPolicies.DecideConsent, request.IdempotencyKey, request, request.RequestId, "grant-consent",
            (s, caller, now) =>
            {
                s.Grant(caller.Subject, now);
                return $"audience {s.Audience}";
            });

    public override Task<V1.Sharing> RefuseConsent(V1.RefuseConsentRequest request, ServerCallContext context) =>
        ChangeSharing(context, BriefingsPolicies.DecideConsent, request.IdempotencyKey, request, request.RequestId, "refuse-consent",
            (s, caller, now) =>
            {
                s.Refuse(caller.Subject, request.Reason, now);
                return request.Reason.Trim();
            });

    public override Task<V1.Sharing> RevokeConsent(V1.RevokeConsentRequest request, ServerCallContext context) =>
        ChangeSharing(context, BriefingsPolicies.RevokeConsent, request.IdempotencyKey, request, request.RequestId, "revoke-consent",
            (s, caller, now) =>
            {
                s.Revoke(caller.Subject, request.Reason, now);
                return request.Reason.Trim();
            });

    public override async Task<V1.Sharing> GetSharing(V1.GetSharingRequest request, ServerCallContext context)
    {
        BriefingsPolicies.Table.Require(context, BriefingsPolicies.ViewSharing);
        var requestId = ParseRequestId(request.RequestId);
        await requests.RequireKnownAsync(requestId, context.CancellationToken);
        var (sharing, row) = await db.LoadSharingAsync(requestId, context.CancellationToken);
        return (row is null ? null : sharing).ToProto(requestId);
    }

    public override async Task<V1.ListSharingsResponse> ListSharings(V1.ListSharingsRequest request, ServerCallContext context)
    {
        BriefingsPolicies.Table.Require(context, BriefingsPolicies.ViewSharing);
        new Validator()
            .Require(request.PageSize is >= 0 and <= 500, "page_size", "must be between 0 and 500")
            .Require(Enum.IsDefined(request.State), "state", "must be a sharing state")
            .ThrowIfInvalid();
        var ct = context.CancellationToken;
        var rows = await db.Sharings.AsNoTracking().ToListAsync(ct);
        var sharings = rows.Select(BriefingsDbContext.Deserialize)
            .Where(s => request.State == V1.SharingState.Unspecified || s.State.ToProto() == request.State)
            .OrderByDescending(s => s.Epoch).ThenBy(s => s.RequestId)
            .Take(request.PageSize == 0 ? 100 : request.PageSize)
            .ToList();
        var ids = sharings.Select(s => s.RequestId).ToList();
        var titles = await db.Requests.AsNoTracking().Where(r => ids.Contains(r.RequestId)).ToDictionaryAsync(r => r.RequestId, r => r.Title, ct);
        var response = new V1.ListSharingsResponse();
        response.Sharings.AddRange(sharings.Select(s => new V1.SharedRequest
        {
            Sharing = s.ToProto(s.RequestId),
            RequestTitle = titles.GetValueOrDefault(s.RequestId, ""),
        }));
        return response;
    }

    /// <summary>
    /// One sharing change, once per idempotency key, with its audit record in the same transaction; then every replica's
    /// cached decision is invalidated before the call returns (also on a retry, in case the first bump failed).
    /// </summary>
    private async Task<V1.Sharing> ChangeSharing(ServerCallContext context, string policy, string idempotencyKey, IMessage request, string requestIdText,
        string action, Func<Sharing, Caller, DateTimeOffset, string> change, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        var caller = BriefingsPolicies.Table.Require(context, policy);
        var requestId = ParseRequestId(requestIdText);
        var ct = context.CancellationToken;
        await requests.RequireOpenAsync(requestId, ct);
        var result = await audit.WriteAsync(chain => db.RunOnceAsync(caller, method, idempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var (sharing, row) = await db.LoadSharingAsync(requestId, ct);
            var detail = change(sharing, caller, now);
            db.Store(sharing, row);
            chain.Append(caller, action, "recorded", detail, requestId);
            return sharing.ToProto(requestId);
        }, ct), ct);
        await gate.InvalidateAsync(requestId);
        live.Raise(BriefingTopics.Of(requestId));
        return result;
    }

    // ---- Audit -----------------------------------------------------------------------------------------------------

    public override async Task<V1.ListAuditRecordsResponse> ListAuditRecords(V1.ListAuditRecordsRequest request, ServerCallContext context)
    {
        BriefingsPolicies.Table.Require(context, BriefingsPolicies.ReadAudit);
        var v = new Validator()
            .Require(request.AfterSequence >= 0, "after_sequence", "must be zero or a sequence number")
            .Require(request.PageSize is >= 0 and <= 1000, "page_size", "must be between 0 and 1000");
        Guid requestId = default;
        if (request.RequestId.Length > 0)
        {
            v.Require(Guid.TryParse(request.RequestId, out requestId), "request_id", "must be a request id");
        }
        v.ThrowIfInvalid();
        var query = db.AuditRecords.AsNoTracking().Where(r => r.Sequence > request.AfterSequence);
        if (request.RequestId.Length > 0)
        {
            var id = requestId.ToString();
            query = query.Where(r => r.RequestId == id);
        }
        var rows = await query.OrderBy(r => r.Sequence).Take(request.PageSize == 0 ? 100 : request.PageSize).ToListAsync(context.CancellationToken);
        var response = new V1.ListAuditRecordsResponse();
        response.Records.AddRange(rows.Select(r => r.ToProto()));
        return response;
    }

    public override async Task<V1.VerifyAuditLogResponse> VerifyAuditLog(V1.VerifyAuditLogRequest request, ServerCallContext context)
    {
        BriefingsPolicies.Table.Require(context, BriefingsPolicies.ReadAudit);
        var ct = context.CancellationToken;
        var head = await db.AuditHead.AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        var records = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync(ct);
        var verdict = AuditChain.Verify(records.Select(r => new ChainedRecord(r.ToEntry(), r.PreviousHash, r.Hash)), head.Sequence, head.Hash);
        return new V1.VerifyAuditLogResponse
        {
            Intact = verdict.Intact, RecordsChecked = verdict.RecordsChecked, FirstBrokenSequence = verdict.FirstBrokenSequence, Problem = verdict.Problem,
        };
    }

    public override async Task<V1.WatermarkTrace> TraceWatermark(V1.TraceWatermarkRequest request, ServerCallContext context)
    {
        BriefingsPolicies.Table.Require(context, BriefingsPolicies.ReadAudit);
        new Validator().Require(request.WatermarkId.Length is > 0 and <= 100, "watermark_id", "is required").ThrowIfInvalid();
        var record = await db.AuditRecords.AsNoTracking().Where(r => r.WatermarkId == request.WatermarkId && r.Outcome == "allowed")
            .OrderBy(r => r.Sequence).FirstOrDefaultAsync(context.CancellationToken)
            ?? throw new NotFoundException($"No copy carries watermark {request.WatermarkId}.");
        return new V1.WatermarkTrace
        {
            WatermarkId = record.WatermarkId,
            Recipient = record.Actor,
            RecipientName = record.Detail.StartsWith(BriefingReads.CopyFor, StringComparison.Ordinal) ? record.Detail[BriefingReads.CopyFor.Length..] : record.Actor,
            BriefingId = record.BriefingId,
            RequestId = record.RequestId,
            DeliveredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(record.AtTicks, TimeSpan.Zero)),
            AuditSequence = record.Sequence,
        };
    }

    private static Guid ParseRequestId(string id) => Guid.TryParse(id, out var parsed)
        ? parsed
        : throw new ValidationFailedException([new FieldViolation("request_id", "must be a request id")]);

    private static RpcException TooLarge(string message) => new(new Status(StatusCode.ResourceExhausted, message));
}
