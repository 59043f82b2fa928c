using System.Diagnostics;
using System.Globalization;
using Mit.Platform.Testing;

namespace Mit.Benchmarks;

/// <summary>
/// The benchmark harness: one call measures every figure in one run — P1, P2, P5, P6, P4 and P3 on one loopback cluster
/// (in that order: the latency figures on a quiet cluster first, the saturating ones last), then P7 on its own after
/// the cluster is stopped. A benchmark that fails is recorded as a problem and its figures as not measured; the
/// others still run. Missed goals are figures, not problems.
/// </summary>
public static class Harness
{
    private static readonly string[] Personas = ["szw-requester", "vws-requester", "mit-secretariat", "omt-secretary"];

    /// <summary>Runs everything; cancelling stops the run and still stops every server and process it started.</summary>
    public static Task<BenchmarkRun> RunAsync(HarnessOptions options, CancellationToken ct = default) =>
        // Off the caller's synchronization context (a test runner's, say): the cluster's token cache blocks on a task.
        Task.Run(() => RunCoreAsync(options, ct), ct);

    private static async Task<BenchmarkRun> RunCoreAsync(HarnessOptions options, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        var date = DateTime.UtcNow;
        var problems = new List<string>();
        var loads = new Dictionary<string, string>();
        FanOutResult? p1 = null;
        GatewayOverheadResult? p2 = null;
        ThroughputResult? p3 = null;
        ConfirmCostResult? p4 = null;
        AccessCheckResult? p5 = null;
        CalibrationResult? p6 = null;

        async Task<T?> StepAsync<T>(string id, Func<Task<(T, List<string>)>> benchmark) where T : class
        {
            loads[id] = Machine.LoadAverage();
            try
            {
                var (result, found) = await benchmark();
                problems.AddRange(found);
                return result;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                problems.Add(e is MeasurementException ? e.Message : $"{id}: {e.GetType().Name}: {e.Message}");
                Progress.Log($"{id} could not be measured: {e}");
                return null;
            }
        }

        Progress.Log($"{(options.Smoke ? "Smoke run" : "Full run")}. Starting the loopback cluster (RabbitMQ, PostgreSQL, Redis, the services and the gateway as processes)...");
        try
        {
            // Two Briefings replicas, so P5 measures revocation on every replica; one of each other service.
            await using var cluster = await LoopbackCluster.StartAsync(briefingsReplicas: 2);
            foreach (var persona in Personas)
            {
                await cluster.TokenAsync(persona);
            }
            var clients = new PlatformClients(cluster);
            p1 = await StepAsync("P1", () => new FanOutBenchmark(clients, options).RunAsync(ct));
            p2 = await StepAsync("P2", () => new GatewayOverhead(cluster, clients, options).RunAsync(ct));
            p5 = await StepAsync("P5", () => new AccessCheck(cluster, clients, options).RunAsync(ct));
            p6 = await StepAsync("P6", async () => (await Calibration.RunAsync(cluster.Broker, options, ct), new List<string>()));
            p4 = await StepAsync("P4", async () => (await ConfirmCost.RunAsync(cluster.Broker, options, ct), new List<string>()));
            p3 = await StepAsync("P3", () => new SustainedThroughput(clients, options).RunAsync(ct));
            Progress.Log("Stopping the cluster...");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            problems.Add($"loopback cluster: {e.GetType().Name}: {e.Message}");
            Progress.Log($"The loopback cluster failed: {e}");
        }

        var p7 = await StepAsync("P7", () => AllInOneBenchmark.RunAsync(options, ct));
        var figures = FigureTable.Build(p1, p2, p3, p4, p6, p7, p5);
        Progress.Log($"Done in {wall.Elapsed.TotalSeconds:0} s.");
        return new BenchmarkRun(
            options.Smoke ? "smoke" : "full",
            date.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
            Machine.Commit(),
            Machine.Describe(loadAtStart),
            Math.Round(wall.Elapsed.TotalSeconds, 1),
            figures,
            problems,
            loads,
            p1,
            p2,
            p3,
            p4,
            p6,
            p7,
            p5);
    }
}

/// <summary>Something could not be measured: reported as a problem, exit code 1.</summary>
internal sealed class MeasurementException(string message) : Exception(message);

/// <summary>Progress goes to stderr, so stdout holds only the report.</summary>
internal static class Progress
{
    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

internal static class FigureTable
{
    private const string Ms = "ms";

