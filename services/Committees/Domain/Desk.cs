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

    /// <summary>A released version arrives on the desk: AdviceRequests learns when, and with which digest.</summary>
    public static DeskEntry Received(Committee committee, long position, JointAdviceRequestReleased release, DateTimeOffset receivedAt)
    {
        var entry = new DeskEntry
        {
            Committee = committee,
            Position = position,
            Kind = DeskEntryKind.Released,
            RequestId = release.RequestId,
            Version = release.Version,
            Digest = release.Digest,
            Title = release.Title,
            ReleasedAt = release.ReleasedAt,
            Deadline = release.Deadline,
            ReceivedAt = receivedAt,
            Links = (release.Links ?? []).Select(l => new DeskLink(l.RelatedRequestId, l.ExternalReference, l.Note, l.LinkedAt)).ToList(),
        };
        entry._events.Add(new RaisedEvent(new DeskItemReceived(release.RequestId, release.Version, committee.ToString(), release.Digest, receivedAt), receivedAt));
        return entry;
    }

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
