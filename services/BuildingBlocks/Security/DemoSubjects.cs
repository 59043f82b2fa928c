namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// The fixed token subjects of the Development demo personas (Identity seeds the users, Committees seats them in
/// the demo MIT and OMT). Production users get random subjects.
/// </summary>
public static class DemoSubjects
{
    public static string Of(string userName) => "demo-" + userName;
}
