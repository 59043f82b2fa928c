using MassTransit;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.Committees.Messaging;

/// <summary>
/// Puts released requests and links on one committee's desk, each exactly once, at the next position, and tells
/// AdviceRequests when and with which digest it arrived. Each committee has its own consumer and durable queue.
/// </summary>
public abstract class DeskConsumer(Committee committee, CommitteesDbContext db, LiveSignals live, TimeProvider time)
    : IConsumer<JointAdviceRequestReleased>, IConsumer<AdviceRequestLinked>, IConsumer<CommitteeAdviceAdopted>, IConsumer<CommitteeAdviceRevealed>,
      IConsumer<UnsolicitedAdviceSent>, IConsumer<UnsolicitedAdvicePublished>
{
    private string Name => $"committees.desk-{committee}";

    public async Task Consume(ConsumeContext<JointAdviceRequestReleased> context)
    {
        var receivedAt = time.GetUtcNow();
        var m = context.Message;
        if (!await db.FirstDeliveryAsync(context.MessageId, Name, receivedAt, context.CancellationToken)
            || await db.DeskEntries.AnyAsync(d => d.Committee == committee && d.RequestId == m.RequestId && d.Version == m.Version && d.Kind == DeskEntryKind.Released, context.CancellationToken))
        {
            return;
        }
        db.DeskEntries.Add(DeskEntry.Received(committee, await NextPositionAsync(context.CancellationToken), m, receivedAt));
        await db.SaveChangesAsync(context.CancellationToken);
        live.Raise(DeskTopics.Of(committee));
    }

    public Task Consume(ConsumeContext<AdviceRequestLinked> context) => AppendAsync(context, (m, position, receivedAt) => new DeskEntry
    {
        Committee = committee,
        Position = position,
        Kind = DeskEntryKind.Linked,
        RequestId = m.RequestId,
        RelatedRequestId = m.RelatedRequestId,
        ExternalReference = m.ExternalReference,
        Note = m.Note,
        ReceivedAt = receivedAt,
    });

    public Task Consume(ConsumeContext<CommitteeAdviceAdopted> context) => AppendAsync(context, (m, position, receivedAt) =>
    {
        var adopter = Enum.Parse<Committee>(m.Committee);
        return new DeskEntry
        {
            Committee = committee,
            Position = position,
            Kind = DeskEntryKind.AdviceAdopted,
            RequestId = m.RequestId,
            AdviceCommittee = adopter,
            // Sealed: the other committee learns that, not what, until the reveal.
            Digest = adopter == committee ? m.DocumentDigest : "",
            Late = m.Late,
            Note = m.Late ? LateNote(adopter) : null,
            ReceivedAt = receivedAt,
        };
    });

    public Task Consume(ConsumeContext<CommitteeAdviceRevealed> context) => AppendAsync(context, (m, position, receivedAt) => new DeskEntry
    {
        Committee = committee,
        Position = position,
        Kind = DeskEntryKind.AdviceRevealed,
        RequestId = m.RequestId,
        Note = "Revealed to the ministries: " + string.Join(", ", m.Committees),
        ReceivedAt = receivedAt,
    });

    // Unsolicited advice of the other committee: neither committee learns late what the other told the cabinet.
    public Task Consume(ConsumeContext<UnsolicitedAdviceSent> context) => AppendAsync(context, (m, position, receivedAt) => new DeskEntry
    {
        Committee = committee,
        Position = position,
        Kind = DeskEntryKind.UnsolicitedSent,
        RequestId = m.AdviceId,
        AdviceCommittee = Enum.Parse<Committee>(m.Committee),
        Title = m.Title,
        Digest = m.DocumentDigest,
        Note = $"Unsolicited advice of the {m.Committee} sent to the {m.Principal} on {m.SentAt:u}.",
        ReceivedAt = receivedAt,
    }, m => m.Committee != committee.ToString());

    public Task Consume(ConsumeContext<UnsolicitedAdvicePublished> context) => AppendAsync(context, (m, position, receivedAt) => new DeskEntry
    {
        Committee = committee,
        Position = position,
        Kind = DeskEntryKind.UnsolicitedPublished,
        RequestId = m.AdviceId,
        AdviceCommittee = Enum.Parse<Committee>(m.Committee),
        Title = m.Title,
        Digest = m.Sha256,
        Note = m.Summary,
        ExternalReference = m.DocumentId.ToString(),
        ReceivedAt = receivedAt,
    }, m => m.Committee != committee.ToString());

    /// <summary>What a late advice entry says, as the public record does.</summary>
    public static string LateNote(Committee adopter) =>
        $"Late advice of the {adopter}: adopted after the deadline, after the {(adopter == Committee.MIT ? Committee.OMT : Committee.MIT)}'s advice was revealed.";

    /// <summary>One entry per message, at the next position, told to live watchers.</summary>
    /// <param name="forThisDesk">Whether the message belongs on this desk at all.</param>
    private async Task AppendAsync<T>(ConsumeContext<T> context, Func<T, long, DateTimeOffset, DeskEntry> entry, Func<T, bool>? forThisDesk = null) where T : class
    {
        var receivedAt = time.GetUtcNow();
        if (forThisDesk?.Invoke(context.Message) == false || !await db.FirstDeliveryAsync(context.MessageId, Name, receivedAt, context.CancellationToken))
        {
            return;
        }
        db.DeskEntries.Add(entry(context.Message, await NextPositionAsync(context.CancellationToken), receivedAt));
        await db.SaveChangesAsync(context.CancellationToken);
        live.Raise(DeskTopics.Of(committee));
    }

    private async Task<long> NextPositionAsync(CancellationToken ct) =>
        (await db.DeskEntries.Where(d => d.Committee == committee).MaxAsync(d => (long?)d.Position, ct) ?? 0) + 1;
}

public sealed class MitDeskConsumer(CommitteesDbContext db, LiveSignals live, TimeProvider time)
    : DeskConsumer(Committee.MIT, db, live, time);

public sealed class OmtDeskConsumer(CommitteesDbContext db, LiveSignals live, TimeProvider time)
    : DeskConsumer(Committee.OMT, db, live, time);

/// <summary>The live-signal topic of a desk.</summary>
public static class DeskTopics
{
    public static string Of(Committee committee) => "desk:" + committee;
}
