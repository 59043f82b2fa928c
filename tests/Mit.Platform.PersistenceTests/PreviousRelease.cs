using System.Text;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// The databases as release 1a34e51 (the last without migrations) created and filled them: its EnsureCreated schema and
/// rows its code wrote, dumped with sqlite3 .dump and pg_dump (Releases/1a34e51/README.md says how they were made).
/// </summary>
internal static class PreviousRelease
{
    public const string Commit = "1a34e51";

    public static readonly Guid ReleasedRequest = new("a1a1a1a1-0000-4000-8000-000000000001");
    public static readonly Guid DraftRequest = new("a1a1a1a1-0000-4000-8000-000000000002");
    public static readonly Guid Briefing = new("b2b2b2b2-0000-4000-8000-000000000001");
    public static readonly Guid WorkProgramme = new("c3c3c3c3-0000-4000-8000-000000000001");
    public static readonly Guid InboxMessage = new("d4d4d4d4-0000-4000-8000-000000000001");

    /// <summary>The Briefings master key the fixture's content was sealed with (test data only).</summary>
    public static readonly byte[] MasterKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public const string BriefingText = "Confidential: R is 1.3 and rising.";

    /// <summary>The fixture's clock: every row was written at or before this instant.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    public static string Script(string provider, string service) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Releases", Commit, provider, service + ".sql"), Encoding.UTF8);
}
