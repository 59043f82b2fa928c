using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Mit.Benchmarks;

/// <summary>Progress goes to stderr, so stdout holds only the report.</summary>
internal static class Progress
{
    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

/// <summary>Where the figures were measured; the load average records how busy the shared machine was.</summary>
internal sealed record Machine(int Cores, string Memory, string LoadAverageAtStart, string LoadAverageAtEnd, string Os, string Runtime)
{
    public static string LoadAverage() => Read("/proc/loadavg") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    public static Machine Describe(string loadAtStart) => new(
        Environment.ProcessorCount, MemTotal(), loadAtStart, LoadAverage(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    private static string MemTotal()
    {
        var total = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = total?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var value, "kB"] ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
        return kb > 0 ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB") : "unknown";
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Everything of one run, as written to the JSON block.</summary>
internal sealed record RunRecord(string Mode, string DateUtc, string Commit, Machine Machine, double ReleasesPerSecond, double WarmUpSeconds,
    double WindowSeconds, FanOutResult FanOut, FloorResult BrokerFloor);

/// <summary>The markdown report: intro, how to run, then this run's table and raw numbers.</summary>
internal static class Report
{
    public const double SkewGoalMs = 5;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private const string Intro = """
        # Benchmarks

        How close together a joint release reaches the two committees. When VWS co-signs a request that SZW drafted
        (or the other way round), AdviceRequests releases it in one transaction and publishes one event from its outbox;
        the Committees process consumes it from two durable quorum queues, one per desk, and stores it on the MIT desk
        and on the OMT desk, each stamped with `received_at`. The promise is "the same instant, the same digest".

        The tool starts a loopback cluster (a private RabbitMQ and PostgreSQL from the OS packages on free loopback
        ports, then the platform's services and the gateway as separate processes, exactly as the system tests do),
        measures both figures in one run and stops everything again.

        ## How to run

        ```
        dotnet run -c Release --project tools/Mit.Benchmarks -- [--smoke] [--out docs/benchmarks.md]
        ```

        `--smoke` is a short run (1 s warm-up + 3 s) to check that everything works; its figures are not to be quoted.
        Without `--out` the table only goes to stdout; with it this file is rewritten. Progress goes to stderr. Exit code
        0 means everything was measured, whether or not a goal was met (goals are tracked, not asserted); 1 means
        something could not be measured (a co-sign failed, a release is missing from a desk or doubled, a digest differs);
        2 is a wrong command line. It needs `rabbitmq-server` and PostgreSQL installed (see `test.sh`) or a Docker engine.

        ## What the figures mean

        - **B1 fan-out skew**: drafts are prepared first (not timed); then they are co-signed through the gateway
          open-loop at a fixed 100 releases/s: each co-sign starts at its scheduled time on one Stopwatch, whether or
          not earlier ones have returned, so a slow platform shows up as latency instead of as a lower offered rate.
          The first 3 s are warm-up and excluded; the next 20 s (2000 releases) are measured. Afterwards both desks are
          read whole (`ListDesk`, paged by position), and per released request:
          - *skew* = |MIT `received_at` − OMT `received_at`|: how far apart the two desks got the same release.
            Goal: p99 ≤ 5 ms. Also counted: which desk stored each release first; a skew that always falls on one side
            points at one queue or consumer lagging the other rather than at random jitter.
          - *end-to-end latency* = the later of the two `received_at` − `released_at` (release commit to the second desk:
            outbox dispatch, broker, consumer).
          - counts: released, on each desk, on one desk only (must be 0), doubled (must be 0), digest differing from
            the released one (must be 0).
          - the client side: co-sign call latency, and how late co-signs started against the schedule. A start more than
            one interval (10 ms) late means the client fell behind its schedule; such starts are counted, with the rate
            really offered over the window. The raw numbers also hold how long the schedule's own thread took to start
            each call (`startCallMs`), which tells a slow client from a busy machine.
        - **B2 broker floor** (context for B1): RabbitMQ.Client alone against the same broker: a durable quorum queue,
          publisher confirms, one message in flight at a time; the time from publish to delivery at a consumer
          (round trip) and to the publisher confirm, p50/p99 over 500 messages after 100 warm-up. No MassTransit, no
          outbox, no database: B1's latency minus this floor is what the platform adds. It runs right after B1, on the
          then idle cluster. The two ratio rows put B1 in units of this floor.

        Percentiles are nearest-rank (each is an observed sample). All timestamps come from one machine's clock;
        `received_at` is taken by the Committees consumer when the message arrives, before it writes the desk entry.

        These machines are shared and noisy (other builds and test runs use the same cores; the load average is
        recorded below), so absolute times move from run to run. Compare ratios within one run (B1 against the B2
        floor on the same broker) rather than absolute times across runs.
        """;

    public static RunRecord Record(Options options, FanOutResult fanOut, FloorResult floor, string loadAtStart) => new(
        options.Smoke ? "smoke" : "full",
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        Commit(),
        Machine.Describe(loadAtStart),
        Options.ReleasesPerSecond,
        options.WarmUp.TotalSeconds,
        options.Window.TotalSeconds,
        fanOut,
        floor);

    /// <summary>This run's section: header lines, the table and the raw numbers; printed to stdout and under the intro.</summary>
    public static string Results(RunRecord run)
    {
        var f = run.FanOut;
        var b = run.BrokerFloor;
        var m = run.Machine;
        var s = new StringBuilder();
        s.AppendLine(run.Mode == "smoke" ? "## Results — SMOKE RUN (short, not a measurement to quote)" : "## Results");
        s.AppendLine();
        if (f.Problems.Count > 0)
        {
            s.AppendLine("**INCOMPLETE: something could not be measured:** " + string.Join("; ", f.Problems) + ".");
            s.AppendLine();
        }
        s.AppendLine(Inv($"- Date: {run.DateUtc}"));
        s.AppendLine(Inv($"- Commit: {run.Commit}"));
        s.AppendLine(Inv($"- Machine: {m.Cores} cores, {m.Memory} memory, load average (1/5/15 min) {m.LoadAverageAtStart} at start, {m.LoadAverageAtEnd} at end"));
        s.AppendLine(Inv($"- Runtime: {m.Runtime} on {m.Os}"));
        s.AppendLine(Inv($"- B1: {run.ReleasesPerSecond:0} releases/s open loop, {run.WarmUpSeconds:0} s warm-up ({f.WarmUpReleases} releases) excluded, {run.WindowSeconds:0} s measured ({f.Scheduled} releases)"));
        s.AppendLine();
        s.AppendLine("| Figure | Value | Goal | Pass/fail |");
        s.AppendLine("|---|---|---|---|");
        Row(s, "B1 fan-out skew p50", Ms(f.SkewMs.P50));
        Row(s, "B1 fan-out skew p99", Ms(f.SkewMs.P99), Inv($"≤ {SkewGoalMs:0} ms"), f.SkewMs.Count > 0 && f.SkewMs.P99 <= SkewGoalMs);
        Row(s, "B1 fan-out skew max", Ms(f.SkewMs.Max));
        Row(s, "B1 which desk stored it first (MIT / OMT)", Inv($"{f.MitFirst} / {f.OmtFirst}"));
        Row(s, "B1 end-to-end latency p50", Ms(f.EndToEndMs.P50));
        Row(s, "B1 end-to-end latency p99", Ms(f.EndToEndMs.P99));
        Row(s, "B1 end-to-end latency max", Ms(f.EndToEndMs.Max));
        Row(s, "B1 released (measured window)", Inv($"{f.Released} of {f.Scheduled}"), "all", f.Released == f.Scheduled);
        Row(s, "B1 on MIT desk", Inv($"{f.OnMitDesk}"), "= released", f.OnMitDesk == f.Released);
        Row(s, "B1 on OMT desk", Inv($"{f.OnOmtDesk}"), "= released", f.OnOmtDesk == f.Released);
        Row(s, "B1 on one desk only", Inv($"{f.OnOneDeskOnly}"), "0", f.OnOneDeskOnly == 0);
        Row(s, "B1 doubled on a desk", Inv($"{f.Doubled}"), "0", f.Doubled == 0);
        Row(s, "B1 digest differs from released", Inv($"{f.DigestMismatches}"), "0", f.DigestMismatches == 0);
        Row(s, "B1 co-sign call p50 / p99 (client)", $"{Ms(f.CoSignCallMs.P50)} / {Ms(f.CoSignCallMs.P99)}");
        Row(s, "B1 client fell behind (starts > 10 ms late)",
            Inv($"{f.LateStarts} (max {Ms(f.StartLatenessMs.Max)} late, {f.AchievedPerSecond:0.0}/s offered)"), "0", f.LateStarts == 0);
        Row(s, "B2 broker floor round trip p50", Ms(b.RoundTripMs.P50));
        Row(s, "B2 broker floor round trip p99", Ms(b.RoundTripMs.P99));
        Row(s, "B2 broker floor confirm p50 / p99", $"{Ms(b.ConfirmMs.P50)} / {Ms(b.ConfirmMs.P99)}");
        Row(s, "Ratio B1 end-to-end p50 ÷ B2 round trip p50", Ratio(f.EndToEndMs.P50, b.RoundTripMs.P50));
        Row(s, "Ratio B1 skew p99 ÷ B2 round trip p50", Ratio(f.SkewMs.P99, b.RoundTripMs.P50));
        s.AppendLine();
        s.AppendLine("Raw numbers (milliseconds unless named otherwise):");
        s.AppendLine();
        s.AppendLine("```json");
        s.AppendLine(JsonSerializer.Serialize(run, Json));
        s.AppendLine("```");
        return s.ToString();
    }

    public static string Markdown(RunRecord run) => Intro + "\n\n" + Results(run);

    private static void Row(StringBuilder s, string figure, string value, string goal = "—", bool? pass = null) =>
        s.AppendLine($"| {figure} | {value} | {goal} | {(pass is null ? "—" : pass.Value ? "pass" : "FAIL")} |");

    private static string Ms(double ms) => Inv($"{ms:0.000} ms");

    private static string Ratio(double value, double floor) => floor > 0 ? Inv($"{value / floor:0.00}×") : "—";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The short commit, and whether the working tree differed from it (others may be editing it).</summary>
    private static string Commit()
    {
        var root = RepositoryRoot();
        var head = Git(root, "rev-parse", "--short", "HEAD");
        if (string.IsNullOrEmpty(head))
        {
            return "unknown";
        }
        return string.IsNullOrEmpty(Git(root, "status", "--porcelain")) ? head : head + " (with uncommitted changes)";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mit.Platform.sln")))
            {
                return dir.FullName;
            }
        }
        return Environment.CurrentDirectory;
    }

    private static string? Git(string directory, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git", args)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            return git.WaitForExit(10_000) && git.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
