using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.Briefings.Domain;

/// <summary>The kinds of committee seat the gate asks Committees about.</summary>
public enum SeatKind { Chair, Member, ExpertMember, Substitute, Secretariat, Secretary, InvitedExpert }

public enum AccessOutcome
{
    Allowed,
    /// <summary>Neither an OMT nor an MIT reader role.</summary>
    NotAReader,
    NoProposal,
    ConsentPending,
    /// <summary>Refused, revoked, expired or past its end date.</summary>
    ConsentNotStanding,
    NotInAudience,
    NotACurrentMember,
}

/// <summary>Which committee and seats the reader must currently hold for the read to be allowed.</summary>
public sealed record MembershipQuestion(string Committee, IReadOnlyList<SeatKind> Seats)
{
    /// <summary>A stable cache key part: committee and seats in a fixed order.</summary>
    public string Key => Committee + ":" + string.Join(',', Seats.Order());
}

/// <summary>The gate before membership: denied, or allowed if the reader holds one of these seats now.</summary>
public readonly record struct GateStep(AccessOutcome? Denied, MembershipQuestion? Ask);

/// <summary>
/// Who may read a request's briefings. The OMT: its chair, secretary and members, while seated. The MIT: only while a
/// proposal and a consent for this very request stand, the reader's role is in the consented audience, and the reader
/// currently holds a matching MIT seat. Nothing else opens a briefing: not a role alone, not an operator, not another
/// request's consent (the sharing passed in is this request's, or null).
/// </summary>
public static class AccessRules
{
    private static readonly string[] OmtReaders = [PlatformRoles.OmtChair, PlatformRoles.OmtSecretary, PlatformRoles.OmtMember];
    public static readonly string[] MitReaders = [PlatformRoles.MitChair, PlatformRoles.MitMember, PlatformRoles.MitSecretariat, PlatformRoles.MitExpertMember];

    public static bool IsOmtReader(IReadOnlySet<string> roles) => OmtReaders.Any(roles.Contains);

    public static bool IsMitReader(IReadOnlySet<string> roles) => MitReaders.Any(roles.Contains);

    /// <summary>The MIT roles a consent for this audience opens briefings to.</summary>
    public static IReadOnlyList<string> RolesIn(SharingAudience audience) => audience switch
    {
        SharingAudience.MembersAndChair => [PlatformRoles.MitMember, PlatformRoles.MitChair],
        SharingAudience.WithSecretariat => [PlatformRoles.MitMember, PlatformRoles.MitChair, PlatformRoles.MitSecretariat],
        SharingAudience.WithExpertMembers => [PlatformRoles.MitMember, PlatformRoles.MitChair, PlatformRoles.MitSecretariat, PlatformRoles.MitExpertMember],
        _ => [],
    };

    /// <summary>The MIT seat a role stands for: a role only counts while its holder sits in that kind of seat.</summary>
    private static IEnumerable<SeatKind> SeatsOf(string mitRole) => mitRole switch
    {
        PlatformRoles.MitChair => [SeatKind.Chair],
        PlatformRoles.MitMember => [SeatKind.Member],
        PlatformRoles.MitSecretariat => [SeatKind.Secretariat],
        PlatformRoles.MitExpertMember => [SeatKind.ExpertMember, SeatKind.Substitute],
        _ => [],
    };

    public static GateStep Evaluate(IReadOnlySet<string> roles, Sharing? sharing, DateTimeOffset now)
    {
        if (IsOmtReader(roles))
        {
            // The OMT reads its own committee's briefings: any current OMT seat.
            return new GateStep(null, new MembershipQuestion("OMT", []));
        }
        if (!IsMitReader(roles))
        {
            return new GateStep(AccessOutcome.NotAReader, null);
        }
        if (sharing is null || sharing.State is SharingState.None)
        {
            return new GateStep(AccessOutcome.NoProposal, null);
        }
        if (sharing.State == SharingState.Proposed && !sharing.LapsedByDate(now))
        {
            return new GateStep(AccessOutcome.ConsentPending, null);
        }
        if (!sharing.Stands(now) || sharing.Audience is not { } audience)
        {
            return new GateStep(AccessOutcome.ConsentNotStanding, null);
        }
        var admitted = RolesIn(audience).Where(roles.Contains).ToList();
        if (admitted.Count == 0)
        {
            return new GateStep(AccessOutcome.NotInAudience, null);
        }
        return new GateStep(null, new MembershipQuestion("MIT", admitted.SelectMany(SeatsOf).Distinct().ToList()));
    }

    /// <summary>
    /// The membership question the reader will be asked if a consent for the widest audience stands: known from the
    /// roles alone, so it can be looked up while the sharing is read. Null for a caller who reads nothing.
    /// </summary>
    public static MembershipQuestion? LikelyQuestion(IReadOnlySet<string> roles) =>
        IsOmtReader(roles) ? new MembershipQuestion("OMT", [])
        : IsMitReader(roles) ? new MembershipQuestion("MIT", RolesIn(SharingAudience.WithExpertMembers).Where(roles.Contains).SelectMany(SeatsOf).Distinct().ToList())
        : null;

    /// <summary>The final answer once the membership question (if any) is answered.</summary>
    public static AccessOutcome Decide(GateStep step, bool isMember) =>
        step.Denied ?? (isMember ? AccessOutcome.Allowed : AccessOutcome.NotACurrentMember);
}
