using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mit.Platform.Testing;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P7's figures: the all-in-one host's cold start, and its resident memory idle and under load.</summary>
public sealed record AllInOneResult(
    double ColdStartToTokenSeconds,
    double ColdStartToServingSeconds,
    double ColdStartCpuSeconds,
    double IdleRssMiB,
    double LoadedRssPeakMiB,
    double LoadedRssMedianMiB,
    int LoadCallers,
    double LoadSeconds,
    int LoadReleases,
    double LoadReleasesPerSecond,
    int LoadFailures);

/// <summary>
/// The all-in-one host (`dotnet Mit.Platform.AllInOne.dll`, Development, a fresh temporary data folder, free ports) as a
/// process of its own, started after the cluster is stopped: P7 times its start, then the figures that have an
/// all-in-one column (P1, P3) and the portal's figures (P8, P9) run on it.
/// </summary>
internal sealed class AllInOneProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly Queue<string> _output = new();
    private readonly EventHandler _kill;
    private readonly string _data;

    private AllInOneProcess(Process process, string data, int grpcPort, int webPort)
    {
        Process = process;
        _data = data;
        WebAddress = new Uri($"http://127.0.0.1:{webPort}/");
        Http = new HttpClient { BaseAddress = WebAddress, Timeout = TimeSpan.FromSeconds(30) };
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Tokens = new DemoTokens(Http);
        // If this process dies first (Ctrl+C is handled; a crash is not), the host must not outlive it.
        _kill = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _kill;
    }

    public Process Process { get; }

    /// <summary>CPU time (user + system, all threads) the host has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            Process.Refresh();
            return Process.TotalProcessorTime;
        }
    }

    /// <summary>The gateway's web port: tokens, the portal, the public record's JSON.</summary>
    public Uri WebAddress { get; }
    public HttpClient Http { get; }
    /// <summary>gRPC through the gateway.</summary>
    public GrpcChannel Channel { get; }
    public DemoTokens Tokens { get; }
    public double ColdStartToTokenSeconds { get; private set; }
    public double ColdStartToServingSeconds { get; private set; }
    /// <summary>CPU time (user + system, all threads) the host used until serving: what a busy machine moves less than the wall time.</summary>
    public double ColdStartCpuSeconds { get; private set; }

    /// <summary>Calls through the all-in-one's gateway as a demo persona.</summary>
    public CallInvoker As(string persona) => WithToken(Channel, Tokens.GetAsync(persona, "advice-requests committees publication").GetAwaiter().GetResult());

    /// <summary>Starts the host and returns once a gRPC call through its gateway with a password-grant token succeeded.</summary>
    public static async Task<AllInOneProcess> StartAsync(CancellationToken ct)
    {
        var dll = Locate();
        var data = Path.Combine(Path.GetTempPath(), $"mit-benchmarks-allinone-{Guid.NewGuid():n}");
        Directory.CreateDirectory(data);
        var grpcPort = FreePort.Next();
        var webPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AllInOne__DataDirectory"] = data;
        start.Environment["Gateway__Port"] = grpcPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Gateway__WebPort"] = webPort.ToString(CultureInfo.InvariantCulture);
        // Every browser sign-in and token request of the benchmark comes from 127.0.0.1.
        start.Environment["Gateway__IdentityRateLimit__PermitsPerMinute"] = "1000000";
        start.Environment["Gateway__PublicRateLimit__PermitsPerMinute"] = "1000000";
        start.Environment.Remove("ASPNETCORE_URLS");

        Progress.Log("P7: starting the all-in-one host (Development, fresh data folder)...");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new MeasurementException("P7: could not start the all-in-one host.");
        var host = new AllInOneProcess(process, data, grpcPort, webPort);
        try
        {
            process.OutputDataReceived += (_, e) => host.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            // Cold start: poll for a token, then for a gRPC call with it through the gateway.
            string? token = null;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new MeasurementException($"P7: the all-in-one host exited with code {process.ExitCode} while starting:\n{host.Recent()}");
                }
                if (clock.Elapsed > StartTimeout)
                {
                    throw new MeasurementException($"P7: the all-in-one host did not serve within {StartTimeout.TotalSeconds:0} s:\n{host.Recent()}");
                }
                if (token is null)
                {
                    token = await TryTokenAsync(host.Http, "szw-requester", ct);
                    if (token is not null)
                    {
                        host.ColdStartToTokenSeconds = clock.Elapsed.TotalSeconds;
                    }
                }
                if (token is not null && await TryListAsync(new AdviceRequests.AdviceRequestsClient(WithToken(host.Channel, token)), ct))
                {
                    break;
                }
                await Task.Delay(Poll, ct);
            }
            host.ColdStartToServingSeconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            host.ColdStartCpuSeconds = process.TotalProcessorTime.TotalSeconds;
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host's last lines of output, for a problem report.</summary>
    public string Recent()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
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
            _output.Enqueue(line);
            if (_output.Count > 60)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>Resident memory (VmRSS from /proc/PID/status) in MiB.</summary>
    public double RssMiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _kill;
        Kill();
        await Process.WaitForExitAsync(CancellationToken.None);
        Process.Dispose();
        Channel.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Kill()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task<string?> TryTokenAsync(HttpClient http, string persona, CancellationToken ct)
    {
        try
        {
            return (await DemoTokens.RequestAsync(http, persona, "advice-requests committees", ct)).Token;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<bool> TryListAsync(AdviceRequests.AdviceRequestsClient client, CancellationToken ct)
    {
        try
        {
            await client.ListRequestsAsync(new ListRequestsRequest { PageSize = 1 }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
            return true;
        }
        catch (RpcException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static CallInvoker WithToken(GrpcChannel channel, string token) =>
        channel.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {token}");
            return m;
        });

    /// <summary>The all-in-one's build output in this tool's configuration (the tool's project reference builds it).</summary>
    private static string Locate()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory); // .../bin/{Configuration}/{framework}/
        var framework = bin.Name;
        var configuration = bin.Parent!.Name;
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Mit.Platform.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new MeasurementException("P7: Mit.Platform.sln not found above " + AppContext.BaseDirectory);
        }
        var dll = Path.Combine(root.FullName, "deploy", "AllInOne", "bin", configuration, framework, "Mit.Platform.AllInOne.dll");
        return File.Exists(dll) ? dll : throw new MeasurementException($"P7: build output missing: {dll} (build the solution first).");
    }
}

