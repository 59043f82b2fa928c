namespace Mit.Platform.Testing;

/// <summary>Answers once per test process whether a Docker engine is usable for Testcontainers.</summary>
internal static class DockerProbe
{
    private static readonly Lazy<Task<bool>> Available = new(ProbeAsync);

    public static Task<bool> IsAvailableAsync() => Available.Value;

    private static async Task<bool> ProbeAsync()
    {
        // `docker info` fails fast when no engine answers; the timeout bounds a hung daemon socket.
        var docker = Binaries.FindOnPath("docker");
        if (docker is null)
        {
            return false;
        }

        var result = await ProcessRunner.RunAsync(docker, ["info"], TimeSpan.FromSeconds(5));
        return result.ExitCode == 0;
    }
}
