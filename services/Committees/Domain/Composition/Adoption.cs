using Mit.Platform.BuildingBlocks.Domain;
using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.Committees.Domain.Composition;

public enum VoteChoice
{
    For,
    Against,
    Abstain,
}

public enum AdoptionMethod
{
    /// <summary>MIT: voting members voted; more for than against.</summary>
    Vote,

    /// <summary>MIT: every voting member present voted for.</summary>
    UnanimousConsensus,

    /// <summary>OMT: consensus recorded by the chair, dissent noted.</summary>
    Consensus,
}

public sealed record Vote(string Subject, VoteChoice Choice);

/// <summary>
/// How many of the members who may vote on a request must be present and voting (an abstention is a vote):
/// more than Numerator/Denominator of them. The default is a majority (more than 1/2).
/// </summary>
public sealed record QuorumRule(int Numerator, int Denominator)
{
    public static readonly QuorumRule Majority = new(1, 2);

    public bool IsMet(int present, int eligible) => (long)present * Denominator > (long)eligible * Numerator;

    internal void Validate() => new Validator()
        .Require(Denominator > 0 && Numerator >= 0 && Numerator < Denominator, "quorum", "must be a fraction from 0 up to (not including) 1, such as 1/2")
        .ThrowIfInvalid();
}

public sealed record ConflictDeclaration(string Subject, Guid RequestId, string Reason, DateTimeOffset DeclaredAt);

public sealed record InterestDeclaration(string Subject, string Interests, DateOnly DeclaredOn);

/// <summary>A substitute was appointed to act for its expert seat on one request.</summary>
public sealed record SubstituteAction(Guid AppointmentId, string Subject, ExpertInstitution Institution, Guid RequestId, DateOnly On);

public sealed record SeatSnapshot(
    Guid AppointmentId,
    string Subject,
    string Name,
    SeatKind Seat,
    ExpertInstitution? Institution,
    bool AgendaMember,
    bool HasVote,
    DateOnly From,
    DateOnly Until)
{
    internal static SeatSnapshot Of(Appointment a, DateOnly until) =>
        new(a.Id, a.Subject, a.Name, a.Seat, a.Institution, a.AgendaMember, a.HasVote, a.From, until);
}

/// <summary>
/// The committee as it stood when an advice was adopted, kept with the advice: every seat in force that day, who
/// could vote on this request, how each voted, who was absent, who was excluded by a conflict of interest, and
/// which substitutes acted for this request. For an OMT consensus no votes or attendance are recorded.
/// </summary>
public sealed record CompositionSnapshot(
    DateOnly AsOf,
    IReadOnlyList<SeatSnapshot> Seats,
    IReadOnlyList<string> CouldVote,
    IReadOnlyList<Vote> Votes,
    IReadOnlyList<string> Absent,
    IReadOnlyList<string> Conflicted,
    IReadOnlyList<SubstituteAction> ActingSubstitutes);

public sealed record Adoption(
    Guid CommitteeId,
    CommitteeKind Committee,
    Guid RequestId,
    string DocumentDigest,
    string Summary,
    DateTimeOffset AdoptedAt,
    AdoptionMethod Method,
    int VotesFor,
    int VotesAgainst,
    int Abstentions,
    string? RecordedBy,
    string? Dissent,
    CompositionSnapshot Snapshot);

/// <summary>A meeting of the OMT, as its secretary recorded it.</summary>
public sealed record Meeting(Guid Id, DateOnly MetOn, string Topic, Guid? RequestId, string RecordedBy, DateTimeOffset RecordedAt);
