using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.BuildingBlocks.Messaging;

public static class Inbox
{
    /// <summary>
    /// True the first time this consumer sees this message; the inbox row is saved with the consumer's own
    /// changes, so a redelivery after a crash is either fully applied or not at all.
    /// </summary>
    public static async Task<bool> FirstDeliveryAsync(this PlatformDbContext db, Guid? messageId, string consumer, DateTimeOffset now, CancellationToken ct)
    {
        var id = messageId ?? throw new InvalidOperationException("Platform messages always carry a message id.");
        if (await db.InboxRecords.AnyAsync(r => r.MessageId == id && r.Consumer == consumer, ct))
        {
            return false;
        }
        db.InboxRecords.Add(new InboxRecord { MessageId = id, Consumer = consumer, ProcessedAt = now });
        return true;
    }
}