/// <summary>
/// P7: the all-in-one's cold start (timed by <see cref="AllInOneProcess.StartAsync"/>), its resident memory (VmRSS)
/// idle, then under draft + co-sign pairs from a few closed-loop callers, sampled while it works.
/// </summary>
internal static class AllInOneBenchmark
{
    public static async Task<(AllInOneResult Result, List<string> Problems)> RunAsync(AllInOneProcess host, HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P7: serving after {host.ColdStartToServingSeconds:0.00} s (token after {host.ColdStartToTokenSeconds:0.00} s, {host.ColdStartCpuSeconds:0.00} s of CPU); idle for {options.AllInOneIdle.TotalSeconds:0} s...");
        await Task.Delay(options.AllInOneIdle, ct);
        var idle = host.RssMiB();

        var szw = new AdviceRequests.AdviceRequestsClient(host.As("szw-requester"));
        var vws = new AdviceRequests.AdviceRequestsClient(host.As("vws-requester"));
        Progress.Log($"P7: load: {options.AllInOneCallers} callers drafting and co-signing for {options.AllInOneLoad.TotalSeconds:0} s, sampling VmRSS...");
        var (released, failures, firstFailure, seconds, samples) = await LoadAsync(host, szw, vws, options, ct);

        var problems = new List<string>();
        if (failures > 0)
        {
            problems.Add($"P7: {failures} draft/co-sign calls to the all-in-one host failed under load (first: {firstFailure})");
        }
        if (host.Process.HasExited)
        {
            problems.Add($"P7: the all-in-one host exited with code {host.Process.ExitCode} under load:\n{host.Recent()}");
        }
        var sorted = samples.Order().ToArray();
        return (new AllInOneResult(
            host.ColdStartToTokenSeconds,
            host.ColdStartToServingSeconds,
            host.ColdStartCpuSeconds,
            idle,
            sorted.Length > 0 ? sorted[^1] : double.NaN,
            sorted.Length > 0 ? sorted[sorted.Length / 2] : double.NaN,
            options.AllInOneCallers,
            seconds,
            released,
            released / seconds,
            failures), problems);
    }

    private static async Task<(int Released, int Failures, string? FirstFailure, double Seconds, List<double> RssMiB)> LoadAsync(
        AllInOneProcess host, AdviceRequests.AdviceRequestsClient szw, AdviceRequests.AdviceRequestsClient vws, HarnessOptions options, CancellationToken ct)
    {
        var released = 0;
        var failures = 0;
        string? firstFailure = null;
        var samples = new List<double>();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested && !host.Process.HasExited)
            {
                samples.Add(host.RssMiB());
                try
                {
                    await Task.Delay(250, done.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.AllInOneCallers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < options.AllInOneLoad && !host.Process.HasExited; i++)
            {
                try
                {
                    var draft = await Requests.DraftOneAsync(szw, $"P7 caller {caller}", i, ct);
                    var result = await Requests.CoSignAsync(vws, draft, ct);
                    if (result.Error is null)
                    {
                        Interlocked.Increment(ref released);
                        continue;
                    }
                    Interlocked.CompareExchange(ref firstFailure, result.Error, null);
                }
                catch (RpcException e) when (!ct.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstFailure, $"{e.StatusCode}: {e.Status.Detail}", null);
                }
                Interlocked.Increment(ref failures);
            }
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await sampler;
        return (released, failures, firstFailure, seconds, samples);
    }
}
