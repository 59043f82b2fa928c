using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.BuildingBlocks.Messaging;

public static class Inbox
{
    private static readonly CompiledList<PlatformDbContext, string, List<Guid>, Guid> Processed = new(
        (db, consumer, ids) => db.InboxRecords.Where(r => r.Consumer == consumer && ids.Contains(r.MessageId)).Select(r => r.MessageId));

    /// <summary>
    /// The items of a batch this consumer has not applied yet, in order, each message once (a batch may hold a
    /// redelivery next to its first delivery): one query for the whole batch. The caller adds their inbox rows to the
    /// same SaveChanges as its changes, so a redelivery after a crash finds the batch either fully applied or not at all.
    /// </summary>
    public static async Task<List<T>> FreshAsync<T>(this PlatformDbContext db, string consumer, IEnumerable<T> items, Func<T, Guid> messageId, CancellationToken ct)
    {
        var list = items.ToList();
        var seen = await db.ProcessedAsync(consumer, list.Select(messageId), ct);
        return list.Where(item => seen.Add(messageId(item))).ToList();
    }

    /// <summary>Which of these messages this consumer has applied already: one query.</summary>
    public static async Task<HashSet<Guid>> ProcessedAsync(this PlatformDbContext db, string consumer, IEnumerable<Guid> messageIds, CancellationToken ct) =>
        (await Processed.ToListAsync(db, consumer, messageIds.Distinct().ToList(), ct)).ToHashSet();
}
