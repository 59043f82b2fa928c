using System.Diagnostics;
using System.Text;

namespace Mit.Platform.Testing;

/// <summary>
/// A long-running server started as a child of the test process. Its stdout/stderr go to a log file
/// (and the last lines are kept in memory for error messages); stopping kills the whole process tree.
/// </summary>
internal sealed class ServerProcess
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private readonly string _name;

    private ServerProcess(string name, Process process, StreamWriter log)
    {
        _name = name;
        _process = process;
        _log = log;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id of the server (for signals).</summary>
    public int Id => _process.Id;

    public static ServerProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        string logPath,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(name, process, log);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns true. Fails early if the server exits, and with a
    /// timeout otherwise; both errors carry the tail of the server output.
    /// </summary>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string? lastError = null;
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{_name} exited with code {_process.ExitCode} during startup.{Describe()}");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                if (await probe(attempt.Token))
                {
                    return;
                }
            }
            catch (Exception e)
            {
                lastError = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"{_name} did not accept connections within {timeout.TotalSeconds:0} s"
            + $" (last error: {lastError ?? "none"}).{Describe()}");
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the server to exit by itself.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Kills the process and every descendant, then releases the log. Safe to call twice.</summary>
    public void Kill()
    {
        KillTree(_process);
        lock (_gate)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }

    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or never started.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Raced with the process exiting.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output arriving after Kill(); only the in-memory tail matters then.
            }
        }
    }

    private string Describe()
    {
        lock (_gate)
        {
            return _tail.Count == 0
                ? " It printed nothing."
                : $"{Environment.NewLine}Last output lines:{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}";
        }
    }
}
