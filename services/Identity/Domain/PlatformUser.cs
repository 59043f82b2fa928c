using System.Text.RegularExpressions;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.Identity.Domain;

/// <summary>A person who signs in: one or more roles and one organisation, carried in every token as role and org.</summary>
public sealed partial class PlatformUser
{
    public static readonly IReadOnlySet<string> Organisations = new HashSet<string>(StringComparer.Ordinal)
    {
        "SZW", "VWS", "RIVM", "SCP", "CPB", "PBL", "SER", "ADR", "PLATFORM",
    };

    public required string Subject { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; set; }
    public required string Organisation { get; set; }
    public List<string> Roles { get; set; } = [];
    public string PasswordHash { get; set; } = "";
    public bool Active { get; set; } = true;

    /// <param name="subject">The token subject; a new random one unless given (the demo personas' are fixed, so demo data can name them).</param>
    public static PlatformUser Create(string userName, string displayName, string organisation, IEnumerable<string> roles, string? subject = null)
    {
        var roleList = roles.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        new Validator()
            .Require(UserNamePattern().IsMatch(userName ?? ""), "user_name", "3-64 characters: lower-case letters, digits, '.', '-' or '_'")
            .Require(!string.IsNullOrWhiteSpace(displayName) && displayName.Length <= 200, "display_name", "is required, at most 200 characters")
            .Require(Organisations.Contains(organisation ?? ""), "organisation", "must be one of " + string.Join(", ", Organisations))
            .Require(roleList.Count > 0, "roles", "at least one role")
            .Require(roleList.All(PlatformRoles.All.Contains), "roles", "unknown role; known: " + string.Join(", ", PlatformRoles.All))
            .ThrowIfInvalid();
        return new PlatformUser
        {
            Subject = subject ?? Guid.NewGuid().ToString("n"),
            UserName = userName!,
            DisplayName = displayName.Trim(),
            Organisation = organisation!,
            Roles = roleList,
        };
    }

    [GeneratedRegex("^[a-z0-9._-]{3,64}$")]
    private static partial Regex UserNamePattern();
}
