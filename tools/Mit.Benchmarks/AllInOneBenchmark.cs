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
    double IdleRssMiB,
    double LoadedRssPeakMiB,
    double LoadedRssMedianMiB,
    int LoadCallers,
    double LoadSeconds,
    int LoadReleases,
    double LoadReleasesPerSecond,
    int LoadFailures);

/// <summary>
/// P7: starts the all-in-one host (`dotnet Mit.Platform.AllInOne.dll`, Development, a fresh temporary data folder,
/// free ports) as a process of its own, times how long until a gRPC call through its gateway with a password-grant
/// token from its web port succeeds, reads its resident memory (VmRSS) idle, then drives it with draft + co-sign
/// pairs from a few closed-loop callers and samples VmRSS while it works. Runs after the cluster is stopped.
/// </summary>
internal static class AllInOneBenchmark
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task<(AllInOneResult Result, List<string> Problems)> RunAsync(HarnessOptions options, CancellationToken ct)
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
        start.Environment.Remove("ASPNETCORE_URLS");

        var output = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 60)
                {
                    output.Dequeue();
                }
            }
        }
        string Recent()
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }

        Progress.Log("P7: starting the all-in-one host (Development, fresh data folder)...");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new MeasurementException("P7: could not start the all-in-one host.");
        // If this process dies first (Ctrl+C is handled; a crash is not), the host must not outlive it.
        EventHandler kill = (_, _) => Kill(process);
        AppDomain.CurrentDomain.ProcessExit += kill;
        try
        {
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var web = new Uri($"http://127.0.0.1:{webPort}/");
            using var http = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(10) };
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

            // Cold start: poll for a token, then for a gRPC call with it through the gateway.
            string? szwToken = null;
            double toToken = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new MeasurementException($"P7: the all-in-one host exited with code {process.ExitCode} while starting:\n{Recent()}");
                }
                if (clock.Elapsed > StartTimeout)
                {
                    throw new MeasurementException($"P7: the all-in-one host did not serve within {StartTimeout.TotalSeconds:0} s:\n{Recent()}");
                }
                if (szwToken is null)
                {
                    szwToken = await TryTokenAsync(http, "szw-requester", ct);
                    if (szwToken is not null)
                    {
                        toToken = clock.Elapsed.TotalSeconds;
                    }
                }
                if (szwToken is not null && await TryListAsync(new AdviceRequests.AdviceRequestsClient(WithToken(channel, szwToken)), ct))
                {
                    break;
                }
                await Task.Delay(Poll, ct);
            }
            var toServing = clock.Elapsed.TotalSeconds;
            Progress.Log($"P7: serving after {toServing:0.00} s (token after {toToken:0.00} s); idle for {options.AllInOneIdle.TotalSeconds:0} s...");

            await Task.Delay(options.AllInOneIdle, ct);
            var idle = RssMiB(process);

            var vwsToken = await TryTokenAsync(http, "vws-requester", ct)
                ?? throw new MeasurementException("P7: no token for vws-requester from the all-in-one host.");
            var szw = new AdviceRequests.AdviceRequestsClient(WithToken(channel, szwToken));
            var vws = new AdviceRequests.AdviceRequestsClient(WithToken(channel, vwsToken));
            Progress.Log($"P7: load: {options.AllInOneCallers} callers drafting and co-signing for {options.AllInOneLoad.TotalSeconds:0} s, sampling VmRSS...");
            var (released, failures, firstFailure, seconds, samples) = await LoadAsync(process, szw, vws, options, ct);

            var problems = new List<string>();
            if (failures > 0)
            {
                problems.Add($"P7: {failures} draft/co-sign calls to the all-in-one host failed under load (first: {firstFailure})");
            }
            if (process.HasExited)
            {
                problems.Add($"P7: the all-in-one host exited with code {process.ExitCode} under load:\n{Recent()}");
            }
            var sorted = samples.Order().ToArray();
            return (new AllInOneResult(
                toToken,
                toServing,
                idle,
                sorted.Length > 0 ? sorted[^1] : double.NaN,
                sorted.Length > 0 ? sorted[sorted.Length / 2] : double.NaN,
                options.AllInOneCallers,
                seconds,
                released,
                released / seconds,
                failures), problems);
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= kill;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(int Released, int Failures, string? FirstFailure, double Seconds, List<double> RssMiB)> LoadAsync(
        Process process, AdviceRequests.AdviceRequestsClient szw, AdviceRequests.AdviceRequestsClient vws, HarnessOptions options, CancellationToken ct)
    {
        var released = 0;
        var failures = 0;
        string? firstFailure = null;
        var samples = new List<double>();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested && !process.HasExited)
            {
                samples.Add(RssMiB(process));
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
            for (var i = 0; clock.Elapsed < options.AllInOneLoad && !process.HasExited; i++)
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

    /// <summary>Resident memory (VmRSS from /proc/PID/status) in MiB.</summary>
    private static double RssMiB(Process process)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
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

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

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
