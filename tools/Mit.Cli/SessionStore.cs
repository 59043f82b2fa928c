using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mit.Cli;

/// <summary>What `mit login` keeps: the tokens, and the identity service that issued them (refreshes go there).</summary>
internal sealed record Session(
    [property: JsonPropertyName("identity")] string Identity,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Session))]
internal sealed partial class SessionJson : JsonSerializerContext;

/// <summary>
/// The session file: $XDG_CONFIG_HOME/mit/session.json, else ~/.config/mit/session.json. It holds a refresh token,
/// so on Unix the folder is 0700 and the file 0600 (only its owner can read it).
/// </summary>
internal static class SessionStore
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string FilePath { get; } = Locate();

    public static Session? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(FilePath), SessionJson.Default.Session) is { AccessToken.Length: > 0 } session ? session : null;
        }
        catch (JsonException e)
        {
            throw new CliException($"The session file {FilePath} is damaged ({e.Message}); sign in again with `mit login` (or remove it with `mit logout`).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read the session file {FilePath}: {e.Message}");
        }
    }

    /// <summary>Written to a temporary file first and then moved over the old one, so a reader never sees half a file.</summary>
    public static void Save(Session session)
    {
        try
        {
            Write(session);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot store the session in {FilePath}: {e.Message}");
        }
    }

    private static void Write(Session session)
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            // Private from the moment it exists, not only after the write.
            options.UnixCreateMode = OwnerOnlyFile;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, session, SessionJson.Default.Session);
        }
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode is only applied to a new file (and the umask may narrow it): set the mode explicitly.
            File.SetUnixFileMode(temporary, OwnerOnlyFile);
        }
        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <summary>True when there was a session to remove.</summary>
    public static bool Delete()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }
        try
        {
            File.Delete(FilePath);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot remove the session file {FilePath}: {e.Message}");
        }
    }

    private static string Locate()
    {
        // The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and ignored.
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var config = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "mit", "session.json");
    }
}
