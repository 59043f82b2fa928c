using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.Identity.Domain;

/// <summary>
/// Fictional demo users, seeded only in the Development environment (never in Production). Every persona has
/// the development password below; Production starts with no users at all.
/// </summary>
public static class DemoPersonas
{
    public const string Password = "demo-only-password";

    public sealed record Persona(string UserName, string DisplayName, string Organisation, params string[] Roles);

    public static readonly IReadOnlyList<Persona> All =
    [
        new("szw-requester", "Sanne Voorbeeld (policy officer SZW, demo)", "SZW", PlatformRoles.Requester),
        new("szw-minister", "Minister of SZW (demo)", "SZW", PlatformRoles.SzwMinister),
        new("sg-szw", "Secretary-General SZW (demo)", "SZW", PlatformRoles.SecretaryGeneralSzw),
        new("vws-requester", "Victor Voorbeeld (policy officer VWS, demo)", "VWS", PlatformRoles.Requester),
        new("vws-minister", "Minister of VWS (demo)", "VWS", PlatformRoles.VwsMinister),
        new("vws-delegate", "Delegate of the VWS minister (demo)", "VWS", PlatformRoles.VwsDelegate),
        new("omt-chair", "OMT chair (demo)", "RIVM", PlatformRoles.OmtChair),
        new("omt-secretary", "OMT secretary (demo)", "RIVM", PlatformRoles.OmtSecretary),
        new("omt-member", "OMT member (demo)", "RIVM", PlatformRoles.OmtMember),
        new("mit-chair", "MIT chair (demo)", "SCP", PlatformRoles.MitChair),
        new("mit-member", "MIT member (demo)", "SCP", PlatformRoles.MitMember),
        new("mit-expert", "MIT expert member, CPB seat (demo)", "CPB", PlatformRoles.MitExpertMember),
        new("mit-secretariat", "MIT secretariat staff (demo)", "SCP", PlatformRoles.MitSecretariat),
        new("cpo", "Chief Preparedness Officer (demo)", "SCP", PlatformRoles.StandbyCoordinator),
        new("szw-publication", "Publication officer SZW (demo)", "SZW", PlatformRoles.PublicationOfficer),
        new("operator", "Platform operator (demo)", "PLATFORM", PlatformRoles.Operator),
        new("auditor", "Auditor (demo)", "ADR", PlatformRoles.Auditor),
    ];
}
