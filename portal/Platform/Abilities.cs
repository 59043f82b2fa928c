using System.Security.Claims;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.V1;
using R = Mit.Platform.BuildingBlocks.Security.PlatformRoles;

namespace Mit.Platform.Portal.Platform;

/// <summary>
/// What the portal offers a user, read from their roles: which pages and buttons to show. This only hides what would
/// be refused anyway; every decision is the services' (a direct URL to an action still meets their refusal).
/// </summary>
public sealed class Abilities(ClaimsPrincipal user)
{
    public bool SignedIn => user.Identity?.IsAuthenticated == true;
    public string Name => user.FindFirst(PlatformClaims.Name)?.Value ?? "";
    public string Organisation => user.FindFirst(PlatformClaims.Organisation)?.Value ?? "";

    private bool Has(params string[] roles) => roles.Any(r => user.HasClaim(PlatformClaims.Role, r));

    public bool IsRequester => Has(R.Requester) && Organisation is "SZW" or "VWS";
    public Ministry Ministry => Organisation switch { "SZW" => Ministry.Szw, "VWS" => Ministry.Vws, _ => Ministry.Unspecified };
    public bool IsMit => Has(R.MitChair, R.MitMember, R.MitExpertMember, R.MitSecretariat);
    public bool IsOmt => Has(R.OmtChair, R.OmtSecretary, R.OmtMember);
    public bool IsVws => Has(R.VwsMinister, R.VwsDelegate);
    public bool IsMinistry => IsRequester || IsVws || Has(R.SzwMinister, R.SecretaryGeneralSzw);

    public bool ReadsRequests => IsRequester || IsMit || IsOmt;
    /// <summary>The desk the user keeps: MIT secretariat and OMT secretary (chairs and members read it too).</summary>
    public Committee? Desk => IsMit ? Committee.Mit : IsOmt ? Committee.Omt : null;
    public bool AcknowledgesReceipt => Has(R.MitSecretariat, R.OmtSecretary);

    public bool AdoptsMitAdvice => Has(R.MitChair);
    public bool RecordsOmtConsensus => Has(R.OmtChair);
    /// <summary>The committee whose unsolicited advice the user may open: its chair or secretariat.</summary>
    public Committee? OpensUnsolicited => Has(R.MitChair, R.MitSecretariat) ? Committee.Mit : Has(R.OmtChair, R.OmtSecretary) ? Committee.Omt : null;
    public bool AdoptsFor(Committee committee) => committee == Committee.Mit ? AdoptsMitAdvice : RecordsOmtConsensus;
    public bool ReadsAdvice => IsMit || IsOmt || IsMinistry;

    public bool AddsBriefings => Has(R.OmtChair, R.OmtSecretary);
    public bool ProposesSharing => Has(R.OmtChair);
    public bool DecidesConsent => IsVws;
    public bool RevokesConsent => Has(R.OmtChair) || IsVws;
    public bool ReadsBriefings => IsMit || IsOmt;
    public bool SeesSharing => IsMit || IsOmt || IsVws || Has(R.Auditor);
    public bool ReadsAudit => Has(R.OmtChair, R.Auditor) || IsVws;

    public bool CoordinatesStandby => Has(R.StandbyCoordinator);
    public bool AnswersSignals => Has(R.SecretaryGeneralSzw);
    public bool ReadsStandby => Has(R.StandbyCoordinator, R.SecretaryGeneralSzw, R.SzwMinister);

    public bool IsPublicationOfficer => Has(R.PublicationOfficer) && Organisation == "SZW";
    public bool ReadsDossiers => IsPublicationOfficer || IsMit || IsOmt || Has(R.SecretaryGeneralSzw);
    public bool UploadsAdvice(Committee committee) => committee == Committee.Mit ? Has(R.MitSecretariat) : Has(R.OmtSecretary);
    public bool SendsToPrincipal(Committee committee) => committee == Committee.Mit ? Has(R.MitChair, R.MitSecretariat) : Has(R.OmtChair, R.OmtSecretary);
    public bool UploadsReflection => Has(R.MitExpertMember);
    /// <summary>SZW's publication officer (MIT advice) and a VWS delegate (OMT advice) record the cabinet's response.</summary>
    public bool RecordsCabinetResponse => IsPublicationOfficer || (Has(R.VwsDelegate) && Organisation == "VWS");
}
