using System.Diagnostics;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P3's figures: durable releases per second with N callers, and whether every one reached both desks.</summary>
public sealed record ThroughputResult(
    int Callers,
    int WarmUpReleases,
    double WarmUpPerSecond,
    int DraftsPrepared,
    double PlannedWindowSeconds,
    double WindowSeconds,
    bool RanOutOfDrafts,
    int Released,
    int FailedCoSigns,
    double ReleasesPerSecond,
    double BothDesksPerSecond,
    Summary CoSignCallMs,
    DeliveryResult Delivery,
    CpuUse Cpu);

/// <summary>
/// P3: closed loop — N callers each co-sign the next prepared draft as soon as their previous co-sign returned — for
/// a fixed window; releases per second is what the platform sustains with every release durable (one transaction,
/// outbox, confirmed publish to two quorum queues, two desk writes). Afterwards both desks are read: every release
/// must be on both, once.
/// </summary>
internal sealed class SustainedThroughput(PlatformClients clients, HarnessOptions options, IReadOnlyList<MeteredProcess> processes)
{
    /// <summary>Drafts for the window: the warm-up's rate times the window, with this margin (a warm platform is faster).</summary>
    private const double DraftMargin = 2.0;

    /// <summary>At least this many releases per second are prepared for, whatever the warm-up's rate: above the goal, so a platform
    /// that meets it does not run out of drafts (a cold warm-up runs at half the warm rate or less).</summary>
    private const double MinPreparedPerSecond = 650;

    /// <summary>At most this many releases per second are prepared for (above the goal of 500/s).</summary>
    private const double MaxPreparedPerSecond = 750;

    public async Task<(ThroughputResult Result, List<string> Problems)> RunAsync(CancellationToken ct)
    {
        var callers = options.ThroughputCallers;
        var problems = new List<string>();

        Progress.Log($"P3: drafting {options.ThroughputWarmUpReleases} warm-up requests (not timed)...");
        var warmUpDrafts = await Requests.DraftAsync(clients.Szw, "P3 warm-up", options.ThroughputWarmUpReleases, ct);
        Progress.Log($"P3: warm-up: {warmUpDrafts.Length} co-signs closed-loop with {callers} callers...");
        var warmUp = await ClosedLoopAsync(warmUpDrafts, callers, TimeSpan.MaxValue, ct);
        var warmUpRate = warmUp.Results.Count(r => r.Error is null) / warmUp.Elapsed.TotalSeconds;

        var toPrepare = (int)Math.Ceiling(Math.Min(Math.Max(warmUpRate * DraftMargin, MinPreparedPerSecond), MaxPreparedPerSecond) * options.ThroughputWindow.TotalSeconds);
        Progress.Log($"P3: warm-up ran at {warmUpRate:0} releases/s; drafting {toPrepare} requests for the {options.ThroughputWindow.TotalSeconds:0} s window (not timed)...");
        var drafts = await Requests.DraftAsync(clients.Szw, "P3", toPrepare, ct);

        // The warm-up's fan-out must not still be draining while the window runs.
        var warmUpReleased = warmUp.Results.Where(r => r.Error is null).Select(r => r.RequestId!).ToList();
        await clients.Desks.WaitForAsync(warmUpReleased, "P3 warm-up", ct);

        Progress.Log($"P3: measuring: co-signs closed-loop with {callers} callers for {options.ThroughputWindow.TotalSeconds:0} s...");
        var windowStart = DateTimeOffset.UtcNow;
        var cpu = CpuMeter.Start(processes);
        var window = await ClosedLoopAsync(drafts, callers, options.ThroughputWindow, ct);
        var released = window.Results.Where(r => r.Error is null).ToDictionary(r => r.RequestId!, r => r.Digest!);
        var ranOut = window.Results.Length == drafts.Length;
        Progress.Log($"P3: {released.Count} released in {window.Elapsed.TotalSeconds:0.0} s ({released.Count / window.Elapsed.TotalSeconds:0} /s){(ranOut ? " — ran out of drafts, window shortened" : "")}; waiting for both desks...");
        await clients.Desks.WaitForAsync(released.Keys, "P3", ct);
        // Until every release is on both desks: the CPU its whole path took, fan-out included.
        var cpuUse = cpu.Stop(Math.Max(1, released.Count));
        var delivery = clients.Desks.Compare(released);

        var failed = window.Results.Count(r => r.Error is not null) + warmUp.Results.Count(r => r.Error is not null);
        if (failed > 0)
        {
            problems.Add($"P3: {failed} co-sign calls failed (first: {window.Results.Concat(warmUp.Results).First(r => r.Error is not null).Error})");
        }
        problems.AddRange(delivery.Problems("P3", Desks.Stall));

        return (new ThroughputResult(
            callers,
            warmUpReleased.Count,
            warmUpRate,
            drafts.Length,
            options.ThroughputWindow.TotalSeconds,
            window.Elapsed.TotalSeconds,
            ranOut,
            released.Count,
            window.Results.Count(r => r.Error is not null),
            released.Count / window.Elapsed.TotalSeconds,
            // Releases that reached both desks, per second from the window's start until the last one arrived there.
            delivery.LastReceivedAt is { } last ? delivery.EndToEndMs.Count / (last - windowStart).TotalSeconds : 0,
            Percentiles.Summarize(window.Results.Select(r => r.CallMs)),
            delivery,
            cpuUse), problems);
    }

    private sealed record ClosedLoop(CoSigned[] Results, TimeSpan Elapsed);

    /// <summary>
    /// Callers take the next draft as soon as their last co-sign returned, until the window is over or the drafts
    /// are used up. The window's length is from the start until the last caller's last call returned.
    /// </summary>
    private async Task<ClosedLoop> ClosedLoopAsync(AdviceRequest[] drafts, int callers, TimeSpan window, CancellationToken ct)
    {
        var next = -1;
        var results = new CoSigned?[drafts.Length];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while (clock.Elapsed < window && (i = Interlocked.Increment(ref next)) < drafts.Length)
            {
                results[i] = await Requests.CoSignAsync(clients.Vws, drafts[i], ct);
            }
        }, ct)));
        var elapsed = clock.Elapsed;
        return new ClosedLoop(results.Where(r => r is not null).Select(r => r!).ToArray(), elapsed);
    }
}