    /// <summary>The table's rows, in benchmark order; a benchmark that failed gives rows without values.</summary>
    public static List<Figure> Build(FanOutResult? p1, GatewayOverheadResult? p2, ThroughputResult? p3, ConfirmCostResult? p4,
        CalibrationResult? p6, AllInOneResult? p7, AccessCheckResult? p5)
    {
        var rows = new List<Figure>
        {
            Row("P1", "fan-out skew p50 (|MIT − OMT received_at|)", Ms, P50(p1?.Delivery.SkewMs), "≤ 1 ms", v => v <= 1),
            Row("P1", "fan-out skew p99", Ms, P99(p1?.Delivery.SkewMs), "≤ 5 ms", v => v <= 5),
            Row("P1", "fan-out skew max", Ms, Max(p1?.Delivery.SkewMs)),
            Row("P1", "end-to-end p50 (release → both desks)", Ms, P50(p1?.Delivery.EndToEndMs)),
            Row("P1", "end-to-end p99", Ms, P99(p1?.Delivery.EndToEndMs)),
            Row("P1", "released in the window", "count", p1?.Delivery.Released),
            Row("P1", "lost (not on both desks exactly once, digest as released)", "count", p1?.Delivery.Lost, "0", v => v == 0),
            Row("P1", "co-sign call p99 (client)", Ms, P99(p1?.CoSignCallMs)),
            Row("P1", "client fell behind (co-signs started > 10 ms late)", "count", p1?.LateStarts),

            Row("P2", "GetRequest direct p50", Ms, P50(p2?.DirectMs)),
            Row("P2", "GetRequest direct p99", Ms, P99(p2?.DirectMs)),
            Row("P2", "GetRequest through the gateway p50", Ms, P50(p2?.GatewayMs)),
            Row("P2", "GetRequest through the gateway p99", Ms, P99(p2?.GatewayMs)),
            Row("P2", "gateway p50 ÷ direct p50", "×", Divide(P50(p2?.GatewayMs), P50(p2?.DirectMs)), "≤ 1.5×", v => v <= 1.5),
            Row("P2", "gateway p50 − direct p50", Ms, P50(p2?.GatewayMs) - P50(p2?.DirectMs), "≤ 0.3 ms", v => v <= 0.3),
            Row("P2", "gateway p99 ÷ direct p99", "×", Divide(P99(p2?.GatewayMs), P99(p2?.DirectMs)), "≤ 2×", v => v <= 2),

            Row("P3", Invariant($"sustained releases per second ({p3?.Callers ?? 32} closed-loop callers)"), "/s", p3?.ReleasesPerSecond, "≥ 500/s", v => v >= 500),
            Row("P3", "releases reaching both desks per second (window start → last arrival)", "/s", p3?.BothDesksPerSecond),
            Row("P3", "end-to-end p50 (release → both desks)", Ms, P50(p3?.Delivery.EndToEndMs)),
            Row("P3", "end-to-end p99", Ms, P99(p3?.Delivery.EndToEndMs), "≤ 50 ms", v => v <= 50),
            Row("P3", "released in the window", "count", p3?.Released),
            Row("P3", "lost (not on both desks exactly once, digest as released)", "count", p3?.Delivery.Lost, "0", v => v == 0),
            Row("P3", "co-sign call p99 (client)", Ms, P99(p3?.CoSignCallMs)),

            Row("P4", "confirmed publishes per second (window of 128)", "/s", p4?.ConfirmedPerSecond),
            Row("P4", "unconfirmed publishes per second", "/s", p4?.UnconfirmedPerSecond),
            Row("P4", "confirmed ÷ unconfirmed", "%", Divide(p4?.ConfirmedPerSecond, p4?.UnconfirmedPerSecond) * 100, "≥ 60 %", v => v >= 60),

            Row("P5", "access check on a cache hit p50 (AccessGate, real Redis)", Ms, P50(p5?.CacheHitMs)),
            Row("P5", "access check on a cache hit p99", Ms, P99(p5?.CacheHitMs), "≤ 2 ms", v => v <= 2),
            Row("P5", Invariant($"revocation → deny on every replica ({p5?.Replicas ?? 2} replicas), p50 over rounds"), Ms, P50(p5?.RevocationToDenyMs)),
            Row("P5", "revocation → deny on every replica, max over rounds", Ms, Max(p5?.RevocationToDenyMs), "≤ 100 ms", v => v <= 100),
            Row("P5", "RevokeConsent call p50 (client)", Ms, P50(p5?.RevokeCallMs)),
            Row("P5", "reads allowed after RevokeConsent returned", "count", p5?.AllowedAfterRevokeReturned, "0", v => v == 0),
            Row("P5", "reads started after RevokeConsent returned", "count", p5?.ReadsAfterRevokeReturned),

            Row("P6", "bare gRPC round trip p50 (h2c, loopback)", Ms, P50(p6?.GrpcRoundTripMs)),
            Row("P6", "Redis PING p50", Ms, P50(p6?.RedisPingMs)),
            Row("P6", "broker confirmed publish → consume p50", Ms, P50(p6?.Broker.RoundTripMs)),
            Row("P6", "floor: sum of the three", Ms, p6?.SumOfP50Ms),
            Row("P6", "P1 end-to-end p50 ÷ floor", "×", Divide(P50(p1?.Delivery.EndToEndMs), p6?.SumOfP50Ms), "≤ 10×", v => v <= 10),

            Row("P7", "all-in-one cold start to serving (token + gRPC call through its gateway)", "s", p7?.ColdStartToServingSeconds),
            Row("P7", "all-in-one resident memory idle (VmRSS)", "MiB", p7?.IdleRssMiB),
            Row("P7", "all-in-one resident memory under load, peak", "MiB", p7?.LoadedRssPeakMiB),
            Row("P7", Invariant($"all-in-one releases per second under that load ({p7?.LoadCallers ?? 8} callers, draft + co-sign)"), "/s", p7?.LoadReleasesPerSecond),
        };
        return rows;
    }

    private static Figure Row(string benchmark, string name, string unit, double? value, string? goal = null, Func<double, bool>? meets = null) =>
        value is { } v ? Figure.Of(benchmark, name, v, unit, goal, meets) : Figure.Missing(benchmark, name, unit, goal);

    private static double? P50(Summary? s) => s is { Count: > 0 } ? s.P50 : null;
    private static double? P99(Summary? s) => s is { Count: > 0 } ? s.P99 : null;
    private static double? Max(Summary? s) => s is { Count: > 0 } ? s.Max : null;
    private static double? Divide(double? a, double? b) => a is { } x && b is > 0 ? x / b.Value : null;
    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
