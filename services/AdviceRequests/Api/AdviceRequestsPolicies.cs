using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.AdviceRequests.Api;

/// <summary>Who may do what with joint requests, by name.</summary>
internal static class AdviceRequestsPolicies
{
    public const string DraftJointRequest = nameof(DraftJointRequest);
    public const string CoSignJointRequest = nameof(CoSignJointRequest);
    public const string ChangeJointRequest = nameof(ChangeJointRequest);
    public const string ReadJointRequests = nameof(ReadJointRequests);

    /// <summary>Roles that read released requests: the committees that answer them.</summary>
    private static readonly string[] CommitteeReaders =
    [
        PlatformRoles.MitChair, PlatformRoles.MitMember, PlatformRoles.MitExpertMember, PlatformRoles.MitSecretariat,
        PlatformRoles.OmtChair, PlatformRoles.OmtSecretary, PlatformRoles.OmtMember,
    ];

    /// <summary>A policy officer of SZW or VWS: the two ministries that put joint requests.</summary>
    public static bool IsMinistryRequester(Caller caller) =>
        caller.HasRole(PlatformRoles.Requester) && caller.Organisation is "SZW" or "VWS";

    public static bool IsCommitteeReader(Caller caller) => caller.HasAnyRole(CommitteeReaders);

    /// <summary>The Briefings service (its own client credentials): tells an unknown request from one not released yet.</summary>
    public static bool IsBriefingsService(Caller caller) => caller.HasRole(PlatformRoles.Service) && caller.Subject == PlatformApis.Briefings;

    public static readonly PolicyTable Table = new(new Dictionary<string, Func<Caller, bool>>
    {
        [DraftJointRequest] = IsMinistryRequester,
        [CoSignJointRequest] = IsMinistryRequester,
        [ChangeJointRequest] = IsMinistryRequester,
        [ReadJointRequests] = c => IsMinistryRequester(c) || IsCommitteeReader(c) || IsBriefingsService(c),
    });
}
