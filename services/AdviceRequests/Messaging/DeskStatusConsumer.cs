using MassTransit;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.AdviceRequests.Data;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Contracts;

namespace Mit.Platform.AdviceRequests.Messaging;

/// <summary>Keeps per committee what its desk received and acknowledged, so both ministries see it; applied in batches.</summary>
public sealed class DeskStatusConsumer(MessageBatches<DeskStatusBatchWriter> batches)
    : IConsumer<DeskItemsReceived>, IConsumer<DeskReceiptAcknowledged>
{
    public Task Consume(ConsumeContext<DeskItemsReceived> context) => batches.HandleAsync(context);

    public Task Consume(ConsumeContext<DeskReceiptAcknowledged> context) => batches.HandleAsync(context);
}

/// <summary>
/// Applies a batch of desk reports in one transaction: one inbox query, one read of the requests they are about,
/// each request changed and stored once however many reports it got.
/// </summary>
public sealed class DeskStatusBatchWriter(AdviceRequestsDbContext db, TimeProvider time) : IBatchHandler
{
    public const string Name = "advice-requests.desk-status";

    public async Task<IReadOnlyList<Exception?>> HandleAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fresh = await db.FreshAsync(Name, batch, b => b.MessageId, ct);
        var requestIds = fresh.Select(b => RequestIdOf(b.Message)).Distinct().ToList();
        var rows = requestIds.Count == 0 ? [] : await db.Requests.Where(r => requestIds.Contains(r.Id)).ToListAsync(ct);
        var requests = rows.ToDictionary(r => r.Id, r => (Request: AdviceRequestsDbContext.Deserialize(r), Row: r));
        var missing = new HashSet<Guid>();
        foreach (var item in fresh)
        {
            if (!requests.TryGetValue(RequestIdOf(item.Message), out var request))
            {
                missing.Add(item.MessageId);
                continue;
            }
            Apply(request.Request, item.Message);
            db.InboxRecords.Add(new InboxRecord { MessageId = item.MessageId, Consumer = Name, ProcessedAt = now });
        }
        foreach (var (request, row) in requests.Values)
        {
            db.Store(request, row, now);
        }
        if (fresh.Count > missing.Count)
        {
            await db.SaveChangesAsync(ct);
        }
        return batch.Select(b => missing.Contains(b.MessageId) ? new NotFoundException($"Joint request {RequestIdOf(b.Message)} does not exist.") : null)
            .ToList<Exception?>();
    }

    private static Guid RequestIdOf(object message) => message switch
    {
        DeskItemsReceived m => m.RequestId,
        DeskReceiptAcknowledged m => m.RequestId,
        _ => throw new ArgumentException($"Not a desk report: {message.GetType().Name}", nameof(message)),
    };

    private static void Apply(JointRequest request, object message)
    {
        switch (message)
        {
            case DeskItemsReceived m:
                foreach (var receipt in m.Receipts)
                {
                    request.RecordReceipt(Enum.Parse<Committee>(receipt.Committee), m.Version, receipt.Digest, receipt.ReceivedAt);
                }
                break;
            case DeskReceiptAcknowledged m:
                request.RecordAcknowledgement(Enum.Parse<Committee>(m.Committee), m.Version, m.Digest, m.AcknowledgedBy, m.AcknowledgedAt);
                break;
        }
    }
}
