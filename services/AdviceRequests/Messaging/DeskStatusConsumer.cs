using MassTransit;
using Mit.Platform.AdviceRequests.Data;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Contracts;

namespace Mit.Platform.AdviceRequests.Messaging;

/// <summary>Keeps per committee what its desk received and acknowledged, so both ministries see it.</summary>
public sealed class DeskStatusConsumer(AdviceRequestsDbContext db, TimeProvider time)
    : IConsumer<DeskItemReceived>, IConsumer<DeskReceiptAcknowledged>
{
    private const string Name = "advice-requests.desk-status";

    public Task Consume(ConsumeContext<DeskItemReceived> context) =>
        Apply(context, context.Message.RequestId, (r, m) => r.RecordReceipt(Parse(m.Committee), m.Version, m.Digest, m.ReceivedAt), context.Message);

    public Task Consume(ConsumeContext<DeskReceiptAcknowledged> context) =>
        Apply(context, context.Message.RequestId, (r, m) => r.RecordAcknowledgement(Parse(m.Committee), m.Version, m.Digest, m.AcknowledgedBy, m.AcknowledgedAt), context.Message);

    private async Task Apply<T>(ConsumeContext context, Guid requestId, Action<JointRequest, T> apply, T message)
    {
        var now = time.GetUtcNow();
        if (!await db.FirstDeliveryAsync(context.MessageId, Name, now, context.CancellationToken))
        {
            return;
        }
        var (joint, row) = await db.LoadAsync(requestId, context.CancellationToken);
        apply(joint, message);
        db.Store(joint, row, now);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    private static Committee Parse(string committee) => Enum.Parse<Committee>(committee);
}
