using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Domain;

namespace Mit.Platform.Committees.Api;

/// <summary>Who may change and read the committees' composition, adopt advice and work the standby, by name.</summary>
internal static class CompositionPolicies
{
    public static string ManageComposition(Committee committee) => $"ManageComposition:{committee}";
    public const string ReadComposition = nameof(ReadComposition);
    public const string CheckAnyMembership = nameof(CheckAnyMembership);
    public const string DeclareAsMember = nameof(DeclareAsMember);
    public const string AppointSubstitute = nameof(AppointSubstitute);
    public const string AdoptMitAdvice = nameof(AdoptMitAdvice);
    public const string RecordOmtConsensus = nameof(RecordOmtConsensus);
    public const string ReadAdvice = nameof(ReadAdvice);
    public const string CoordinateStandby = nameof(CoordinateStandby);
    public const string ReadStandby = nameof(ReadStandby);
    public const string AnswerSignal = nameof(AnswerSignal);
    public const string RecordOmtMeeting = nameof(RecordOmtMeeting);
    public const string RecordA1Classification = nameof(RecordA1Classification);
    public const string ReadStandbyInbox = nameof(ReadStandbyInbox);
    public static string OpenUnsolicited(Committee committee) => $"OpenUnsolicited:{committee}";
    /// <summary>Either chair; which one is checked once the advice is found.</summary>
    public const string AdoptUnsolicitedAny = nameof(AdoptUnsolicitedAny);
    public static string AdoptUnsolicited(Committee committee) => committee == Committee.MIT ? AdoptMitAdvice : RecordOmtConsensus;
    /// <summary>Members of either committee; only the owning committee's members find the advice.</summary>
    public const string ReadUnsolicited = nameof(ReadUnsolicited);

    private static readonly string[] MitRoles = [PlatformRoles.MitChair, PlatformRoles.MitMember, PlatformRoles.MitExpertMember, PlatformRoles.MitSecretariat];
    private static readonly string[] OmtRoles = [PlatformRoles.OmtChair, PlatformRoles.OmtSecretary, PlatformRoles.OmtMember];

    public static bool IsMit(Caller c) => c.HasAnyRole(MitRoles);

    public static bool IsOmt(Caller c) => c.HasAnyRole(OmtRoles);

    /// <summary>The requesting ministries: SZW and VWS policy officers, ministers, the SG SZW.</summary>
    public static bool IsMinistry(Caller c) =>
        (c.HasRole(PlatformRoles.Requester) && c.Organisation is "SZW" or "VWS")
        || c.HasAnyRole(PlatformRoles.SzwMinister, PlatformRoles.SecretaryGeneralSzw, PlatformRoles.VwsMinister, PlatformRoles.VwsDelegate);

    public static readonly PolicyTable Table = new(new Dictionary<string, Func<Caller, bool>>
    {
        // The SZW minister establishes the MIT and appoints its chair and members (DOMAIN.md); the OMT is convened
        // by the RIVM-CIb director, its chair.
        [ManageComposition(Committee.MIT)] = c => c.HasRole(PlatformRoles.SzwMinister),
        [ManageComposition(Committee.OMT)] = c => c.HasRole(PlatformRoles.OmtChair),
        // Who sits on the committees is public knowledge within the platform; services ask on behalf of users.
        [ReadComposition] = c => c.HasRole(PlatformRoles.Service) || c.Roles.Any(PlatformRoles.All.Contains),
        [CheckAnyMembership] = c => c.HasAnyRole(PlatformRoles.Service, PlatformRoles.SzwMinister, PlatformRoles.OmtChair, PlatformRoles.MitChair),
        [DeclareAsMember] = c => IsMit(c) || IsOmt(c),
        [AppointSubstitute] = c => c.HasAnyRole(PlatformRoles.MitChair, PlatformRoles.MitSecretariat),
        [AdoptMitAdvice] = c => c.HasRole(PlatformRoles.MitChair),
        [RecordOmtConsensus] = c => c.HasRole(PlatformRoles.OmtChair),
        [ReadAdvice] = c => IsMit(c) || IsOmt(c) || IsMinistry(c),
        [CoordinateStandby] = c => c.HasRole(PlatformRoles.StandbyCoordinator),
        [ReadStandby] = c => c.HasAnyRole(PlatformRoles.StandbyCoordinator, PlatformRoles.SecretaryGeneralSzw, PlatformRoles.SzwMinister),
        [AnswerSignal] = c => c.HasRole(PlatformRoles.SecretaryGeneralSzw),
        [RecordOmtMeeting] = c => c.HasAnyRole(PlatformRoles.OmtSecretary, PlatformRoles.OmtChair),
        // VWS knows of an A1 classification first (Public Health Act).
        [RecordA1Classification] = c => (c.HasRole(PlatformRoles.Requester) && c.Organisation == "VWS") || c.HasAnyRole(PlatformRoles.VwsMinister, PlatformRoles.VwsDelegate),
        [ReadStandbyInbox] = c => c.HasRole(PlatformRoles.StandbyCoordinator),
        [OpenUnsolicited(Committee.MIT)] = c => c.HasAnyRole(PlatformRoles.MitChair, PlatformRoles.MitSecretariat),
        [OpenUnsolicited(Committee.OMT)] = c => c.HasAnyRole(PlatformRoles.OmtChair, PlatformRoles.OmtSecretary),
        [AdoptUnsolicitedAny] = c => c.HasAnyRole(PlatformRoles.MitChair, PlatformRoles.OmtChair),
        [ReadUnsolicited] = c => IsMit(c) || IsOmt(c),
    });
}
