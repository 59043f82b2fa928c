using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.Publication.Api;

/// <summary>
/// Who may do what in the publication protocol, by name. Committee secretariats upload their own committee's
/// adopted text; chairs and secretariats send it to their principal (MIT: SG SZW, OMT: VWS); MIT expert members add
/// reflections; only the SZW publication officer records parliament, a committee's silence, publication and
/// withdrawal. Everyone else is refused (PermissionDenied). Reading published documents needs no policy: it is the
/// anonymous PublicRecords service.
/// </summary>
internal static class PublicationPolicies
{
    public const string ReadDossiers = nameof(ReadDossiers);
    public const string UploadReflection = nameof(UploadReflection);
    public const string UploadWorkProgramme = nameof(UploadWorkProgramme);
    public const string PublicationOfficer = nameof(PublicationOfficer);
    /// <summary>Any of the per-committee rules below; checked before a dossier is loaded.</summary>
    public const string UploadAdviceAny = nameof(UploadAdviceAny);
    public const string SendToPrincipalAny = nameof(SendToPrincipalAny);
    public const string CorrectAny = nameof(CorrectAny);
    /// <summary>The ministries answer for the cabinet: SZW (its publication officer) and VWS (a VWS delegate).</summary>
    public const string RecordCabinetResponse = nameof(RecordCabinetResponse);

    public static string UploadAdvice(Committee committee) => "UploadAdvice:" + committee;

    public static string SendToPrincipal(Committee committee) => "SendToPrincipal:" + committee;

    private static readonly string[] MitRoles = [PlatformRoles.MitChair, PlatformRoles.MitMember, PlatformRoles.MitExpertMember, PlatformRoles.MitSecretariat];
    private static readonly string[] OmtRoles = [PlatformRoles.OmtChair, PlatformRoles.OmtSecretary, PlatformRoles.OmtMember];

    public static bool IsPublicationOfficer(Caller c) => c.HasRole(PlatformRoles.PublicationOfficer) && c.Organisation == "SZW";

    private static bool IsVwsDelegate(Caller c) => c.HasRole(PlatformRoles.VwsDelegate) && c.Organisation == "VWS";

    /// <summary>The ministry a cabinet response is recorded for: "SZW" or "VWS".</summary>
    public static string MinistryOf(Caller c) => IsPublicationOfficer(c) ? "SZW" : "VWS";

    /// <summary>Sees both committees' advice: the publication officer and the MIT's principal.</summary>
    public static bool SeesAll(Caller c) => IsPublicationOfficer(c) || c.HasRole(PlatformRoles.SecretaryGeneralSzw);

    /// <summary>The committee a member reads as: another committee's advice stays sealed for them.</summary>
    public static Committee? CommitteeOf(Caller c) =>
        c.HasAnyRole(MitRoles) ? Committee.MIT : c.HasAnyRole(OmtRoles) ? Committee.OMT : null;

    /// <summary>Who uploads (and corrects) a document of this type and committee.</summary>
    public static bool MayAuthor(Caller c, DocumentType type, Committee? committee) => type switch
    {
        DocumentType.Advice when committee == Committee.OMT => c.HasRole(PlatformRoles.OmtSecretary),
        DocumentType.Advice or DocumentType.WorkProgramme => c.HasRole(PlatformRoles.MitSecretariat),
        DocumentType.Reflection => c.HasRole(PlatformRoles.MitExpertMember),
        _ => false,
    };

    public static readonly PolicyTable Table = new(new Dictionary<string, Func<Caller, bool>>
    {
        [ReadDossiers] = c => SeesAll(c) || CommitteeOf(c) is not null,
        [UploadAdvice(Committee.MIT)] = c => c.HasRole(PlatformRoles.MitSecretariat),
        [UploadAdvice(Committee.OMT)] = c => c.HasRole(PlatformRoles.OmtSecretary),
        [UploadAdviceAny] = c => c.HasAnyRole(PlatformRoles.MitSecretariat, PlatformRoles.OmtSecretary),
        [UploadReflection] = c => c.HasRole(PlatformRoles.MitExpertMember),
        [UploadWorkProgramme] = c => c.HasRole(PlatformRoles.MitSecretariat),
        [SendToPrincipal(Committee.MIT)] = c => c.HasAnyRole(PlatformRoles.MitChair, PlatformRoles.MitSecretariat),
        [SendToPrincipal(Committee.OMT)] = c => c.HasAnyRole(PlatformRoles.OmtChair, PlatformRoles.OmtSecretary),
        [SendToPrincipalAny] = c => c.HasAnyRole(PlatformRoles.MitChair, PlatformRoles.MitSecretariat, PlatformRoles.OmtChair, PlatformRoles.OmtSecretary),
        [CorrectAny] = c => c.HasAnyRole(PlatformRoles.MitSecretariat, PlatformRoles.OmtSecretary, PlatformRoles.MitExpertMember),
        [PublicationOfficer] = IsPublicationOfficer,
        [RecordCabinetResponse] = c => IsPublicationOfficer(c) || IsVwsDelegate(c),
    });
}
