using System.Diagnostics;

namespace Mit.Platform.Testing;

/// <summary>Runs a short-lived command (initdb, pg_ctl, rabbitmqctl, docker info) with a bounded wait.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs the command; on timeout kills its process tree and returns exit code -1.</summary>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timer = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timer.Token);
        var stderr = process.StandardError.ReadToEndAsync(timer.Token);
        try
        {
            await process.WaitForExitAsync(timer.Token);
            // A grandchild may keep the pipes open after the command exited; the token bounds that too.
            var output = await stdout + await stderr;
            return new Result(process.ExitCode, output);
        }
        catch (OperationCanceledException)
        {
            ServerProcess.KillTree(process);
            return new Result(-1, $"{fileName} timed out after {timeout.TotalSeconds:0} s.");
        }
    }
}
