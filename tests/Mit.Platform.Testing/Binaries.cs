namespace Mit.Platform.Testing;

/// <summary>Locates server executables from OS packages.</summary>
internal static class Binaries
{
    /// <summary>The first of <paramref name="preferred"/>, then <paramref name="name"/> on PATH, that exists (broken links skipped).</summary>
    public static string? Find(string name, params string[] preferred)
        => preferred.Concat(OnPath(name)).FirstOrDefault(path => RealPath(path) is not null);

    public static string? FindOnPath(string name) => Find(name);

    /// <summary>
    /// The file a path finally links to, or null if missing. Only for inspecting: run the original path,
    /// since multi-call binaries pick their role from it (Debian's redis-server links to redis-check-rdb).
    /// </summary>
    public static string? RealPath(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        return File.Exists(target) ? target : null;
    }

    private static IEnumerable<string> OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name));
}
