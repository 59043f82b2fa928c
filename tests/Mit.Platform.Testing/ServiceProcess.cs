using System.Diagnostics;
using System.Net;

namespace Mit.Platform.Testing;

/// <summary>One platform service started as its own process (`dotnet Service.dll`) from its build output.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<string> _output = [];
    private Process? _process;

    private readonly bool _http2;

    public ServiceProcess(string name, string project, IReadOnlyDictionary<string, string> environment, int? port = null, bool http2 = true)
    {
        Name = name;
        Port = port ?? FreePort.Next();
        _http2 = http2;
        _dll = Locate(project);
        var settings = new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}" };
        settings.TryAdd("ASPNETCORE_ENVIRONMENT", "Production");
        _environment = settings;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>CPU time (user + system) the process has used so far; for the benchmarks' cost per call.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not started.");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The operating system's id of the running process; for the benchmarks' account of its threads.</summary>
    public int ProcessId => (_process ?? throw new InvalidOperationException($"{Name} is not started.")).Id;

    /// <summary>True between a start and a kill.</summary>
    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        ExitCleanup.Register(this, () => ServerProcess.KillTree(process));
        await WaitUntilReadyAsync();
    }

    /// <summary>Kills the whole process at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        ExitCleanup.Unregister(this);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(60));
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient
        {
            DefaultRequestVersion = _http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(2),
        };
        var until = DateTime.UtcNow.AddSeconds(90);
        var path = Name == "gateway" ? "/health/live" : "/health/ready";
        while (DateTime.UtcNow < until)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting:\n{RecentOutput()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Address, path));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not become ready within 90 s:\n{RecentOutput()}");
    }

    /// <summary>The project's own build output, same configuration as this test assembly.</summary>
    private static string Locate(string project)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory); // tests/X/bin/{Configuration}/net10.0/
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Mit.Platform.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException("Mit.Platform.sln not found above " + AppContext.BaseDirectory);
        }
        var dll = Path.Combine(root.FullName, project, "bin", configuration, framework, Path.GetFileName(project) switch
        {
            "AdviceRequests" => "Mit.Platform.AdviceRequests.dll",
            "Committees" => "Mit.Platform.Committees.dll",
            "Briefings" => "Mit.Platform.Briefings.dll",
            "Identity" => "Mit.Platform.Identity.dll",
            "Publication" => "Mit.Platform.Publication.dll",
            "portal" => "Mit.Platform.Portal.dll",
            _ => "Mit.Platform.Gateway.dll",
        });
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build output missing: {dll} (build the solution first).");
    }
}
