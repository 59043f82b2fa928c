using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Messaging;
using V1 = Mit.Platform.V1;

namespace Mit.Platform.Committees.Api;

/// <summary>The desks are worked by each committee's secretariat and chair.</summary>
internal static class DeskPolicies
{
    public static string ReadDesk(Committee committee) => $"ReadDesk:{committee}";

    public static readonly PolicyTable Table = new(new Dictionary<string, Func<Caller, bool>>
    {
        [ReadDesk(Committee.MIT)] = c => c.HasAnyRole(PlatformRoles.MitSecretariat, PlatformRoles.MitChair),
        [ReadDesk(Committee.OMT)] = c => c.HasAnyRole(PlatformRoles.OmtSecretary, PlatformRoles.OmtChair),
    });
}

/// <summary>A committee's desk, read and acknowledged by that committee's secretariat (and chair).</summary>
public sealed class CommitteeDesksApi(CommitteesDbContext db, LiveSignals live, TimeProvider time) : V1.CommitteeDesks.CommitteeDesksBase
{
    private const int BatchSize = 200;
    // Signals are hints; a periodic re-read bounds how late an entry is seen if one is lost.
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public override async Task WatchDesk(V1.WatchDeskRequest request, IServerStreamWriter<V1.DeskEntry> responseStream, ServerCallContext context)
    {
        var committee = Authorize(context, request.Committee);
        RequirePosition(request.FromPosition, "from_position");
        var last = request.FromPosition;
        var ct = context.CancellationToken;
        // Headers at once: a watcher of an empty desk knows it is connected and live before the first entry.
        await context.WriteResponseHeadersAsync([]);
        while (!ct.IsCancellationRequested)
        {
            var changed = live.Next(DeskTopics.Desks);
            var batch = await Entries(committee, last, BatchSize, ct);
            foreach (var entry in batch)
            {
                await responseStream.WriteAsync(entry.ToProto(), ct);
                last = entry.Position;
            }
            if (batch.Count < BatchSize)
            {
                await Task.WhenAny(changed, Task.Delay(Poll, time, ct));
            }
        }
    }

    public override async Task<V1.ListDeskResponse> ListDesk(V1.ListDeskRequest request, ServerCallContext context)
    {
        var committee = Authorize(context, request.Committee);
        RequirePosition(request.FromPosition, "from_position");
        new Validator().Require(request.PageSize is >= 0 and <= 1000, "page_size", "must be between 0 and 1000").ThrowIfInvalid();
        var entries = await Entries(committee, request.FromPosition, request.PageSize == 0 ? BatchSize : request.PageSize, context.CancellationToken);
        var response = new V1.ListDeskResponse();
        response.Entries.AddRange(entries.Select(e => e.ToProto()));
        return response;
    }

    public override Task<V1.DeskEntry> AcknowledgeReceipt(V1.AcknowledgeReceiptRequest request, ServerCallContext context)
    {
        var committee = Authorize(context, request.Committee);
        var caller = Caller.From(context);
        var v = new Validator()
            .Require(Guid.TryParse(request.RequestId, out var requestId), "request_id", "must be a request id")
            .Require(request.Version > 0, "version", "must be positive");
        v.ThrowIfInvalid();
        var digest = DeskEntry.ValidDigest(request.Digest, "digest");
        return db.RunOnceAsync(caller, nameof(AcknowledgeReceipt), request.IdempotencyKey, request, time, async () =>
        {
            var now = time.GetUtcNow();
            var entry = await db.DeskEntries.SingleOrDefaultAsync(d => d.Committee == committee && d.RequestId == requestId
                    && d.Version == request.Version && d.Kind == DeskEntryKind.Released, context.CancellationToken)
                ?? throw new NotFoundException($"Version {request.Version} of request {requestId} is not on the {committee} desk.");
            entry.Acknowledge(digest, caller.Subject, now);
            return entry.ToProto();
        }, context.CancellationToken);
    }

    /// <summary>Run on every wake-up of every watcher: compiled once.</summary>
    private static readonly CompiledList<CommitteesDbContext, Committee, long, int, DeskEntry> DeskPage = new((db, committee, after, count) =>
        db.DeskEntries.AsNoTracking().Where(d => d.Committee == committee && d.Position > after).OrderBy(d => d.Position).Take(count));

    private Task<List<DeskEntry>> Entries(Committee committee, long after, int count, CancellationToken ct) =>
        DeskPage.ToListAsync(db, committee, after, count, ct);

    private static void RequirePosition(long position, string field) =>
        new Validator().Require(position >= 0, field, "must be zero or a position from the desk").ThrowIfInvalid();

    /// <summary>The committee asked for, if the caller holds its desk policy ("ReadDesk:MIT" or "ReadDesk:OMT").</summary>
    private static Committee Authorize(ServerCallContext context, V1.Committee requested)
    {
        var committee = requested switch
        {
            V1.Committee.Mit => Committee.MIT,
            V1.Committee.Omt => Committee.OMT,
            _ => throw new ValidationFailedException([new FieldViolation("committee", "must be COMMITTEE_MIT or COMMITTEE_OMT")]),
        };
        DeskPolicies.Table.Require(context, DeskPolicies.ReadDesk(committee));
        return committee;
    }
}

internal static class DeskMapping
{
    public static V1.DeskEntry ToProto(this DeskEntry e)
    {
        var message = new V1.DeskEntry
        {
            Committee = e.Committee == Committee.MIT ? V1.Committee.Mit : V1.Committee.Omt,
            Position = e.Position,
            Kind = e.Kind switch
            {
                DeskEntryKind.Released => V1.DeskEntryKind.Released,
                DeskEntryKind.Linked => V1.DeskEntryKind.Linked,
                DeskEntryKind.AdviceAdopted => V1.DeskEntryKind.AdviceAdopted,
                DeskEntryKind.UnsolicitedSent => V1.DeskEntryKind.UnsolicitedSent,
                DeskEntryKind.UnsolicitedPublished => V1.DeskEntryKind.UnsolicitedPublished,
                _ => V1.DeskEntryKind.AdviceRevealed,
            },
            AdviceCommittee = e.AdviceCommittee is { } adopter ? (adopter == Committee.MIT ? V1.Committee.Mit : V1.Committee.Omt) : V1.Committee.Unspecified,
            RequestId = e.RequestId.ToString(),
            Version = e.Version,
            Digest = e.Digest,
            Title = e.Title,
            ReceivedAt = Timestamp.FromDateTimeOffset(e.ReceivedAt),
            AcknowledgedDigest = e.AcknowledgedDigest ?? "",
            RelatedRequestId = e.RelatedRequestId?.ToString() ?? "",
            ExternalReference = e.ExternalReference ?? "",
            Note = e.Note ?? "",
            Late = e.Late,
        };
        if (e.ReleasedAt is { } released)
        {
            message.ReleasedAt = Timestamp.FromDateTimeOffset(released);
        }
        if (e.Deadline is { } deadline)
        {
            message.Deadline = Timestamp.FromDateTimeOffset(deadline);
        }
        message.Links.AddRange(e.Links.Select(l => new V1.DeskLink
        {
            RelatedRequestId = l.RelatedRequestId?.ToString() ?? "",
            ExternalReference = l.ExternalReference ?? "",
            Note = l.Note ?? "",
            LinkedAt = Timestamp.FromDateTimeOffset(l.LinkedAt),
        }));
        if (e.AcknowledgedAt is { } acknowledged)
        {
            message.AcknowledgedAt = Timestamp.FromDateTimeOffset(acknowledged);
        }
        return message;
    }
}
