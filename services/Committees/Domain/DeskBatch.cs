using Mit.Platform.Contracts;

namespace Mit.Platform.Committees.Domain;

/// <summary>One message for the desks, by its message id.</summary>
public sealed record DeskDelivery(Guid MessageId, object Message);

/// <summary>A desk's position counter: the last position taken, so a batch takes its positions at once.</summary>
public sealed class DeskCounter
{
    public Committee Committee { get; init; }
    public long LastPosition { get; set; }
}

/// <summary>What the store already holds that a batch depends on.</summary>
/// <param name="Processed">Message ids this consumer already applied (the inbox).</param>
/// <param name="Released">The released versions already on each desk, of the requests the batch is about.</param>
/// <param name="LastPositions">Each desk's last position.</param>
public sealed record DeskState(
    IReadOnlySet<Guid> Processed,
    IReadOnlySet<(Committee Desk, Guid RequestId, int Version)> Released,
    IReadOnlyDictionary<Committee, long> LastPositions);

/// <summary>
/// The rules of one batch of desk deliveries, written in one transaction: every desk a message is for gets its entry,
/// all with one received_at; positions follow each desk's last position without a gap; a message already applied
/// (in an earlier batch or earlier in this one) adds nothing, nor does a release a desk has already; an entry about a
/// request whose release is not on the desk yet waits (Deferred: the message is retried), so a link never comes first.
/// </summary>
public sealed class DeskBatch
{
    public static readonly IReadOnlyList<Committee> Desks = [Committee.MIT, Committee.OMT];

    private DeskBatch(List<DeskEntry> entries, List<Guid> applied, List<Guid> deferred, Dictionary<Committee, long> lastPositions)
    {
        Entries = entries;
        Applied = applied;
        Deferred = deferred;
        LastPositions = lastPositions;
    }

    /// <summary>The new entries, in position order per desk.</summary>
    public IReadOnlyList<DeskEntry> Entries { get; }

    /// <summary>The message ids to record in the inbox (each once).</summary>
    public IReadOnlyList<Guid> Applied { get; }

    /// <summary>The message ids that wait for their request's release.</summary>
    public IReadOnlyList<Guid> Deferred { get; }

    /// <summary>Each desk's last position after the batch.</summary>
    public IReadOnlyDictionary<Committee, long> LastPositions { get; }

    /// <summary>The requests the deliveries are about: the batch reads which of their releases each desk has.</summary>
    public static IEnumerable<Guid> RequestsOf(IEnumerable<DeskDelivery> deliveries) => deliveries
        .Select(d => d.Message is JointAdviceRequestReleased r ? r.RequestId : DeskEntry.About(d.Message, Committee.MIT, 0, default)?.RequestId)
        .OfType<Guid>()
        .Distinct();

    public static DeskBatch Plan(IReadOnlyList<DeskDelivery> deliveries, DeskState state, DateTimeOffset receivedAt)
    {
        var entries = new List<DeskEntry>();
        var applied = new List<Guid>();
        var deferred = new List<Guid>();
        var last = Desks.ToDictionary(d => d, d => state.LastPositions.GetValueOrDefault(d));
        var released = new HashSet<(Committee, Guid, int)>(state.Released);
        var seen = new HashSet<Guid>(state.Processed);
        // Releases first: a link or an adoption that came in the same batch as its release lands after it.
        foreach (var delivery in deliveries.OrderBy(d => d.Message is JointAdviceRequestReleased ? 0 : 1))
        {
            if (!seen.Add(delivery.MessageId))
            {
                continue;
            }
            if (delivery.Message is JointAdviceRequestReleased release)
            {
                var desks = Desks.Where(d => released.Add((d, release.RequestId, release.Version))).Select(d => (d, ++last[d])).ToList();
                entries.AddRange(DeskEntry.Received(release, desks, receivedAt));
                applied.Add(delivery.MessageId);
                continue;
            }
            var about = Desks.Select(d => DeskEntry.About(delivery.Message, d, last[d] + 1, receivedAt)).OfType<DeskEntry>().ToList();
            if (about.Any(e => e.FollowsRelease && !released.Any(r => r.Item1 == e.Committee && r.Item2 == e.RequestId)))
            {
                seen.Remove(delivery.MessageId);
                deferred.Add(delivery.MessageId);
                continue;
            }
            foreach (var entry in about)
            {
                last[entry.Committee]++;
            }
            entries.AddRange(about);
            applied.Add(delivery.MessageId);
        }
        return new DeskBatch(entries, applied, deferred, last);
    }
}
