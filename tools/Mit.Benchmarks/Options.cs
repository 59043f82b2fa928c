namespace Mit.Benchmarks;

/// <summary>A wrong command line: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The command line, and the run's sizes that follow from --smoke.</summary>
internal sealed record Options(bool Smoke, string? Out, bool Help)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tools/Mit.Benchmarks -- [--smoke] [--out docs/benchmarks.md]

          --smoke       a short run (1 s warm-up + 3 s) to check that everything works
          --out PATH    also write the report (markdown) to PATH; without it the table goes to stdout only

        Exit codes: 0 measured (a missed goal is reported, not an error), 1 something could not be measured,
        2 wrong command line.
        """;

    /// <summary>B1: co-signs started per second, open loop.</summary>
    public const double ReleasesPerSecond = 100;

    /// <summary>B1: releases at the start that warm up the JIT, connections and caches; not in the figures.</summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(Smoke ? 1 : 3);

    /// <summary>B1: the measured window after the warm-up.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(Smoke ? 3 : 20);

    public int WarmUpReleases => (int)(WarmUp.TotalSeconds * ReleasesPerSecond);
    public int MeasuredReleases => (int)(Window.TotalSeconds * ReleasesPerSecond);

    /// <summary>B2: messages sent one at a time before measuring, then measured.</summary>
    public int FloorWarmUp => Smoke ? 50 : 100;
    public int FloorMessages => Smoke ? 200 : 500;

    public static Options Parse(IReadOnlyList<string> args)
    {
        var smoke = false;
        var help = false;
        string? output = null;
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
        return new Options(smoke, output, help);
    }
}
