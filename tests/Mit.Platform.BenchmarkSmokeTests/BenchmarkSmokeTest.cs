using System.Diagnostics;
using Mit.Benchmarks;
using Xunit.Abstractions;

namespace Mit.Platform.BenchmarkSmokeTests;

/// <summary>
/// Runs the whole benchmark harness in its short mode, in this process: a loopback cluster (RabbitMQ, PostgreSQL,
/// Redis, the services and the gateway as processes) and the all-in-one host. It checks that the harness still
/// measures everything — every figure has a value, no leg failed, no release was lost — not that any goal was met.
/// </summary>
public sealed class BenchmarkSmokeTest(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Every_figure_is_measured_and_nothing_is_lost()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var clock = Stopwatch.StartNew();

        var run = await Harness.RunAsync(new HarnessOptions(Smoke: true), timeout.Token);

        output.WriteLine($"Smoke run took {clock.Elapsed.TotalSeconds:0} s.");
        output.WriteLine(Report.Results(run));
        Assert.Equal("smoke", run.Mode);
        Assert.Empty(run.Problems);
        Assert.Equal(0, run.LostReleases);
        Assert.All(run.Figures.Where(f => f.Status != FigureStatus.NotBuiltYet), f =>
        {
            Assert.True(f.Status == FigureStatus.Measured, $"{f.Benchmark} {f.Name}: not measured");
            Assert.True(f.Value is { } v && double.IsFinite(v), $"{f.Benchmark} {f.Name}: no finite value");
            Assert.True(f.AllInOne is null || f.AllInOne.Value is { } a && double.IsFinite(a), $"{f.Benchmark} {f.Name}: no finite all-in-one value");
        });
        // Every benchmark has figures, and P1 and P3 have their all-in-one column (but for the cluster's processes one by one).
        Assert.Equal(["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"], run.Figures.Select(f => f.Benchmark).Distinct().Order());
        Assert.All(run.Figures.Where(f => f.Benchmark is "P1" or "P3" && !f.Name.StartsWith(FigureTable.OneProcessCpu, StringComparison.Ordinal)),
            f => Assert.NotNull(f.AllInOne));
        Assert.Contains(run.Figures, f => f.Name.StartsWith(FigureTable.OneProcessCpu + "AdviceRequests", StringComparison.Ordinal));
        var results = run.Results;
        Assert.Equal(0, results.P5AccessCheck!.AllowedAfterRevokeReturned);
        Assert.True(results.P1FanOut!.Delivery.Released > 0 && results.P3Throughput!.Released > 0, "nothing was released on the cluster");
        Assert.True(results.P1FanOutAllInOne!.Delivery.Released > 0 && results.P3ThroughputAllInOne!.Released > 0, "nothing was released on the all-in-one");
        // Every measured release reached both live desk streams, on both hosts, and both desk pages.
        Assert.Equal(0, results.P1FanOut.Watchers.MissedByAWatcher);
        Assert.Equal(results.P1FanOut.Delivery.Released, results.P1FanOut.Watchers.Compared);
        Assert.Equal(0, results.P1FanOutAllInOne.Watchers.MissedByAWatcher);
        Assert.Equal(0, results.P8DeskPages!.Missed);
        Assert.Equal(results.P8DeskPages.Releases, results.P8DeskPages.GapMs.Count);
        Assert.True(results.P4ConfirmCost!.DispatcherPerSecond > 0, "the outbox dispatcher sent nothing");
        Assert.Equal(results.P9PublicList!.Reads, results.P9PublicList.JsonListMs.Count);
        Assert.Equal(0, run.ExitCode);
    }
}
