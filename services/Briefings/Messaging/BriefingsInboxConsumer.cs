using MassTransit;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Briefings.Access;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Contracts;

namespace Mit.Platform.Briefings.Messaging;

/// <summary>
/// The one consumer of the briefings inbox queue: releases make a request known, reveals close it (ending its consent
/// by itself, audited), membership changes invalidate every replica's cached membership answers for that committee.
/// </summary>
public sealed class BriefingsInboxConsumer(BriefingsDbContext db, SharingWriter sharings, EpochCache cache, TimeProvider time)
    : IConsumer<JointAdviceRequestReleased>, IConsumer<CommitteeAdviceRevealed>, IConsumer<CommitteeMembershipChanged>
{
    private const string Name = "briefings.inbox";

    public async Task Consume(ConsumeContext<JointAdviceRequestReleased> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var (first, row) = await FirstDeliveryAsync(context, m.RequestId);
        if (!first)
        {
            return;
        }
        if (row is null)
        {
            db.Requests.Add(new ReleasedRequestRow { RequestId = m.RequestId, Version = m.Version, Title = m.Title, ReleasedAtTicks = m.ReleasedAt.UtcTicks });
        }
        else if (m.Version > row.Version)
        {
            row.Version = m.Version;
            row.Title = m.Title;
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task Consume(ConsumeContext<CommitteeAdviceRevealed> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var (first, row) = await FirstDeliveryAsync(context, m.RequestId);
        if (!first)
        {
            return;
        }
        if (row is null)
        {
            db.Requests.Add(new ReleasedRequestRow { RequestId = m.RequestId, Title = "", ReleasedAtTicks = m.RevealedAt.UtcTicks, ClosedAtTicks = m.RevealedAt.UtcTicks });
        }
        else
        {
            row.ClosedAtTicks ??= m.RevealedAt.UtcTicks;
        }
        await db.SaveChangesAsync(ct);
        // After the close is stored, so no new proposal can slip in; a redelivery finds nothing standing and does nothing.
        await sharings.ExpireAsync(m.RequestId, "the request was closed: its advice went to the ministries", ct);
    }

    /// <summary>Whether this message is new to this consumer, and the request's row if Briefings knows the request.</summary>
    private async Task<(bool First, ReleasedRequestRow? Row)> FirstDeliveryAsync(ConsumeContext context, Guid requestId)
    {
        if (!await db.FirstDeliveryAsync(context.MessageId, Name, time.GetUtcNow(), context.CancellationToken))
        {
            return (false, null);
        }
        return (true, await db.Requests.SingleOrDefaultAsync(r => r.RequestId == requestId, context.CancellationToken));
    }

    /// <summary>Bumping is idempotent, so a redelivery needs no inbox record.</summary>
    public Task Consume(ConsumeContext<CommitteeMembershipChanged> context) =>
        cache.BumpAsync(AccessGate.MembershipScope(context.Message.Committee));
}
