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
        });
        // Every benchmark has figures.
        Assert.Equal(["P1", "P2", "P3", "P4", "P5", "P6", "P7"], run.Figures.Select(f => f.Benchmark).Distinct().Order());
        Assert.Equal(0, run.P5AccessCheck!.AllowedAfterRevokeReturned);
        Assert.True(run.P1FanOut!.Delivery.Released > 0 && run.P3Throughput!.Released > 0, "nothing was released");
        Assert.Equal(0, run.ExitCode);
    }
}
