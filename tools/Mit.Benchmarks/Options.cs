namespace Mit.Benchmarks;

/// <summary>A wrong command line: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// What one run measures and how long; everything follows from <see cref="Smoke"/>. The full sizes are the ones
/// docs/benchmarks.md quotes; the smoke sizes only check that every figure can be measured (a few seconds each).
/// </summary>
public sealed record HarnessOptions(bool Smoke = false, IReadOnlySet<string>? Only = null)
{
    /// <summary>Every benchmark, in the order of the report.</summary>
    public static readonly string[] Benchmarks = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"];

    /// <summary>Whether this run measures <paramref name="benchmark"/> (all of them unless --only named some).</summary>
    public bool Runs(string benchmark) => Only is null || Only.Contains(benchmark);

    /// <summary>The load average (1 min) above which the report warns that the machine was busy at the start.</summary>
    public const double BusyLoadAverage = 1.5;

    /// <summary>P8: releases watched on the two desk pages, after a few to warm the pages up.</summary>
    public int DeskPageReleases => Smoke ? 5 : 100;
    public int DeskPageWarmUp => Smoke ? 1 : 5;

    /// <summary>P9: published documents in the public list, and timed reads of each list (after as many warm-up reads).</summary>
    public int PublishedDocuments => Smoke ? 20 : 1000;
    public int PublicListReads => Smoke ? 20 : 200;

    /// <summary>P1: co-signs started per second, open loop.</summary>
    public const double ReleasesPerSecond = 100;

    /// <summary>P2: reads started per second, open loop, taking turns direct, through the gateway and through a bare proxy (100/s per leg).</summary>
    public const double ReadsPerSecond = 300;

    /// <summary>
    /// P1: load at the same rate before the window (JIT tiering in six processes, connections, caches); not in the
    /// figures. On 2 cores busy with the load the tiered JIT lags, more so with dynamic PGO (each hot method compiled
    /// twice more): 62 s into the load the cluster's compilation threads still took 22 % of the machine (a profile);
    /// sampled every 10 s, they went quiet 70–80 s into it. The window is to show a running platform, not one still
    /// compiling; the report gives the JIT's share in the window.
    /// </summary>
    public TimeSpan FanOutWarmUp => TimeSpan.FromSeconds(Smoke ? 0.5 : 120);

    /// <summary>P1: the measured window after the warm-up.</summary>
    public TimeSpan FanOutWindow => TimeSpan.FromSeconds(Smoke ? 2 : 20);

    public int FanOutWarmUpReleases => (int)(FanOutWarmUp.TotalSeconds * ReleasesPerSecond);
    public int FanOutMeasuredReleases => (int)(FanOutWindow.TotalSeconds * ReleasesPerSecond);

    /// <summary>
    /// P2: reads before the window and in it (both legs together). 30 s of warm-up: on 2 cores the service's JIT
    /// (tiered, with PGO's instrumented tier) kept compiling for about 25 s of this load (seen in its perf map).
    /// </summary>
    public int ReadWarmUp => (int)((Smoke ? 0.5 : 30) * ReadsPerSecond);
    public int ReadsMeasured => (int)((Smoke ? 2 : 20) * ReadsPerSecond);

    /// <summary>P3: closed-loop callers, each co-signing the next prepared draft as soon as its last call returned.</summary>
    public int ThroughputCallers => 32;

    /// <summary>P3: co-signs before the window (warm-up; their rate also sizes the drafts for the window).</summary>
    public int ThroughputWarmUpReleases => Smoke ? 100 : 2000;

    /// <summary>P3: the measured window.</summary>
    public TimeSpan ThroughputWindow => TimeSpan.FromSeconds(Smoke ? 5 : 120);

    /// <summary>P4: alternating rounds of confirmed and unconfirmed publishing, and each leg's length.</summary>
    public int ConfirmRounds => Smoke ? 1 : 3;
    public TimeSpan ConfirmLeg => TimeSpan.FromSeconds(Smoke ? 1 : 5);
    public TimeSpan ConfirmWarmUpLeg => TimeSpan.FromSeconds(Smoke ? 0.3 : 2);

    /// <summary>P6: one-at-a-time round trips per calibration leg, before measuring and measured.</summary>
    public int CalibrationWarmUp => Smoke ? 50 : 200;
    public int CalibrationMeasured => Smoke ? 300 : 2000;

    /// <summary>P6: the broker leg (confirmed publish -> consume, one at a time) is slower; fewer messages.</summary>
    public int FloorWarmUp => Smoke ? 50 : 100;
    public int FloorMessages => Smoke ? 200 : 500;

    /// <summary>P7: how long the all-in-one is left idle before its resident memory is read, and how long it is loaded.</summary>
    public TimeSpan AllInOneIdle => TimeSpan.FromSeconds(Smoke ? 1 : 5);
    public TimeSpan AllInOneLoad => TimeSpan.FromSeconds(Smoke ? 3 : 20);
    public int AllInOneCallers => 8;

    /// <summary>P5: access checks on a cache hit, one at a time, and revocation rounds.</summary>
    public int AccessWarmUp => Smoke ? 200 : 2000;
    public int AccessMeasured => Smoke ? 1000 : 20000;
    public int RevocationRounds => Smoke ? 2 : 10;

    /// <summary>P5: revocation rounds before the timed ones (the first revocation on a fresh cluster JIT-compiles its path).</summary>
    public int RevocationWarmUpRounds => Smoke ? 1 : 2;
}

/// <summary>The command line.</summary>
internal sealed record CommandLine(bool Smoke, string? Out, bool Help, IReadOnlySet<string>? Only = null)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tools/Mit.Benchmarks -- [--smoke] [--only P2,P7] [--out docs/benchmarks.md]

          --smoke       a short run (a few seconds per figure) to check that every figure can be measured
          --only LIST   measure only these benchmarks (P1 … P9, comma-separated); P1 and P6 go together for P6's ratio
          --out PATH    also write the report (markdown) to PATH; without it the report goes to stdout only

        Exit codes: 0 everything measured (a missed goal is reported, not an error), 1 something could not be
        measured (a leg failed, a release was lost), 2 wrong command line.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var smoke = false;
        var help = false;
        string? output = null;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--smoke":
                    smoke = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                case "--only":
                    var list = i + 1 < args.Count ? args[++i] : throw new UsageException("--only needs a list such as P2,P7.");
                    only = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(b => b.ToUpperInvariant())];
                    if (only.Count == 0 || !only.All(HarnessOptions.Benchmarks.Contains))
                    {
                        throw new UsageException($"--only: '{list}' names no benchmark or an unknown one (use P1 … P9).");
                    }
                    break;
                case "--out":
                    output = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                        ? args[++i]
                        : throw new UsageException("--out needs a path.");
                    break;
                default:
                    output = arg.StartsWith("--out=", StringComparison.Ordinal) && arg.Length > 6
                        ? arg[6..]
                        : throw new UsageException($"Unknown argument '{arg}'.");
                    break;
            }
        }
        return new CommandLine(smoke, output, help, only);
    }
}
