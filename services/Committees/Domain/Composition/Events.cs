namespace Mit.Platform.Committees.Domain.Composition;

// Event records raised by the composition aggregates, for the outbox. The integration contracts in
// Mit.Platform.Contracts (CommitteeMembershipChanged, CommitteeAdviceAdopted, ActivationSignalRaised, ...) are mapped
// from these. Committees travel as "MIT"/"OMT"; enums as their names. No advice content: digests and times only.

public sealed record CommitteeEstablished(Guid CommitteeId, string Committee, string DecreeReference, DateOnly TermStart, DateOnly TermEnd, DateTimeOffset DecidedAt);

public sealed record CommitteeTermExtended(Guid CommitteeId, string Committee, DateOnly PreviousEnd, DateOnly NewEnd, DateTimeOffset DecidedAt);

/// <summary>Change is "Appointed" or "Ended"; EffectiveFrom is the first day of the new situation (for an end: the day after the last day).</summary>
public sealed record MembershipChanged(Guid CommitteeId, string Committee, Guid AppointmentId, string Subject, string Seat, string Change, DateOnly EffectiveFrom);

public sealed record InterestsDeclared(Guid CommitteeId, string Committee, string Subject, DateOnly DeclaredOn);

public sealed record ConflictOfInterestDeclared(Guid CommitteeId, string Committee, string Subject, Guid RequestId, DateTimeOffset DeclaredAt);

public sealed record SubstituteActing(Guid CommitteeId, string Committee, Guid AppointmentId, string Subject, string Institution, Guid RequestId, DateOnly On);

public sealed record AdviceAdopted(
    Guid CommitteeId,
    string Committee,
    Guid RequestId,
    string DocumentDigest,
    DateTimeOffset AdoptedAt,
    string Method,
    int VotesFor,
    int VotesAgainst,
    int Abstentions,
    bool DissentNoted,
    CompositionSnapshot Snapshot);

/// <summary>The sealed advice of these committees became visible to the requesting ministries (and each other).</summary>
public sealed record AdviceRevealed(Guid RequestId, DateTimeOffset RevealedAt, IReadOnlyList<string> Committees);

public sealed record ActivationSignalRaised(
    Guid StandbyId,
    Guid SignalId,
    string Route,
    string? Disease,
    DateOnly? TriggeredOn,
    string Rationale,
    DateTimeOffset RaisedAt,
    DateTimeOffset AnswerDue);

/// <summary>The SG SZW's answer ("Yes" or "No"); the signal and this answer are then published.</summary>
public sealed record ActivationSignalAnswered(Guid StandbyId, Guid SignalId, string Answer, string? Reasons, string AnsweredBy, DateTimeOffset AnsweredAt, bool Late);

public sealed record StandbyEnded(Guid StandbyId, Guid SignalId, Guid CommitteeId, DateTimeOffset EndedAt);

/// <summary>The SG SZW's answer to a signal is past its 14 days; flagged once.</summary>
public sealed record ActivationSignalOverdue(Guid StandbyId, Guid SignalId, DateTimeOffset AnswerDue, DateTimeOffset FlaggedAt);

/// <summary>A committee adopted its unsolicited advice (no seal: nobody else answers the same question).</summary>
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
