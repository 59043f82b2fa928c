using MassTransit;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Briefings.Access;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Contracts;

namespace Mit.Platform.Briefings.Messaging;

/// <summary>
/// The one consumer of the briefings inbox queue: releases make a request known and reveals close it, applied in
/// batches by <see cref="BriefingsInboxWriter"/>; membership changes invalidate every replica's cached membership
/// answers for that committee.
/// </summary>
public sealed class BriefingsInboxConsumer(MessageBatches<BriefingsInboxWriter> batches, EpochCache cache)
    : IConsumer<JointAdviceRequestReleased>, IConsumer<CommitteeAdviceRevealed>, IConsumer<CommitteeMembershipChanged>
{
    public Task Consume(ConsumeContext<JointAdviceRequestReleased> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<CommitteeAdviceRevealed> context) => batches.HandleAsync(context);

    /// <summary>Bumping is idempotent, so a redelivery needs no inbox record.</summary>
    public Task Consume(ConsumeContext<CommitteeMembershipChanged> context) =>
        cache.BumpAsync(AccessGate.MembershipScope(context.Message.Committee));
}

/// <summary>
/// Applies a batch of releases and reveals in one transaction: one inbox query, one read of the requests they are
/// about, one save. After the save each revealed request's consent ends (audited), also for a reveal delivered again:
/// ending is idempotent, so a reveal whose first delivery stored the close but failed to end the consent ends it now.
/// </summary>
public sealed class BriefingsInboxWriter(BriefingsDbContext db, SharingWriter sharings, TimeProvider time) : IBatchHandler
{
    public const string Name = "briefings.inbox";

    public async Task<IReadOnlyList<Exception?>> HandleAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fresh = await db.FreshAsync(Name, batch, b => b.MessageId, ct);
        if (fresh.Count > 0)
        {
            var requestIds = fresh.Select(b => RequestIdOf(b.Message)).Distinct().ToList();
            var rows = await db.Requests.Where(r => requestIds.Contains(r.RequestId)).ToDictionaryAsync(r => r.RequestId, ct);
            foreach (var item in fresh)
            {
                Apply(rows, item.Message);
                db.InboxRecords.Add(new InboxRecord { MessageId = item.MessageId, Consumer = Name, ProcessedAt = now });
            }
            await db.SaveChangesAsync(ct);
        }
        // After the close is stored, so no new proposal can slip in.
        var outcomes = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Message is CommitteeAdviceRevealed revealed)
            {
                try
                {
                    await sharings.ExpireAsync(revealed.RequestId, "the request was closed: its advice went to the ministries", ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    outcomes[i] = e;
                }
            }
        }
        return outcomes;
    }

    private void Apply(Dictionary<Guid, ReleasedRequestRow> rows, object message)
    {
        switch (message)
        {
            case JointAdviceRequestReleased m when rows.TryGetValue(m.RequestId, out var row):
                if (m.Version > row.Version)
                {
                    row.Version = m.Version;
                    row.Title = m.Title;
                }
                break;
            case JointAdviceRequestReleased m:
                Add(rows, new ReleasedRequestRow { RequestId = m.RequestId, Version = m.Version, Title = m.Title, ReleasedAtTicks = m.ReleasedAt.UtcTicks });
                break;
            case CommitteeAdviceRevealed m when rows.TryGetValue(m.RequestId, out var row):
                row.ClosedAtTicks ??= m.RevealedAt.UtcTicks;
                break;
            case CommitteeAdviceRevealed m:
                Add(rows, new ReleasedRequestRow { RequestId = m.RequestId, Title = "", ReleasedAtTicks = m.RevealedAt.UtcTicks, ClosedAtTicks = m.RevealedAt.UtcTicks });
                break;
        }
    }

    private void Add(Dictionary<Guid, ReleasedRequestRow> rows, ReleasedRequestRow row)
    {
        rows.Add(row.RequestId, row);
        db.Requests.Add(row);
    }

    private static Guid RequestIdOf(object message) => message switch
    {
        JointAdviceRequestReleased m => m.RequestId,
        CommitteeAdviceRevealed m => m.RequestId,
        _ => throw new ArgumentException($"Not a briefings inbox message: {message.GetType().Name}", nameof(message)),
    };
}
