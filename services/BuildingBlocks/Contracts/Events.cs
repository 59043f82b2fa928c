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
    string CoSigningMinistry,
    IReadOnlyList<ReleasedLink>? Links = null);

/// <summary>A related request or outside reference that was linked when the request was released (none: null).</summary>
public sealed record ReleasedLink(Guid? RelatedRequestId, string? ExternalReference, string? Note, DateTimeOffset LinkedAt);

/// <summary>A related request or an outside reference was linked to a joint request.</summary>
public sealed record AdviceRequestLinked(
    Guid RequestId,
    Guid? RelatedRequestId,
    string? ExternalReference,
    string? Note,
    DateTimeOffset LinkedAt);

/// <summary>
/// A released version was stored on the committee desks, in one transaction: one message per release, with each
/// desk's receipt (both desks, unless one had it already).
/// </summary>
public sealed record DeskItemsReceived(
    Guid RequestId,
    int Version,
    IReadOnlyList<DeskReceipt> Receipts);

/// <summary>What one committee's desk received, and when.</summary>
public sealed record DeskReceipt(string Committee, string Digest, DateTimeOffset ReceivedAt);

/// <summary>A committee's secretariat acknowledged holding a version with this digest.</summary>
public sealed record DeskReceiptAcknowledged(
    Guid RequestId,
    int Version,
    string Committee,
    string Digest,
    string AcknowledgedBy,
    DateTimeOffset AcknowledgedAt);

/// <summary>
/// A committee's composition changed (a seat began or ended, the committee was established or its term changed):
/// every cached membership answer for that committee is stale. Subject is empty when the whole committee changed.
/// </summary>
public sealed record CommitteeMembershipChanged(
    Guid CommitteeId,
    string Committee,
    string Subject,
    string Seat,
    string Change,
    DateOnly EffectiveFrom,
    DateTimeOffset ChangedAt);

/// <summary>One seat as it stood when an advice was adopted.</summary>
public sealed record AdoptionSeat(string Subject, string Name, string Seat, string? Institution, bool HasVote);

/// <summary>How one voting member voted: Choice is "For", "Against" or "Abstain".</summary>
public sealed record AdoptionVote(string Subject, string Choice);

/// <summary>A substitute acting for an expert seat on the request.</summary>
public sealed record AdoptionSubstitute(string Subject, string Institution);

/// <summary>The committee as it stood at the adoption: who sat, who could vote, who voted how, who was absent or conflicted.</summary>
public sealed record AdoptionComposition(
    DateOnly AsOf,
    IReadOnlyList<AdoptionSeat> Seats,
    IReadOnlyList<string> CouldVote,
    IReadOnlyList<AdoptionVote> Votes,
    IReadOnlyList<string> Absent,
    IReadOnlyList<string> Conflicted,
    IReadOnlyList<AdoptionSubstitute> ActingSubstitutes);

/// <summary>
/// A committee adopted its advice on a joint request. Method is "Vote", "UnanimousConsensus" (MIT) or "Consensus"
/// (OMT). The advice stays sealed from the other committee until CommitteeAdviceRevealed. Late: adopted after the
/// seal was lifted at the deadline (the other committee's advice could be read by then); it is revealed at once.
/// </summary>
public sealed record CommitteeAdviceAdopted(
    Guid CommitteeId,
    string Committee,
    Guid RequestId,
    string DocumentDigest,
    string Summary,
    DateTimeOffset AdoptedAt,
    string Method,
    int VotesFor,
    int VotesAgainst,
    int Abstentions,
    string? Dissent,
    AdoptionComposition Composition,
    bool Late = false);

/// <summary>
/// The sealed advice of these committees on a request became visible to the requesting ministries, at one instant:
/// both adopted, or the deadline passed (then Committees lists only those that had adopted).
/// </summary>
public sealed record CommitteeAdviceRevealed(Guid RequestId, IReadOnlyList<string> Committees, DateTimeOffset RevealedAt);

/// <summary>
/// A signal to activate the standby MIT went to the SG SZW. Route is "A1Status", "OmtConvened" or "OwnInitiative";
/// Disease and TriggeredOn are set for A1 status. The SG answers before AnswerDue (14 days).
/// </summary>
public sealed record StandbySignalRaised(
    Guid StandbyId,
    Guid SignalId,
    string Route,
    string? Disease,
    DateOnly? TriggeredOn,
    string Rationale,
    DateTimeOffset RaisedAt,
    DateTimeOffset AnswerDue);

/// <summary>The SG SZW has not answered a standby signal within its 14 days (raised once per signal).</summary>
public sealed record StandbySignalAnswerOverdue(Guid StandbyId, Guid SignalId, DateTimeOffset AnswerDue, DateTimeOffset FlaggedAt);

/// <summary>The SG SZW answered a standby signal: Answer "Yes" or "No" (then with reasons). Signal and answer are published together.</summary>
public sealed record StandbySignalAnswered(
    Guid StandbyId,
    Guid SignalId,
    string Answer,
    string? Reasons,
    DateTimeOffset AnsweredAt,
    bool Late);

/// <summary>
/// A committee adopted unsolicited advice (nobody asked; no seal). Method as for <see cref="CommitteeAdviceAdopted"/>.
/// Publication opens the advice's dossier (its id is AdviceId).
/// </summary>
public sealed record UnsolicitedAdviceAdopted(
    Guid CommitteeId,
    string Committee,
    Guid AdviceId,
    string Title,
    string Question,
    string Reason,
    string DocumentDigest,
    string Summary,
    DateTimeOffset AdoptedAt,
    string Method,
    int VotesFor,
    int VotesAgainst,
    int Abstentions,
    string? Dissent);

/// <summary>Unsolicited advice went to its principal (MIT: the SG SZW, OMT: VWS): the other committee's desk hears of it at once.</summary>
public sealed record UnsolicitedAdviceSent(Guid AdviceId, string Committee, string Title, string DocumentDigest, string Principal, DateTimeOffset SentAt);

/// <summary>Unsolicited advice was published (after parliament had it): its public document and content summary.</summary>
public sealed record UnsolicitedAdvicePublished(Guid AdviceId, string Committee, Guid DocumentId, string Title, string Summary, string Sha256, DateTimeOffset PublishedAt);

/// <summary>A published advice had no cabinet response within the term (raised once per advice document).</summary>
public sealed record CabinetResponseOverdue(Guid DossierId, Guid DocumentId, string Committee, DateTimeOffset AdvisedAt, DateTimeOffset Due, DateTimeOffset FlaggedAt);
