namespace Mit.Platform.Contracts;

// Integration events: past-tense facts with ids, digests and times; never confidential content.
// Committees and ministries travel as their short codes ("MIT", "OMT", "SZW", "VWS").

/// <summary>A version of a joint request was co-signed and released to both committees at one instant.</summary>
public sealed record JointAdviceRequestReleased(
    Guid RequestId,
    int Version,
    string Digest,
    string Title,
    bool Urgent,
    DateTimeOffset ReleasedAt,
    DateTimeOffset Deadline,
    string DraftingMinistry,
    string CoSigningMinistry);

/// <summary>A related request or an outside reference was linked to a joint request.</summary>
public sealed record AdviceRequestLinked(
    Guid RequestId,
    Guid? RelatedRequestId,
    string? ExternalReference,
    string? Note,
    DateTimeOffset LinkedAt);

/// <summary>A committee desk stored a released version.</summary>
public sealed record DeskItemReceived(
    Guid RequestId,
    int Version,
    string Committee,
    string Digest,
    DateTimeOffset ReceivedAt);

/// <summary>A committee's secretariat acknowledged holding a version with this digest.</summary>
public sealed record DeskReceiptAcknowledged(
    Guid RequestId,
    int Version,
    string Committee,
    string Digest,
    string AcknowledgedBy,
    DateTimeOffset AcknowledgedAt);
