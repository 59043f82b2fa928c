using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.Committees.Domain;

public enum Committee
{
    MIT,
    OMT,
}

public enum DeskEntryKind
{
    Released,
    Linked,
    /// <summary>A committee adopted its advice; on the other committee's desk without digest until the reveal.</summary>
    AdviceAdopted,
    /// <summary>The advice on the request went to the ministries.</summary>
    AdviceRevealed,
    /// <summary>The other committee's unsolicited advice went to its ministry (title, digest; RequestId is the advice's id).</summary>
    UnsolicitedSent,
    /// <summary>That unsolicited advice was published: its summary and the public document.</summary>
    UnsolicitedPublished,
}

/// <summary>A related request or outside reference linked to a request.</summary>
public sealed record DeskLink(Guid? RelatedRequestId, string? ExternalReference, string? Note, DateTimeOffset LinkedAt);

/// <summary>One entry on a committee's desk. Positions are dense and increasing per desk, so a client resumes exactly.</summary>
/// <remarks>A released version's arrival and its acknowledgement are told to AdviceRequests (raised events).</remarks>
public sealed class DeskEntry : IEventSource
{
    private readonly List<RaisedEvent> _events = [];

    public long Id { get; set; }
    public Committee Committee { get; init; }
    public long Position { get; init; }
    public DeskEntryKind Kind { get; init; }
    public Guid RequestId { get; init; }
    public int Version { get; init; }
    public string Digest { get; init; } = "";
    public string Title { get; init; } = "";
    public DateTimeOffset? ReleasedAt { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedDigest { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public Guid? RelatedRequestId { get; init; }
    public string? ExternalReference { get; init; }
    public string? Note { get; init; }
    /// <summary>AdviceAdopted: the committee that adopted.</summary>
    public Committee? AdviceCommittee { get; init; }
    /// <summary>AdviceAdopted: late advice, adopted after the seal was lifted at the deadline.</summary>
    public bool Late { get; init; }
    /// <summary>Released: the links that existed at release.</summary>
    public List<DeskLink> Links { get; init; } = [];

    public IReadOnlyList<RaisedEvent> RaisedEvents => _events;

    public void ClearRaisedEvents() => _events.Clear();

    /// <summary>
    /// A released version arrives on the desks (each at its own next position, one instant): AdviceRequests learns
    /// when, and with which digest, in one message raised on the first of the entries.
    /// </summary>
    public static IReadOnlyList<DeskEntry> Received(JointAdviceRequestReleased release, IReadOnlyList<(Committee Desk, long Position)> desks, DateTimeOffset receivedAt)
    {
        var entries = desks.Select(d => new DeskEntry
        {
            Committee = d.Desk,
            Position = d.Position,
            Kind = DeskEntryKind.Released,
            RequestId = release.RequestId,
            Version = release.Version,
            Digest = release.Digest,
            Title = release.Title,
            ReleasedAt = release.ReleasedAt,
            Deadline = release.Deadline,
            ReceivedAt = receivedAt,
            Links = (release.Links ?? []).Select(l => new DeskLink(l.RelatedRequestId, l.ExternalReference, l.Note, l.LinkedAt)).ToList(),
        }).ToList();
        if (entries.Count > 0)
        {
            var receipts = entries.Select(e => new DeskReceipt(e.Committee.ToString(), e.Digest, receivedAt)).ToList();
            entries[0]._events.Add(new RaisedEvent(new DeskItemsReceived(release.RequestId, release.Version, receipts), receivedAt));
        }
        return entries;
    }

    /// <summary>
    /// The entry another message puts on a desk, or null when the message is not for that desk. A new kind of
    /// entry is one case here (and its event on Topology.DesksQueue, consumed by DeskConsumer).
    /// </summary>
    public static DeskEntry? About(object message, Committee desk, long position, DateTimeOffset receivedAt) => message switch
    {
        AdviceRequestLinked m => new DeskEntry
        {
            Committee = desk,
            Position = position,
            Kind = DeskEntryKind.Linked,
            RequestId = m.RequestId,
            RelatedRequestId = m.RelatedRequestId,
            ExternalReference = m.ExternalReference,
            Note = m.Note,
            ReceivedAt = receivedAt,
        },
        CommitteeAdviceAdopted m => Adopted(m, Enum.Parse<Committee>(m.Committee), desk, position, receivedAt),
        CommitteeAdviceRevealed m => new DeskEntry
        {
            Committee = desk,
            Position = position,
            Kind = DeskEntryKind.AdviceRevealed,
            RequestId = m.RequestId,
            Note = "Revealed to the ministries: " + string.Join(", ", m.Committees),
            ReceivedAt = receivedAt,
        },
        // The other committee's unsolicited advice: neither committee learns late what the other told the cabinet.
        UnsolicitedAdviceSent m when m.Committee != desk.ToString() => new DeskEntry
        {
            Committee = desk,
            Position = position,
            Kind = DeskEntryKind.UnsolicitedSent,
            RequestId = m.AdviceId,
            AdviceCommittee = Enum.Parse<Committee>(m.Committee),
            Title = m.Title,
            Digest = m.DocumentDigest,
            Note = $"Unsolicited advice of the {m.Committee} sent to the {m.Principal} on {m.SentAt:u}.",
            ReceivedAt = receivedAt,
        },
        UnsolicitedAdvicePublished m when m.Committee != desk.ToString() => new DeskEntry
        {
            Committee = desk,
            Position = position,
            Kind = DeskEntryKind.UnsolicitedPublished,
            RequestId = m.AdviceId,
            AdviceCommittee = Enum.Parse<Committee>(m.Committee),
            Title = m.Title,
            Digest = m.Sha256,
            Note = m.Summary,
            ExternalReference = m.DocumentId.ToString(),
            ReceivedAt = receivedAt,
        },
        _ => null,
    };

    /// <summary>Entries about a released request land on a desk only after that release: a link never before its request.</summary>
    public bool FollowsRelease => Kind is DeskEntryKind.Linked or DeskEntryKind.AdviceAdopted or DeskEntryKind.AdviceRevealed;

    /// <summary>What a late advice entry says, as the public record does.</summary>
    public static string LateNote(Committee adopter) =>
        $"Late advice of the {adopter}: adopted after the deadline, after the {(adopter == Committee.MIT ? Committee.OMT : Committee.MIT)}'s advice was revealed.";

    private static DeskEntry Adopted(CommitteeAdviceAdopted m, Committee adopter, Committee desk, long position, DateTimeOffset receivedAt) => new()
    {
        Committee = desk,
        Position = position,
        Kind = DeskEntryKind.AdviceAdopted,
        RequestId = m.RequestId,
        AdviceCommittee = adopter,
        // Sealed: the other committee learns that, not what, until the reveal.
        Digest = adopter == desk ? m.DocumentDigest : "",
        Late = m.Late,
        Note = m.Late ? LateNote(adopter) : null,
        ReceivedAt = receivedAt,
    };

    /// <summary>
    /// Records what the secretariat says it holds. A different digest is recorded as said, not refused:
    /// the mismatch is the alarm the ministries must see.
    /// </summary>
    public void Acknowledge(string digest, string by, DateTimeOffset at)
    {
        if (Kind != DeskEntryKind.Released)
        {
            throw new RuleViolationException("Only a released version can be acknowledged.");
        }
        AcknowledgedDigest = digest;
        AcknowledgedBy = by;
        AcknowledgedAt = at;
        _events.Add(new RaisedEvent(new DeskReceiptAcknowledged(RequestId, Version, Committee.ToString(), digest, by, at), at));
    }

    public bool DigestMatches => AcknowledgedDigest is null || AcknowledgedDigest == Digest;

    public static string ValidDigest(string? digest, string field)
    {
        var d = (digest ?? "").Trim().ToLowerInvariant();
        new Validator().Require(d.Length == 64 && d.All(char.IsAsciiHexDigitLower), field, "must be a SHA-256 digest (64 hexadecimal characters)").ThrowIfInvalid();
        return d;
    }
}
