using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mit.Benchmarks;

/// <summary>The markdown report: intro, how to run, what each figure means, then this run's table and raw numbers.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private const string Intro = """
        # Benchmarks

        The platform's speed, measured as figures that are mostly ratios, all in one run. One command starts a
        loopback cluster (a private RabbitMQ, PostgreSQL and Redis from the OS packages on free loopback ports, then
        the identity service, AdviceRequests, Committees and the gateway as separate processes, exactly as the system
        tests do), measures P1, P2, P5, P6, P4 and P3 on it, stops it, then measures P7 on the all-in-one host alone, and
        writes this file.

        ## How to run

        ```
        dotnet run -c Release --project tools/Mit.Benchmarks -- [--smoke] [--out docs/benchmarks.md]
        ```

        A full run takes 10–20 minutes on 2 cores, most of it P3 (its drafts are prepared before its 120 s window and
        its releases must all reach both desks afterwards); the run records its own length below. `--smoke` is a short
        run (a few seconds per figure, about 80 s in all on a quiet 2-core machine) that only checks that every figure
        can be measured; its figures are not to be quoted. CI runs it as the test
        `tests/Mit.Platform.BenchmarkSmokeTests` (in-process, through `Harness.RunAsync`), which asserts that every
        figure has a value and that no release was lost — not that a goal was met. Without `--out` the report goes to
        stdout only; with it this file is rewritten. Progress goes to stderr. Exit code 0 means everything was measured,
        whether or not a goal was met (goals are tracked, not asserted); 1 means something could not be measured (a leg
        failed, a call failed, a release was lost, doubled or arrived with another digest); 2 is a wrong command line.
        It needs `rabbitmq-server`, `redis-server` and PostgreSQL installed (see `test.sh`) or a Docker engine.

        These machines are shared and noisy: other builds and test runs use the same cores (the load average before
        each benchmark is in the raw numbers), so absolute times move from run to run, sometimes by a factor. **Ratios
        within one run matter more than absolute times across runs**: P2 compares two legs interleaved call by call,
        P4 two legs alternating on one broker, P6 puts P1 in units of bare hops measured a minute later on the same
        machine.

        ## What the figures mean

        Latencies within one process are taken on the monotonic clock (`Stopwatch`). Across processes (a desk's
        `received_at` against the release's `released_at`) they come from the one machine's wall clock. Every
        benchmark except P7's cold start has a warm-up (JIT, connection pools, caches) that is excluded. Percentiles
        are nearest-rank: each is an observed sample.

        - **P1 fan-out skew.** Drafts are prepared first (not timed). They are co-signed as VWS through the gateway
          open-loop at a fixed 100 releases/s: each co-sign starts at its scheduled time on one Stopwatch whether or not
          earlier ones have returned, so a slow platform shows as latency instead of as a lower offered rate. The first
          5 s (500 releases) are warm-up at the same rate; the next 20 s (2000 releases) are measured. Then both desks
          are read (`ListDesk`, as their secretariats) and per released request: *skew* = |MIT `received_at` − OMT
          `received_at`| (goals p50 ≤ 1 ms, p99 ≤ 5 ms) and *end-to-end* = the later `received_at` − `released_at`
          (release commit → outbox dispatch → broker → both consumers). The line above the table says which desk
          stored each release first: a skew that always falls on one side points at one queue or consumer lagging the
          other, not at random jitter. *Lost*: released requests not on both desks exactly once with the released digest
          (must be 0; otherwise the run is incomplete). *Client fell behind*: co-signs that started more than one
          interval (10 ms) late — then the offered rate was not 100/s.
        - **P2 gateway overhead.** The same read (`GetRequest` of one released request, as `szw-requester`, with the
          same real token) straight to the AdviceRequests process and through the gateway, on two fresh channels,
          alternating call by call at a fixed open-loop 200 calls/s (100/s per leg); 1000 warm-up calls, then 4000
          measured (2000 per leg). Goals: gateway p50 ≤ 1.5 × direct p50 and ≤ direct p50 + 0.3 ms; gateway p99 ≤
          2 × direct p99.
        - **P3 sustained durable throughput.** Closed loop: 32 callers each co-sign the next prepared draft as soon as
          their previous co-sign returned, for 120 s; every release is durable (one transaction with the outbox,
          confirmed publish to two quorum queues, two desk writes). A warm-up of 2000 co-signs comes first; its rate
          sizes the drafts prepared for the window (twice the warm-up rate, at least 300/s and at most 750/s, times
          120 s; if they run out, the window ends early and the report says so). Afterwards both desks are read:
          every release must be on both, once (lost must be 0). Goals: ≥ 500 releases/s, end-to-end p99 ≤ 50 ms.
          Also shown: releases reaching both desks per second, from the window's start until the last one arrived; if
          it is lower than the release rate, the fan-out is the bottleneck and the end-to-end latency is mostly the
          backlog it builds.
        - **P4 confirm cost.** RabbitMQ.Client alone on the cluster's broker: a durable quorum queue, persistent
          512-byte messages, nobody consuming. Confirmed: 128 publishes in flight, each batch awaited until the broker
          confirmed all. Unconfirmed: publish as fast as the connection takes them, timed until the queue holds them
          all. Three rounds of 5 s per leg, alternating which goes first, each from an emptied queue, after a 2 s
          warm-up of each. Goal: confirmed ≥ 60 % of unconfirmed.
        - **P5 access check.** On the cluster's real Redis, with two Briefings replicas. *Cache hit*: the Briefings
          service's own `AccessGate`, in the benchmark process on the cluster's Redis, checks an MIT secretariat reader
          against a consented request one check at a time; after the first check every answer comes from two
          EpochCache reads (the request's sharing and the reader's membership, each read with its epoch in one round
          trip). 2000 warm-up + 20000 measured; goal p99 ≤ 2 ms. *Revocation → deny*: per round (10) a fresh request
          with a briefing and a consent, one MIT secretariat reader per replica reading it in a loop straight at that
          replica; `RevokeConsent` through the gateway; from sending it until each replica's first denied read
          completed (the slower replica counts); goal ≤ 100 ms. Every read that started after the call returned is
          counted: allowed ones must be 0.
        - **P6 distance from the floor.** Calibration legs in the same run, one call in flight at a time: a bare gRPC
          round trip over h2c on loopback (Grpc.Net.Client to a Kestrel server inside the benchmark process with only
          the gRPC health service and one check that answers Healthy), a Redis `PING` (StackExchange.Redis, a Redis of
          its own),
          and a confirmed publish → consume round trip on the cluster's broker (RabbitMQ.Client, durable quorum queue).
          200 warm-up + 2000 measured each (broker: 100 + 500). P1's end-to-end p50 as a multiple of the sum of their
          p50s: goal ≤ 10×.
        - **P7 all-in-one host.** `dotnet deploy/AllInOne/bin/Release/net10.0/Mit.Platform.AllInOne.dll` in
          Development with a fresh temporary data folder and free ports, started after the cluster is stopped. *Cold
          start to serving*: from starting the process until a gRPC call through its gateway (`ListRequests`) with a
          password-grant token from its web port succeeds (polled every 20 ms; the build output is on a warm disk, so
          this is the process's own start-up: runtime, JIT, SQLite schemas, demo personas). Resident memory (VmRSS
          from `/proc/PID/status`) after 5 s idle, and its peak while 8 closed-loop callers draft and co-sign for 20 s.

        """;

    /// <summary>This run's section: header lines, the table and the raw numbers; printed to stdout and under the intro.</summary>
    public static string Results(BenchmarkRun run)
    {
        var m = run.Machine;
        var s = new StringBuilder();
        s.AppendLine(run.Mode == "smoke" ? "## Results — SMOKE RUN (short, not a measurement to quote)" : "## Results");
        s.AppendLine();
        if (run.ExitCode != 0)
        {
            s.AppendLine("**INCOMPLETE: something could not be measured:** " + string.Join("; ", run.Problems.DefaultIfEmpty("see the rows marked NOT MEASURED")) + ".");
            s.AppendLine();
        }
        s.AppendLine(Inv($"- Date: {run.DateUtc}"));
        s.AppendLine(Inv($"- Commit: {run.Commit}"));
        s.AppendLine(Inv($"- Machine: {m.Cores} cores, {m.Memory} memory, load average (1/5/15 min) {m.LoadAverageAtStart} at start, {m.LoadAverageAtEnd} at end"));
        s.AppendLine(Inv($"- Runtime: {m.Runtime} on {m.Os}"));
        s.AppendLine(Inv($"- The whole run took {run.WallClockSeconds:0} s."));
        if (run.P3Throughput is { RanOutOfDrafts: true } p3)
        {
            s.AppendLine(Inv($"- P3 ran out of prepared drafts: its window was {p3.WindowSeconds:0.0} s instead of {p3.PlannedWindowSeconds:0} s."));
        }
        if (run.P1FanOut is { } p1)
        {
            s.AppendLine(Inv($"- P1: the MIT desk stored {p1.Delivery.MitFirst} releases first, the OMT desk {p1.Delivery.OmtFirst} (the rest at the same instant); {p1.AchievedPerSecond:0.0} co-signs/s really offered."));
        }
        s.AppendLine();
        s.AppendLine("| Figure | Value | Goal | Pass/fail |");
        s.AppendLine("|---|---|---|---|");
        foreach (var f in run.Figures)
        {
            var (value, pass) = f.Status switch
            {
                FigureStatus.NotBuiltYet => ("not built yet", "—"),
                FigureStatus.NotMeasured => ("**NOT MEASURED**", "—"),
                _ => (Format(f.Value!.Value, f.Unit), f.Pass is null ? "—" : f.Pass.Value ? "pass" : "FAIL"),
            };
            s.AppendLine($"| {Cell(f.Benchmark + " " + f.Name)} | {value} | {Cell(f.Goal ?? "—")} | {pass} |");
        }
        s.AppendLine();
        s.AppendLine("Raw numbers (milliseconds unless named otherwise):");
        s.AppendLine();
        s.AppendLine("```json");
        s.AppendLine(JsonSerializer.Serialize(run, Json));
        s.AppendLine("```");
        return s.ToString();
    }

    public static string Markdown(BenchmarkRun run) => Intro + "\n" + Results(run);

    private static string Format(double value, string unit) => unit switch
    {
        "ms" => Inv($"{value:0.000} ms"),
        "×" => Inv($"{value:0.00}×"),
        "%" => Inv($"{value:0.0} %"),
        "/s" => Inv($"{value:0.0}/s"),
        "s" => Inv($"{value:0.00} s"),
        "MiB" => Inv($"{value:0} MiB"),
        "count" => Inv($"{value:0}"),
        _ => Inv($"{value:0.###} {unit}"),
    };

    /// <summary>A table cell: a pipe in the text would end it.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
