using CommitteeKind = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.Committees.Domain.Composition;

public enum SeatKind
{
    /// <summary>MIT and OMT. One at any date. Votes (MIT) / carries the consensus (OMT).</summary>
    Chair,

    /// <summary>MIT: personal capacity, votes. OMT: fixed member.</summary>
    Member,

    /// <summary>MIT only: seat tied to an institution, no vote.</summary>
    ExpertMember,

    /// <summary>MIT only: stands in for one expert seat, and acts only when recorded for a request. No vote.</summary>
    Substitute,

    /// <summary>MIT only: the secretariat (hosted at SCP). No vote; desk access.</summary>
    Secretariat,

    /// <summary>OMT only: the secretary (head of LCI). One at any date.</summary>
    Secretary,

    /// <summary>OMT only: invited per topic or per request. No part in the consensus.</summary>
    InvitedExpert,
}

/// <summary>The five institutions the MIT's expert seats are tied to.</summary>
public enum ExpertInstitution
{
    CPB,
    PBL,
    SCP,
    SER,
    RivmBehaviouralUnit,
}

public static class Seats
{
    public static readonly IReadOnlyList<ExpertInstitution> AllExpertInstitutions = Enum.GetValues<ExpertInstitution>();

    public static bool AllowedIn(CommitteeKind committee, SeatKind seat) => committee switch
    {
        CommitteeKind.MIT => seat is SeatKind.Chair or SeatKind.Member or SeatKind.ExpertMember or SeatKind.Substitute or SeatKind.Secretariat,
        CommitteeKind.OMT => seat is SeatKind.Chair or SeatKind.Secretary or SeatKind.Member or SeatKind.InvitedExpert,
        _ => false,
    };

    /// <summary>
    /// Who takes part in the committee's decision. MIT: the chair and members vote; expert members, substitutes and
    /// the secretariat never do. OMT: it does not vote but seeks consensus among its fixed seats; invited experts
    /// advise and are not part of it.
    /// </summary>
    public static bool HasVote(CommitteeKind committee, SeatKind seat) => committee switch
    {
        CommitteeKind.MIT => seat is SeatKind.Chair or SeatKind.Member,
        CommitteeKind.OMT => seat is SeatKind.Chair or SeatKind.Secretary or SeatKind.Member,
        _ => false,
    };

    /// <summary>Seats only one person holds at any date (per institution for expert seats).</summary>
    public static bool IsSingleHolder(SeatKind seat) => seat is SeatKind.Chair or SeatKind.Secretary or SeatKind.ExpertMember;
}

public static class CompositionLimits
{
    public const int MaxSubjectLength = 200;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxTagLength = 100;
    public const int DefaultTermYears = 2;

    /// <summary>The SG SZW answers an activation signal within two weeks.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromDays(14);
}

public static class CommitteeDates
{
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd");
}
