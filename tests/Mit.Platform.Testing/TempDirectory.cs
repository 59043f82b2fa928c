namespace Mit.Platform.Testing;

/// <summary>Private data directories for locally started servers.</summary>
internal static class TempDirectory
{
    public static string Create(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Deletes the directory, retrying briefly: a just-killed server may still be closing files.</summary>
    public static void Delete(string? path)
    {
        if (path is null)
        {
            return;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
