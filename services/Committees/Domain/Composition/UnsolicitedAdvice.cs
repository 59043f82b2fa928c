namespace Mit.Platform.Committees.Domain.Composition;

/// <summary>
/// Advice nobody asked for (ongevraagd): the committee sets itself a question, says why, and adopts its answer the
/// way it adopts every advice (<see cref="Committee.AdoptUnsolicited"/>). There is no counterpart and so no seal.
/// </summary>
public sealed record UnsolicitedAdvice(
    Guid Id,
    string Title,
    string Question,
    string Reason,
    IReadOnlyList<Guid> RelatedRequests,
    string? WorkProgrammeItem,
    string OpenedBy,
    DateTimeOffset OpenedAt);
