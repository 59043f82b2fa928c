using MassTransit;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.Committees.Messaging;

/// <summary>
/// Everything that goes on the committee desks arrives on one queue (Topology.DesksQueue) and is written by
/// <see cref="DeskBatchWriter"/>, in batches: both desks of a message in one transaction, with one received_at.
/// </summary>
public sealed class DeskConsumer(MessageBatches<DeskBatchWriter> batches)
    : IConsumer<JointAdviceRequestReleased>, IConsumer<AdviceRequestLinked>, IConsumer<CommitteeAdviceAdopted>, IConsumer<CommitteeAdviceRevealed>,
      IConsumer<UnsolicitedAdviceSent>, IConsumer<UnsolicitedAdvicePublished>
{
    public Task Consume(ConsumeContext<JointAdviceRequestReleased> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<AdviceRequestLinked> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<CommitteeAdviceAdopted> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<CommitteeAdviceRevealed> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<UnsolicitedAdviceSent> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<UnsolicitedAdvicePublished> context) => batches.HandleAsync(context);
}

/// <summary>
/// Writes one batch of desk messages in one transaction (rules in <see cref="DeskBatch"/>): three reads (inbox,
/// released versions of the batch's requests, the desk counters) and one save; then one live signal for both desks.
/// </summary>
public sealed class DeskBatchWriter(CommitteesDbContext db, LiveSignals live, TimeProvider time) : IBatchHandler
{
    /// <summary>The inbox's consumer name: one consumer writes both desks.</summary>
    public const string Name = "committees.desks";
    private const int Attempts = 3;

    public async Task<IReadOnlyList<Exception?>> HandleAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var deliveries = batch.Select(b => new DeskDelivery(b.MessageId, b.Message)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var plan = await WriteAsync(deliveries, ct);
                if (plan.Entries.Count > 0)
                {
                    live.Raise(DeskTopics.Desks);
                }
                return batch.Select(b => plan.Deferred.Contains(b.MessageId)
                    ? new ReleaseNotOnDeskException($"Message {b.MessageId} is about a request whose release is not on the desks yet; it is retried after it.")
                    : null).ToList<Exception?>();
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another replica took the next positions (its counter update won), or wrote a repeat first: read again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<DeskBatch> WriteAsync(List<DeskDelivery> deliveries, CancellationToken ct)
    {
        var processed = await db.ProcessedAsync(Name, deliveries.Select(d => d.MessageId), ct);
        var requests = DeskBatch.RequestsOf(deliveries.Where(d => !processed.Contains(d.MessageId))).ToList();
        var released = requests.Count == 0
            ? []
            : await db.ReleasesOf(requests).Select(d => new { d.Committee, d.RequestId, d.Version }).ToListAsync(ct);
        var counters = await db.DeskCounters.ToDictionaryAsync(c => c.Committee, ct);
        var receivedAt = time.GetUtcNow();
        var plan = DeskBatch.Plan(deliveries, new DeskState(
            processed,
            released.Select(r => (r.Committee, r.RequestId, r.Version)).ToHashSet(),
            counters.ToDictionary(c => c.Key, c => c.Value.LastPosition)), receivedAt);
        if (plan.Applied.Count == 0)
        {
            return plan;
        }
        foreach (var (desk, last) in plan.LastPositions)
        {
            if (counters.TryGetValue(desk, out var counter))
            {
                counter.LastPosition = last;
            }
            else if (last > 0)
            {
                db.DeskCounters.Add(new DeskCounter { Committee = desk, LastPosition = last });
            }
        }
        db.DeskEntries.AddRange(plan.Entries);
        db.InboxRecords.AddRange(plan.Applied.Select(id => new BuildingBlocks.Messaging.InboxRecord { MessageId = id, Consumer = Name, ProcessedAt = receivedAt }));
        await db.SaveChangesAsync(ct);
        return plan;
    }
}

/// <summary>An entry arrived before the release it is about; the message is retried (with backoff) until the release is there.</summary>
public sealed class ReleaseNotOnDeskException(string message) : Exception(message);

/// <summary>The live-signal topic of the desks: one signal wakes the watchers of both.</summary>
public static class DeskTopics
{
    public const string Desks = "desks";
}
