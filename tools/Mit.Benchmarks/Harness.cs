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

    /// <summary>The cluster's platform processes, for P3's CPU account (replicas of one service together).</summary>
    private static List<MeteredProcess> ClusterProcesses(LoopbackCluster cluster) =>
    [
        Metered("AdviceRequests", cluster.AdviceRequestsReplicas),
        Metered("Committees", cluster.CommitteesReplicas),
        Metered("Publication", [cluster.Publication]),
        Metered(string.Create(CultureInfo.InvariantCulture, $"Briefings ({cluster.BriefingsReplicas.Count} replicas)"), cluster.BriefingsReplicas),
        Metered("gateway", [cluster.Gateway]),
        Metered("identity and portal", [cluster.Identity, cluster.Portal]),
    ];

    private static MeteredProcess Metered(string name, IReadOnlyList<ServiceProcess> processes) =>
        new(name, () => processes.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.CpuTime), () => processes.Select(p => p.ProcessId));

    private static MeteredProcess Metered(AllInOneProcess host) => new("the all-in-one host", () => host.CpuTime, () => [host.Process.Id]);

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

        var loadOneMinute = double.TryParse(loadAtStart.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l) ? l : 0;
        if (loadOneMinute > HarnessOptions.BusyLoadAverage)
        {
            Progress.Log($"WARNING: load average {loadAtStart} at the start (above {HarnessOptions.BusyLoadAverage}): the machine is busy, the figures are noisy.");
        }
        if (new[] { "P1", "P2", "P3", "P4", "P5", "P6" }.Any(options.Runs))
        {
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
                p1 = options.Runs("P1") ? await StepAsync("P1", () => new FanOutBenchmark(clients, options, ClusterProcesses(cluster)).RunAsync(ct)) : null;
                p2 = options.Runs("P2") ? await StepAsync("P2", () => new GatewayOverhead(cluster, clients, options).RunAsync(ct)) : null;
                p5 = options.Runs("P5") ? await StepAsync("P5", () => new AccessCheck(cluster, clients, options).RunAsync(ct)) : null;
                p6 = options.Runs("P6") ? await StepAsync("P6", async () => (await Calibration.RunAsync(cluster.Broker, options, ct), new List<string>())) : null;
                p4 = options.Runs("P4") ? await StepAsync("P4", async () => (await ConfirmCost.RunAsync(cluster, options, ct), new List<string>())) : null;
                p3 = options.Runs("P3") ? await StepAsync("P3", () => new SustainedThroughput(clients, options, ClusterProcesses(cluster)).RunAsync(ct)) : null;
                Progress.Log("Stopping the cluster...");
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                problems.Add($"loopback cluster: {e.GetType().Name}: {e.Message}");
                Progress.Log($"The loopback cluster failed: {e}");
            }
        }

        // The all-in-one host, started once: P7 times its start and memory, then the all-in-one column of P1 and P3, and the portal's P8 and P9.
        AllInOneResult? p7 = null;
        FanOutResult? p1AllInOne = null;
        ThroughputResult? p3AllInOne = null;
        DeskPagesResult? p8 = null;
        PublicListResult? p9 = null;
        if (new[] { "P1", "P3", "P7", "P8", "P9" }.Any(options.Runs))
        {
            loads["all-in-one start"] = Machine.LoadAverage();
            try
            {
                await using var host = await AllInOneProcess.StartAsync(ct);
                p7 = options.Runs("P7") ? await StepAsync("P7", () => AllInOneBenchmark.RunAsync(host, options, ct)) : null;
                var clients = new PlatformClients(host.As);
                p1AllInOne = options.Runs("P1") ? await StepAsync("P1 all-in-one", () => new FanOutBenchmark(clients, options, [Metered(host)]).RunAsync(ct)) : null;
                p8 = options.Runs("P8") ? await StepAsync("P8", () => DeskPages.RunAsync(host, clients, options, ct)) : null;
                p9 = options.Runs("P9") ? await StepAsync("P9", () => PublicList.RunAsync(host, options, ct)) : null;
                p3AllInOne = options.Runs("P3") ? await StepAsync("P3 all-in-one", () => new SustainedThroughput(clients, options, [Metered(host)]).RunAsync(ct)) : null;
                Progress.Log("Stopping the all-in-one host...");
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                problems.Add(e is MeasurementException ? e.Message : $"all-in-one host: {e.GetType().Name}: {e.Message}");
                Progress.Log($"The all-in-one host failed: {e}");
            }
        }

        var results = new BenchmarkResults(p1, p1AllInOne, p2, p3, p3AllInOne, p4, p5, p6, p7, p8, p9);
        var figures = FigureTable.Build(results, options);
        Progress.Log($"Done in {wall.Elapsed.TotalSeconds:0} s.");
        return new BenchmarkRun(
            options.Smoke ? "smoke" : "full",
            date.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
            Machine.Commit(),
            Machine.Describe(loadAtStart),
            loadOneMinute > HarnessOptions.BusyLoadAverage,
            Math.Round(wall.Elapsed.TotalSeconds, 1),
            figures,
            problems,
            loads,
            results);
    }
}

