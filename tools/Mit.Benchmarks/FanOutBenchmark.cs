using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P1's figures: what reached the desks and how far apart; the client's side of the schedule.</summary>
public sealed record FanOutResult(
    int WarmUpReleases,
    int Scheduled,
    int FailedCoSigns,
    DeliveryResult Delivery,
    WatcherResult Watchers,
    Summary CoSignCallMs,
    Summary StartLatenessMs,
    Summary StartCallMs,
    int LateStarts,
    double AchievedPerSecond,
    CpuUse Cpu);

/// <summary>
/// P1: co-signs prepared drafts open-loop at a fixed rate through the gateway (a warm-up first, at the same rate, drained),
/// then reads both desks and compares, per released request, when the MIT desk and the OMT desk stored it.
/// </summary>
internal sealed class FanOutBenchmark(PlatformClients clients, HarnessOptions options, IReadOnlyList<MeteredProcess> processes)
{
    public async Task<(FanOutResult Result, List<string> Problems)> RunAsync(CancellationToken ct)
    {
        var warmUp = options.FanOutWarmUpReleases;
        var total = warmUp + options.FanOutMeasuredReleases;

        // Drafting is not what is measured: all drafts exist before the clock starts.
        Progress.Log($"P1: drafting {total} requests as SZW (not timed)...");
        var drafts = await Requests.DraftAsync(clients.Szw, "P1", total, ct);

        // The two secretariats' live streams, open before the first release.
        await using var watchers = await Watchers.OpenAsync(clients.MitDesk, clients.OmtDesk, ct);

        // Warm-up at the same rate (JIT tiering, pools, caches), then drained: both desks and both streams hold every
        // warm-up release before the window starts, so the window measures the platform at 100/s, not the warm-up's backlog.
        Progress.Log($"P1: co-signing as VWS at {HarnessOptions.ReleasesPerSecond}/s: {warmUp} warm-up ({options.FanOutWarmUp.TotalSeconds:0.#} s), drained, then {options.FanOutMeasuredReleases} measured...");
        var warmUpRun = await OpenLoop.RunAsync(warmUp, HarnessOptions.ReleasesPerSecond, i => Requests.CoSignAsync(clients.Vws, drafts[i], ct), ct);
        var warmUpReleased = warmUpRun.Results.Where(r => r.Error is null).Select(r => r.RequestId!).ToList();
        await clients.Desks.WaitForAsync(warmUpReleased, "P1 warm-up", ct);
        await watchers.WaitForAsync(warmUpReleased, Desks.Stall, ct);
        var cpu = CpuMeter.Start(processes);
        var run = await OpenLoop.RunAsync(total - warmUp, HarnessOptions.ReleasesPerSecond, i => Requests.CoSignAsync(clients.Vws, drafts[warmUp + i], ct), ct);

        var released = run.Results.Where(r => r.Error is null).ToList();
        Progress.Log($"P1: {warmUpReleased.Count + released.Count} released; waiting for both desks...");
        await clients.Desks.WaitForAsync(released.Select(r => r.RequestId!).ToList(), "P1", ct);
        await watchers.WaitForAsync(released.Select(r => r.RequestId!).ToList(), Desks.Stall, ct);
        // The window until every release was on both desks and both streams: whether the cores had room at this rate.
        var cpuUse = cpu.Stop(Math.Max(1, released.Count));

        var measured = run.Results.ToList();
        var delivery = clients.Desks.Compare(measured.Where(r => r.Error is null).ToDictionary(r => r.RequestId!, r => r.Digest!));

        var problems = new List<string>();
        var failed = warmUpRun.Results.Concat(run.Results).Where(r => r.Error is not null).ToList();
        if (failed.Count > 0)
        {
            problems.Add($"P1: {failed.Count} co-sign calls failed (first: {failed[0].Error})");
        }
        problems.AddRange(delivery.Problems("P1", Desks.Stall));
        var atWatchers = watchers.Compare(measured.Where(r => r.Error is null));
        if (atWatchers.MissedByAWatcher > 0)
        {
            problems.Add($"P1: {atWatchers.MissedByAWatcher} released requests did not reach both live desk streams");
        }

        var interval = 1000 / HarnessOptions.ReleasesPerSecond;
        var lateness = run.LatenessMs.ToList();
        return (new FanOutResult(
            warmUp,
            measured.Count,
            measured.Count(r => r.Error is not null),
            delivery,
            atWatchers,
            Percentiles.Summarize(measured.Select(r => r.CallMs)),
            Percentiles.Summarize(lateness),
            // Time the schedule's thread spent starting each call: tells a client that is slow itself from a busy machine.
            Percentiles.Summarize(run.StartCallMs),
            // "Fell behind": a co-sign started more than one interval after its scheduled time.
            lateness.Count(l => l > interval),
            OpenLoop.AchievedRate(lateness, interval),
            cpuUse), problems);
    }
}

/// <summary>A platform's clients for the demo personas, through its gateway (the loopback cluster's or the all-in-one's); and the two desks.</summary>
internal sealed class PlatformClients(Func<string, Grpc.Core.CallInvoker> asPersona)
{
    public PlatformClients(Mit.Platform.Testing.LoopbackCluster cluster)
        : this(cluster.As)
    {
    }

    public AdviceRequests.AdviceRequestsClient Szw { get; } = new(asPersona("szw-requester"));
    public AdviceRequests.AdviceRequestsClient Vws { get; } = new(asPersona("vws-requester"));
    public CommitteeDesks.CommitteeDesksClient MitDesk { get; } = new(asPersona("mit-secretariat"));
    public CommitteeDesks.CommitteeDesksClient OmtDesk { get; } = new(asPersona("omt-secretary"));
    public Desks Desks => _desks ??= new(MitDesk, OmtDesk);
    private Desks? _desks;
}
