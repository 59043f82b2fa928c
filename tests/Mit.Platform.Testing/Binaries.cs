namespace Mit.Platform.Testing;

/// <summary>Locates server executables from OS packages.</summary>
internal static class Binaries
{
    /// <summary>First existing path among <paramref name="preferred"/>, else <paramref name="name"/> on PATH, else null.</summary>
    public static string? Find(string name, params string[] preferred)
        => preferred.FirstOrDefault(File.Exists) ?? FindOnPath(name);

    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