/// <summary>Something could not be measured: reported as a problem, exit code 1.</summary>
internal sealed class MeasurementException(string message) : Exception(message);

/// <summary>Progress goes to stderr, so stdout holds only the report.</summary>
internal static class Progress
{
    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

public static class FigureTable
{
    private const string Ms = "ms";

    /// <summary>The start of P3's per-process CPU rows, which only the cluster has.</summary>
    public const string OneProcessCpu = "CPU time per release, one process: ";

    /// <summary>
    /// The table's rows, in benchmark order, for the benchmarks this run measured; a benchmark that failed gives rows
    /// without values. Rows with an all-in-one column carry that figure too (same goal).
    /// </summary>
    public static List<Figure> Build(BenchmarkResults r, HarnessOptions options)
    {
        var (p1, p1a, p2, p3, p3a, p4, p5, p6, p7, p8, p9) = r;
        var rows = new List<Figure>
        {
            Row("P1", "skew in storage p50 (|MIT − OMT received_at|)", Ms, P50(p1?.Delivery.SkewMs), "0 ms", v => v == 0, P50(p1a?.Delivery.SkewMs)),
            Row("P1", "skew in storage max", Ms, Max(p1?.Delivery.SkewMs), "0 ms", v => v == 0, Max(p1a?.Delivery.SkewMs)),
            Row("P1", "skew at the watchers p50 (two WatchDesk streams through the gateway)", Ms, P50(p1?.Watchers.SkewMs), "≤ 1 ms", v => v <= 1, P50(p1a?.Watchers.SkewMs)),
            Row("P1", "skew at the watchers p99", Ms, P99(p1?.Watchers.SkewMs), "≤ 5 ms", v => v <= 5, P99(p1a?.Watchers.SkewMs)),
            Row("P1", "skew at the watchers max", Ms, Max(p1?.Watchers.SkewMs), allInOne: Max(p1a?.Watchers.SkewMs)),
            // Its goal is in units of P6's floor: judged only when P6 was measured in the same run.
            Row("P1", "co-sign sent → both watchers p50", Ms, P50(p1?.Watchers.CoSignToBothMs), "≤ 10× floor (P6)",
                p6?.SumOfP50Ms is > 0 ? v => v <= 10 * p6.SumOfP50Ms : null, P50(p1a?.Watchers.CoSignToBothMs)),
            Row("P1", "co-sign sent → both watchers p99", Ms, P99(p1?.Watchers.CoSignToBothMs), allInOne: P99(p1a?.Watchers.CoSignToBothMs)),
            Row("P1", "end-to-end in storage p50 (released_at → later received_at)", Ms, P50(p1?.Delivery.EndToEndMs), allInOne: P50(p1a?.Delivery.EndToEndMs)),
            Row("P1", "end-to-end in storage p99", Ms, P99(p1?.Delivery.EndToEndMs), allInOne: P99(p1a?.Delivery.EndToEndMs)),
            Row("P1", "released in the window", "count", p1?.Delivery.Released, allInOne: p1a?.Delivery.Released),
            Row("P1", "lost (not on both desks exactly once, digest as released)", "count", p1?.Delivery.Lost, "0", v => v == 0, p1a?.Delivery.Lost),
            Row("P1", "co-sign call p99 (client)", Ms, P99(p1?.CoSignCallMs), allInOne: P99(p1a?.CoSignCallMs)),
            Row("P1", "client fell behind (co-signs started > 10 ms late)", "count", p1?.LateStarts, allInOne: p1a?.LateStarts),
            Row("P1", "machine CPU busy in the window, until both desks and streams had every release (all cores)", "%", p1?.Cpu.BusyShare * 100, allInOne: p1a?.Cpu.BusyShare * 100),
            Row("P1", "CPU time per release in the window, whole machine", Ms, p1?.Cpu.MsPerRelease, allInOne: p1a?.Cpu.MsPerRelease),
            Row("P1", "the platform's JIT compiling in the window (tiered-compilation threads, all cores)", "%", p1?.Cpu.JitShare * 100, allInOne: p1a?.Cpu.JitShare * 100),

            Row("P2", "GetRequest direct p50", Ms, P50(p2?.DirectMs)),
            Row("P2", "GetRequest direct p99", Ms, P99(p2?.DirectMs)),
            Row("P2", "GetRequest through the gateway p50", Ms, P50(p2?.GatewayMs)),
            Row("P2", "GetRequest through the gateway p99", Ms, P99(p2?.GatewayMs)),
            Row("P2", "gateway p50 ÷ direct p50", "×", Divide(P50(p2?.GatewayMs), P50(p2?.DirectMs)), "≤ 1.5×", v => v <= 1.5),
            Row("P2", "gateway p50 − direct p50", Ms, P50(p2?.GatewayMs) - P50(p2?.DirectMs), "≤ 0.3 ms", v => v <= 0.3),
            Row("P2", "gateway p99 ÷ direct p99", "×", Divide(P99(p2?.GatewayMs), P99(p2?.DirectMs)), "≤ 2×", v => v <= 2),
            Row("P2", "GetRequest through a bare proxy process p50 (forwarding only; not a goal)", Ms, P50(p2?.BareProxyMs)),
            Row("P2", "GetRequest through a bare proxy process p99", Ms, P99(p2?.BareProxyMs)),
            Row("P2", "what any proxy process adds p50 (bare proxy − direct)", Ms, P50(p2?.BareProxyMs) - P50(p2?.DirectMs)),
            Row("P2", "what the gateway's own work adds p50 (gateway − bare proxy)", Ms, P50(p2?.GatewayMs) - P50(p2?.BareProxyMs)),
            Row("P2", "gateway CPU time per forwarded call (user + system)", Ms, p2?.GatewayCpuMsPerCall),
            Row("P2", "bare proxy process CPU time per forwarded call (user + system)", Ms, p2?.BareProxyCpuMsPerCall),
            Row("P2", "AdviceRequests CPU time per GetRequest (user + system)", Ms, p2?.ServiceCpuMsPerCall),

            Row("P3", Invariant($"sustained releases per second ({p3?.Callers ?? options.ThroughputCallers} closed-loop callers)"), "/s", p3?.ReleasesPerSecond, "≥ 500/s", v => v >= 500, p3a?.ReleasesPerSecond),
            Row("P3", "releases reaching both desks per second (window start → last arrival)", "/s", p3?.BothDesksPerSecond, "≥ 500/s", v => v >= 500, p3a?.BothDesksPerSecond),
            Row("P3", "end-to-end p50 (release → both desks)", Ms, P50(p3?.Delivery.EndToEndMs), allInOne: P50(p3a?.Delivery.EndToEndMs)),
            Row("P3", "end-to-end p99", Ms, P99(p3?.Delivery.EndToEndMs), "≤ 50 ms", v => v <= 50, P99(p3a?.Delivery.EndToEndMs)),
            Row("P3", "released in the window", "count", p3?.Released, allInOne: p3a?.Released),
            Row("P3", "lost (not on both desks exactly once, digest as released)", "count", p3?.Delivery.Lost, "0", v => v == 0, p3a?.Delivery.Lost),
            Row("P3", "co-sign call p99 (client)", Ms, P99(p3?.CoSignCallMs), allInOne: P99(p3a?.CoSignCallMs)),
            Row("P3", "machine CPU busy from the window's start until both desks had every release (all cores)", "%", p3?.Cpu.BusyShare * 100, allInOne: p3a?.Cpu.BusyShare * 100),
            Row("P3", "CPU time per release, whole machine (user + system)", Ms, p3?.Cpu.MsPerRelease, allInOne: p3a?.Cpu.MsPerRelease),
            Row("P3", "ceiling of the cores at that cost (cores × 1000 ÷ CPU ms per release)", "/s", p3?.Cpu.CeilingPerSecond, allInOne: p3a?.Cpu.CeilingPerSecond),
            Row("P3", "the platform's JIT compiling in the window (tiered-compilation threads, all cores)", "%", p3?.Cpu.JitShare * 100, allInOne: p3a?.Cpu.JitShare * 100),

            Row("P4", Invariant($"raw confirmed publishes per second (RabbitMQ.Client, window of {ConfirmCost.Window})"), "/s", p4?.RawConfirmedPerSecond),
            Row("P4", "outbox dispatcher: rows sent per second (confirmed, durable, marked sent)", "/s", p4?.DispatcherPerSecond),
            Row("P4", "dispatcher ÷ raw confirmed", "%", Divide(p4?.DispatcherPerSecond, p4?.RawConfirmedPerSecond) * 100, "≥ 60 %", v => v >= 60),
            // Which resource limits the dispatcher: the cores' share busy, and the CPU a message costs in each leg.
            Row("P4", "machine CPU busy during the raw legs (all cores)", "%", p4?.BusyShare(PublishLeg.Raw) * 100),
            Row("P4", "machine CPU busy during the dispatcher legs (all cores)", "%", p4?.BusyShare(PublishLeg.Dispatcher) * 100),
            Row("P4", "CPU time per message, whole machine: raw", Ms, p4?.MachineMsPerMessage(PublishLeg.Raw)),
            Row("P4", "CPU time per message, whole machine: dispatcher", Ms, p4?.MachineMsPerMessage(PublishLeg.Dispatcher)),
            Row("P4", "CPU time per message in the publishing process: raw (RabbitMQ.Client)", Ms, p4?.PublisherMsPerMessage(PublishLeg.Raw)),
            Row("P4", "CPU time per message in the publishing process: dispatcher (EF Core, MassTransit)", Ms, p4?.PublisherMsPerMessage(PublishLeg.Dispatcher)),

            Row("P5", "access check on a cache hit p50 (AccessGate, real Redis)", Ms, P50(p5?.CacheHitMs)),
            Row("P5", "access check on a cache hit p99", Ms, P99(p5?.CacheHitMs), "≤ 1 ms", v => v <= 1),
            Row("P5", Invariant($"revocation → deny on every replica ({p5?.Replicas ?? 2} replicas), p50 over rounds"), Ms, P50(p5?.RevocationToDenyMs)),
            Row("P5", "revocation → deny on every replica, max over rounds", Ms, Max(p5?.RevocationToDenyMs), "≤ 50 ms", v => v <= 50),
            Row("P5", "RevokeConsent call p50 (client)", Ms, P50(p5?.RevokeCallMs)),
            Row("P5", "reads allowed after RevokeConsent returned", "count", p5?.AllowedAfterRevokeReturned, "0", v => v == 0),
            Row("P5", "reads started after RevokeConsent returned", "count", p5?.ReadsAfterRevokeReturned),

            Row("P6", "bare gRPC round trip p50 (h2c, loopback)", Ms, P50(p6?.GrpcRoundTripMs)),
            Row("P6", "bare gRPC round trip through a bare YARP hop p50 (forwarding only, h2c)", Ms, P50(p6?.GrpcThroughBareProxyMs)),
            // A proxy that does nothing but forward, with no other process to wake: the least a hop adds on this machine.
            Row("P6", "what a bare YARP hop adds by itself p50 (through it − straight, in one process; compare P2's bare proxy process)", Ms, p6?.BareProxyHopP50Ms),
            Row("P6", "Redis PING p50", Ms, P50(p6?.RedisPingMs)),
            Row("P6", "broker confirmed publish → consume p50", Ms, P50(p6?.Broker.RoundTripMs)),
            Row("P6", "floor: sum of the three", Ms, p6?.SumOfP50Ms),
            Row("P6", "P1 end-to-end in storage p50 ÷ floor", "×", Divide(P50(p1?.Delivery.EndToEndMs), p6?.SumOfP50Ms), "≤ 10×", v => v <= 10),
            Row("P6", "P1 co-sign sent → both watchers p50 ÷ floor", "×", Divide(P50(p1?.Watchers.CoSignToBothMs), p6?.SumOfP50Ms), "≤ 10×", v => v <= 10),

            Row("P7", "all-in-one cold start to serving (token + gRPC call through its gateway)", "s", p7?.ColdStartToServingSeconds, "≤ 5 s", v => v <= 5),
            Row("P7", "all-in-one CPU time until serving (user + system, all threads)", "s", p7?.ColdStartCpuSeconds),
            Row("P7", "all-in-one resident memory idle (VmRSS)", "MiB", p7?.IdleRssMiB, "≤ 250 MiB", v => v <= 250),
            Row("P7", "all-in-one resident memory under load, peak", "MiB", p7?.LoadedRssPeakMiB),
            Row("P7", Invariant($"all-in-one releases per second under that load ({p7?.LoadCallers ?? options.AllInOneCallers} callers, draft + co-sign)"), "/s", p7?.LoadReleasesPerSecond),

            Row("P8", "gap between the MIT and the OMT desk page showing a release p50", Ms, P50(p8?.GapMs)),
            Row("P8", "gap between the two desk pages p99", Ms, P99(p8?.GapMs), "≤ 50 ms", v => v <= 50),
            Row("P8", "co-sign call sent → both pages showing it p50", Ms, P50(p8?.CoSignToBothPagesMs)),
            Row("P8", "co-sign call sent → both pages showing it p99", Ms, P99(p8?.CoSignToBothPagesMs)),
            Row("P8", "releases not shown on both pages", "count", p8?.Missed, "0", v => v == 0),

            Row("P9", Invariant($"public document list GET /public/v1/documents ({p9?.Documents ?? options.PublishedDocuments} published), loopback client time p95"), Ms, P95(p9?.JsonListMs), "≤ 50 ms", v => v <= 50),
            Row("P9", "public document list GET /public/v1/documents p50", Ms, P50(p9?.JsonListMs)),
            Row("P9", Invariant($"portal page GET /openbaar ({p9?.Documents ?? options.PublishedDocuments} published), loopback client time p95"), Ms, P95(p9?.PortalPageMs), "≤ 50 ms", v => v <= 50),
            Row("P9", "portal page GET /openbaar p50", Ms, P50(p9?.PortalPageMs)),
        };
        // P3's CPU per release, after its ceiling: which part of the machine the cores are spent on.
        var ceiling = rows.FindIndex(f => f.Benchmark == "P3" && f.Name.StartsWith("ceiling", StringComparison.Ordinal));
        rows.InsertRange(ceiling + 1,
        [
            Row("P3", "CPU time per release: the platform's processes together", Ms, p3?.Cpu.PlatformMsPerRelease, allInOne: p3a?.Cpu.PlatformMsPerRelease),
            // The cluster's processes one by one (the all-in-one is one process: no column of its own here).
            .. (p3?.Cpu.Processes ?? []).Select(c => Row("P3", FigureTable.OneProcessCpu + c.Name, Ms, c.MsPerRelease)),
            Row("P3", "CPU time per release: the benchmark client", Ms, p3?.Cpu.ClientMsPerRelease, allInOne: p3a?.Cpu.ClientMsPerRelease),
            Row("P3", "CPU time per release: the rest of the machine (PostgreSQL, RabbitMQ, Redis, other)", Ms, p3?.Cpu.RestMsPerRelease, allInOne: p3a?.Cpu.RestMsPerRelease),
        ]);
        // A benchmark this run did not measure (--only) has no rows; P6's ratios need P1 as well.
        return rows.Where(f => options.Runs(f.Benchmark)).ToList();
    }

    private static Figure Row(string benchmark, string name, string unit, double? value, string? goal = null, Func<double, bool>? meets = null,
        double? allInOne = null) =>
        (value is { } v ? Figure.Of(benchmark, name, v, unit, goal, meets) : Figure.Missing(benchmark, name, unit, goal)) with
        {
            AllInOne = allInOne is { } a ? Figure.Of(benchmark, name, a, unit, goal, meets) : null,
        };

    private static double? P50(Summary? s) => s is { Count: > 0 } ? s.P50 : null;
    private static double? P95(Summary? s) => s is { Count: > 0 } ? s.P95 : null;
    private static double? P99(Summary? s) => s is { Count: > 0 } ? s.P99 : null;
    private static double? Max(Summary? s) => s is { Count: > 0 } ? s.Max : null;
    private static double? Divide(double? a, double? b) => a is { } x && b is > 0 ? x / b.Value : null;
    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
