using System.Diagnostics;
using DotNet.Testcontainers.Containers;
using Xunit;

namespace Mit.Platform.Testing;

/// <summary>
/// A real server for tests: a Testcontainers container when a Docker engine answers, otherwise the OS package's server
/// as a child process with a private data directory. Either way it listens on one fixed loopback port for its whole life,
/// so it can be killed (SIGKILL), stopped (orderly) and started again on the same address with the same data, as the
/// fault tests need. Use as a class/collection fixture, or start one by hand and dispose it.
/// </summary>
public abstract class TestServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _name;
    private readonly TimeSpan _startTimeout;
    private IContainer? _container;
    private ServerProcess? _process;

    protected TestServer(string name, TimeSpan startTimeout)
    {
        _name = name;
        _startTimeout = startTimeout;
    }

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The private directory of the local server (null in a container).</summary>
    protected string? DataDirectory { get; private set; }

    /// <summary>The container's id (null for the local server), for docker exec.</summary>
    protected string? ContainerId => _container?.Id;

    /// <summary>True while the server runs (not killed or stopped).</summary>
    public bool IsRunning { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            Port = FreePort.Next();
            if (await DockerProbe.IsAvailableAsync())
            {
                // A fixed host port (not a random mapping), so a restarted container answers where the clients look.
                _container = BuildContainer(Port);
                await _container.StartAsync();
                Host = _container.Hostname;
                await WaitUntilAnswersAsync();
            }
            else
            {
                DataDirectory = TempDirectory.Create($"mit-{_name}-");
                ExitCleanup.Register(this, () =>
                {
                    ShutDownLocalAsync().GetAwaiter().GetResult();
                    ReleaseLocal();
                });
                await PrepareLocalAsync(DataDirectory);
                await LaunchAsync();
            }
            IsRunning = true;
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: do not leave a half-started server behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        IsRunning = false;
        if (_container is not null)
        {
            await DockerAsync("kill", "--signal", "KILL", _container.Id);
            return;
        }
        _process?.Kill();
        _process = null;
        await AfterKillAsync();
    }

    /// <summary>
    /// Freezes the server (SIGSTOP to it and its children; docker pause): connections stay open and nothing answers, as on a
    /// hung host or a network partition. <see cref="ResumeAsync"/> lets it go on where it was.
    /// </summary>
    public Task PauseAsync() => SignalAsync("STOP", "pause");

    public Task ResumeAsync() => SignalAsync("CONT", "unpause");

    /// <summary>Stops the server in order (what an operator's restart does).</summary>
    public async Task StopAsync()
    {
        IsRunning = false;
        if (_container is not null)
        {
            await DockerAsync("stop", _container.Id);
            return;
        }
        await ShutDownLocalAsync();
    }

    /// <summary>Starts a killed or stopped server again, on the same port with the same data, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (_container is not null)
        {
            await DockerAsync("start", _container.Id);
            await WaitUntilAnswersAsync();
        }
        else
        {
            await LaunchAsync();
        }
        IsRunning = true;
    }

    public async ValueTask DisposeAsync()
    {
        IsRunning = false;
        if (_container is not null)
        {
            await _container.DisposeAsync();
            _container = null;
        }
        await ShutDownLocalAsync();
        ReleaseLocal();
        TempDirectory.Delete(DataDirectory);
        DataDirectory = null;
        ExitCleanup.Unregister(this);
        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The container, publishing the server's port on <paramref name="hostPort"/>.</summary>
    protected abstract IContainer BuildContainer(int hostPort);

    /// <summary>Once, before the first start of the local server: configuration files, initdb, helper processes.</summary>
    protected virtual Task PrepareLocalAsync(string dir) => Task.CompletedTask;

    /// <summary>Starts the local server process (each start, the first and every restart).</summary>
    private protected abstract ServerProcess StartLocal(string dir);

    /// <summary>A real client round trip (login, query, PING): true once the server serves.</summary>
    protected abstract Task<bool> AnswersAsync(CancellationToken cancellationToken);

    /// <summary>Stops the local server in order; bounded, the kill after it is the fallback.</summary>
    protected virtual Task StopLocalInOrderAsync() => Task.CompletedTask;

    /// <summary>After a kill of the local server, until what it leaves behind lets it start again.</summary>
    protected virtual Task AfterKillAsync() => Task.CompletedTask;

    /// <summary>After the last stop: helper processes (epmd) that live as long as the server object.</summary>
    protected virtual void ReleaseLocal()
    {
    }

    private async Task SignalAsync(string signal, string dockerCommand)
    {
        if (_container is not null)
        {
            await DockerAsync(dockerCommand, _container.Id);
            return;
        }
        var pid = _process?.Id ?? throw new InvalidOperationException($"{_name} is not running.");
        var processes = new[] { pid }.Concat(Descendants(pid)).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await ProcessRunner.RunAsync(Binaries.Find("kill", "/bin/kill", "/usr/bin/kill") ?? "kill", ["-" + signal, .. processes], TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_name} failed: {result.Output}");
        }
    }

    /// <summary>Every process below <paramref name="pid"/>, from /proc (Linux).</summary>
    private static IEnumerable<int> Descendants(int pid)
    {
        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var id) ? id : 0)
            .Where(id => id > 0 && ParentOf(id) == pid)
            .ToList();
        return children.Concat(children.SelectMany(Descendants));
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private async Task LaunchAsync()
    {
        // A start that never answered leaves no process behind (a later start would otherwise orphan it).
        _process?.Kill();
        _process = StartLocal(DataDirectory!);
        try
        {
            await _process.WaitUntilReadyAsync(AnswersAsync, _startTimeout);
        }
        catch
        {
            _process.Kill();
            _process = null;
            throw;
        }
    }

    private async Task ShutDownLocalAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            await StopLocalInOrderAsync();
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Kill();
        _process = null;
    }

    private async Task WaitUntilAnswersAsync()
    {
        var clock = Stopwatch.StartNew();
        string? lastError = null;
        while (clock.Elapsed < _startTimeout)
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                if (await AnswersAsync(attempt.Token))
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
        throw new TimeoutException($"{_name} (container) did not answer within {_startTimeout.TotalSeconds:0} s (last error: {lastError ?? "none"}).");
    }

    private static async Task DockerAsync(params string[] arguments)
    {
        var docker = Binaries.FindOnPath("docker") ?? throw new InvalidOperationException("docker is no longer on PATH.");
        var result = await ProcessRunner.RunAsync(docker, arguments, TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed: {result.Output}");
        }
    }
}
