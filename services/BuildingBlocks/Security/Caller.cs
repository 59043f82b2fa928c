using System.Security.Claims;
using Grpc.Core;

namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>Claim names carried by every platform token.</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Organisation = "org";
}

/// <summary>The roles the services authorise against.</summary>
public static class PlatformRoles
{
    /// <summary>A policy officer of SZW or VWS who drafts and co-signs joint requests (the org claim says which).</summary>
    public const string Requester = "requester";
    public const string MitChair = "mit-chair";
    public const string MitMember = "mit-member";
    public const string MitSecretariat = "mit-secretariat";
    public const string OmtChair = "omt-chair";
    public const string OmtSecretary = "omt-secretary";
    public const string OmtMember = "omt-member";
    public const string Operator = "operator";
    public const string SecretaryGeneralSzw = "sg-szw";
    public const string VwsMinister = "vws-minister";
    public const string VwsDelegate = "vws-delegate";
    public const string MitExpertMember = "mit-expert-member";
    public const string StandbyCoordinator = "cpo";
    public const string PublicationOfficer = "publication-officer";
    /// <summary>The SZW minister: establishes the MIT, extends its term, appoints its chair and members.</summary>
    public const string SzwMinister = "szw-minister";
    /// <summary>Reads audit logs and traces watermarks; changes nothing.</summary>
    public const string Auditor = "auditor";
    /// <summary>A service calling with its own client credentials.</summary>
    public const string Service = "service";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Requester, MitChair, MitMember, MitSecretariat, OmtChair, OmtSecretary, OmtMember, Operator,
        SecretaryGeneralSzw, VwsMinister, VwsDelegate, MitExpertMember, StandbyCoordinator, PublicationOfficer, SzwMinister, Auditor,
    };
}

/// <summary>The APIs (token audiences and scopes) of the platform: a token names the services it is for.</summary>
public static class PlatformApis
{
    public const string AdviceRequests = "advice-requests";
    public const string Committees = "committees";
    public const string Briefings = "briefings";
    public const string Publication = "publication";

    public static readonly IReadOnlyList<string> All = [AdviceRequests, Committees, Briefings, Publication];
}

/// <summary>Who is calling, read from the validated bearer token.</summary>
public sealed record Caller(string Subject, string Name, IReadOnlySet<string> Roles, string Organisation)
{
    public bool HasRole(string role) => Roles.Contains(role);

    public bool HasAnyRole(params string[] roles) => roles.Any(Roles.Contains);

    public static Caller From(ServerCallContext context) => From(context.GetHttpContext().User);

    public static Caller From(ClaimsPrincipal user)
    {
        var subject = user.FindFirst(PlatformClaims.Subject)?.Value;
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(subject))
        {
            // The authorization middleware refuses unauthenticated calls first; this is the last line.
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid bearer token is required."));
        }
        return new Caller(
            subject,
            user.FindFirst(PlatformClaims.Name)?.Value ?? subject,
            user.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.FindFirst(PlatformClaims.Organisation)?.Value ?? "");
    }
}
