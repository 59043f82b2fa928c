namespace Mit.Benchmarks;

/// <summary>p50, p95, p99 and max of a set of samples (milliseconds unless named otherwise).</summary>
public sealed record Summary(int Count, double P50, double P99, double Max)
{
    public double P95 { get; init; }
}

internal static class Percentiles
{
    /// <summary>
    /// Nearest-rank percentiles: each figure is a sample that was really observed, never an interpolation,
    /// so p99 of 2000 samples is the 1980th smallest. An empty set gives zeros with Count 0.
    /// </summary>
    public static Summary Summarize(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0
            ? new Summary(0, 0, 0, 0)
            : new Summary(sorted.Length, Rank(sorted, 50), Rank(sorted, 99), sorted[^1]) { P95 = Rank(sorted, 95) };
    }

    private static double Rank(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
