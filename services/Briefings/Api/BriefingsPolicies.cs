using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.Briefings.Api;

/// <summary>Who may call what, by role. Whether a reader may read a particular request's briefings is the gate's (AccessRules).</summary>
internal static class BriefingsPolicies
{
    public const string AddBriefing = nameof(AddBriefing);
    public const string ReadBriefings = nameof(ReadBriefings);
    public const string ProposeSharing = nameof(ProposeSharing);
    public const string DecideConsent = nameof(DecideConsent);
    public const string RevokeConsent = nameof(RevokeConsent);
    public const string ViewSharing = nameof(ViewSharing);
    public const string ReadAudit = nameof(ReadAudit);

    private static bool IsVws(Caller c) => c.HasAnyRole(PlatformRoles.VwsMinister, PlatformRoles.VwsDelegate);

    public static readonly PolicyTable Table = new(new Dictionary<string, Func<Caller, bool>>
    {
        [AddBriefing] = c => c.HasAnyRole(PlatformRoles.OmtChair, PlatformRoles.OmtSecretary),
        [ReadBriefings] = c => AccessRules.IsOmtReader(c.Roles) || AccessRules.IsMitReader(c.Roles),
        [ProposeSharing] = c => c.HasRole(PlatformRoles.OmtChair),
        [DecideConsent] = IsVws,
        [RevokeConsent] = c => c.HasRole(PlatformRoles.OmtChair) || IsVws(c),
        [ViewSharing] = c => AccessRules.IsOmtReader(c.Roles) || AccessRules.IsMitReader(c.Roles) || IsVws(c) || c.HasRole(PlatformRoles.Auditor),
        [ReadAudit] = c => c.HasAnyRole(PlatformRoles.OmtChair, PlatformRoles.Auditor) || IsVws(c),
    });
}
