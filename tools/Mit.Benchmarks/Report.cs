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
        the identity service, AdviceRequests, Committees, Publication, two Briefings replicas, the portal and the
        gateway as separate processes, exactly as the system tests do), measures P1, P2, P5, P6, P4 and P3 on it, stops
        it, then starts the all-in-one host (SQLite, in-memory bus) as one process and measures P7 (its start and
        memory), P1 again, P8 and P9 (the portal) and P3 again on it, and writes this file. The table has a column per
        host: P1 and P3 have both; P2, P4, P5 and P6 need the cluster's separate processes, broker or Redis; P7, P8 and
        P9 are the all-in-one's. Goals are never lowered here: [benchmark-limits.md](benchmark-limits.md) reads the
        recorded run and says, for each goal it did not meet, which resource is the limit (with the figure that shows
        it) and what it would take.

        ## How to run

        ```
        dotnet run -c Release --project tools/Mit.Benchmarks -- [--smoke] [--only P2,P7] [--out docs/benchmarks.md]
        ```

        A full run takes about 15 minutes on 2 cores, most of it P3 twice (its drafts are prepared before its 120 s window
        and its releases must all reach both desks afterwards) and P9's 1000 publications; the run records its own
        length below. `--smoke` is a short run (a few seconds per figure, a few minutes in all on a quiet 2-core
        machine) that only checks that every figure can be measured; its figures are not to be quoted. CI runs it as
        the test `tests/Mit.Platform.BenchmarkSmokeTests` (in-process, through `Harness.RunAsync`), which asserts that
        every figure (and every all-in-one column) has a value, that no release was lost and that every release reached
        both live desk streams and both desk pages — not that a goal was met. `--only` measures some benchmarks
        (comma-separated, P1 … P9) and starts only the host(s) they need: a quick check of one figure after a change
        (`--only P2` for the gateway, `--only P7` for the all-in-one's start; `--smoke --only P2` is about a minute).
        P6's ratios use P1: select both. Without `--out` the report goes to stdout only; with it this file is
        rewritten. Progress goes to stderr. Exit code 0 means everything was measured, whether or not a goal was met
        (goals are tracked, not asserted, and never lowered); 1 means something could not be measured (a leg failed, a
        call failed, a release was lost, doubled or arrived with another digest); 2 is a wrong command line. It needs
        `rabbitmq-server`, `redis-server`, PostgreSQL and `chromium` installed (see `test.sh`).

        These machines are shared and noisy: other builds and test runs use the same cores. The report prints the load
        average at the start and at the end, and **warns when the 1-minute load average was above 1.5 at the start**:
        then the figures are noisy and not to be recorded (the load before each benchmark is in the raw numbers).
        Absolute times move from run to run, sometimes by a factor. **Ratios within one run matter more than absolute
        times across runs**: P2 compares two legs interleaved call by call (and reports CPU time per call, which a busy
        machine moves less than latency), P4 two legs alternating on one broker, P6 puts P1 in units of bare hops
        measured a minute later on the same machine.

        ## What the figures mean

        Latencies within one process are taken on the monotonic clock (`Stopwatch`). Across processes (a desk's
        `received_at` against the release's `released_at`, a browser page's clock against this process's) they come
        from the one machine's wall clock. Every benchmark except P7's cold start has a warm-up (JIT, connection pools,
        caches) that is excluded. Percentiles are nearest-rank: each is an observed sample.

        - **P1 fan-out skew, in storage and at the watchers.** Drafts are prepared first (not timed). Before the first
          release two live desk streams are opened in the benchmark process, through the gateway: `WatchDesk` of the
          MIT desk as the MIT secretariat and of the OMT desk as the OMT secretary, as the two secretariats' screens hold
          them. Requests are co-signed as VWS through the gateway open-loop at a fixed 100 releases/s: each co-sign
          starts at its scheduled time on one Stopwatch whether or not earlier ones have returned, so a slow platform
          shows as latency instead of as a lower offered rate. The first 120 s (12 000 releases) are warm-up at the same
          rate (with dynamic PGO the tiered JIT of six processes on two cores kept compiling for 70–80 s of this load;
          the row "the platform's JIT compiling in the window" shows what was left in the window); the run then waits
          until both desks and both streams hold every warm-up release, so the window starts on a drained platform, and
          the next 20 s (2000 releases) are measured. *Skew at the watchers* = the difference of the two streams'
          receive times of one release, both taken on this process's one Stopwatch (goals p50 ≤ 1 ms, p99 ≤ 5 ms):
          what the two secretariats experience. *Co-sign sent → both watchers* = from sending the co-sign call to the
          later of the two receive times (goal p50 ≤ 10 × the floor of P6). Then both desks are read (`ListDesk`) and
          per released request: *skew in storage* = |MIT `received_at` − OMT `received_at`| (goal 0: both desks of a
          release are written in one transaction with one time) and *end-to-end in storage* = the later `received_at` −
          `released_at`. The line above the table says which desk and which watcher got each release first: a skew that
          always falls on one side points at one path lagging the other, not at random jitter. *Lost*: released
          requests not on both desks exactly once with the released digest (must be 0; a release missing from a
          stream is a problem too). *Client fell behind*: co-signs that started more than one interval (10 ms) late —
          then the offered rate was not 100/s. The all-in-one column is the same benchmark on the all-in-one host.
        - **P2 gateway overhead.** The same read (`GetRequest` of one released request, as `szw-requester`, with the
          same real token) straight to the AdviceRequests process, through the gateway, and through a bare proxy
          process in front of AdviceRequests (YARP forwarding over h2c and nothing else, started from the benchmark's
          own build with the gateway's runtime settings), on three fresh channels, taking turns call by call at a fixed
          open-loop 300 calls/s (100/s per leg); 9000 warm-up calls (30 s: the JIT's tiers settle), then 6000 measured
          (2000 per leg). Goals: gateway p50 ≤ 1.5 × direct p50 and ≤ direct p50 + 0.3 ms; gateway p99 ≤ 2 × direct
          p99. The bare proxy process is not a goal: bare proxy − direct is what any separate proxy process adds on
          this machine (its process to wake and its two more loopback legs per call), and gateway − bare proxy is what
          the gateway's own work adds (token check, rate limiter, correlation id, error translation). Also shown: each
          proxy process's CPU time (user + system, from the kernel) per forwarded call, and AdviceRequests' per call,
          over the measured window.
        - **P3 sustained durable throughput.** Closed loop: 32 callers each co-sign the next prepared draft as soon as
          their previous co-sign returned, for 120 s; every release is durable (one transaction with the outbox,
          confirmed publish to the broker, both desk entries written). A warm-up of 2000 co-signs comes first; its
          rate sizes the drafts prepared for the window (twice the warm-up rate, at least 650/s and at most 750/s, times
          120 s; if they run out, the window ends early and the report says so). Afterwards both desks are read: every
          release must be on both, once (lost must be 0). Goals: ≥ 500 releases/s accepted and reaching both desks
          (from the window's start until the last one arrived), end-to-end p99 ≤ 50 ms; if the rate reaching both desks
          is lower than the release rate, the fan-out is the bottleneck and the end-to-end latency is mostly the
          backlog it builds.
        - **P4 dispatcher ÷ raw confirmed publishing.** On the cluster's broker, same run, alternating legs in three
          rounds after a warm-up of each. *Raw*: RabbitMQ.Client alone, a durable quorum queue, persistent 512-byte
          messages, nobody consuming, 128 publishes in flight, each batch awaited until the broker confirmed all, 5 s.
          *Dispatcher*: the platform's own `OutboxDispatcher` and bus (MassTransit on RabbitMQ configured as the
          services are), in the benchmark process, on a database of the cluster's PostgreSQL holding the outbox table:
          as many rows as the raw leg sent in its 5 s (events with a 512-character field) are written in one
          transaction (not timed), the dispatcher is woken, and the leg ends when every row is marked sent (published,
          confirmed into a durable quorum queue bound to the event's exchange, recorded) and the queue holds them all.
          Goal: dispatcher ≥ 60 % of raw.
        - **P5 access check.** On the cluster's real Redis, with two Briefings replicas. *Cache hit*: the Briefings
          service's own `AccessGate`, in the benchmark process on the cluster's Redis, checks an MIT secretariat reader
          against a consented request one check at a time; after the first check every answer comes from two
          EpochCache reads (the request's sharing and the reader's membership, each read with its epoch in one round
          trip). 2000 warm-up + 20000 measured; goal p99 ≤ 1 ms. *Revocation → deny*: per round (2 warm-up rounds, not timed, then 10) a fresh request
          with a briefing and a consent, one MIT secretariat reader per replica reading it in a loop straight at that
          replica; `RevokeConsent` through the gateway; from sending it until each replica's first denied read
          completed (the slower replica counts); goal ≤ 50 ms. Every read that started after the call returned is
          counted: allowed ones must be 0.
        - **P6 distance from the floor.** Calibration legs in the same run, one call in flight at a time: a bare gRPC
          round trip over h2c on loopback (Grpc.Net.Client to a Kestrel server inside the benchmark process with only
          the gRPC health service and one check that answers Healthy), a Redis `PING` (StackExchange.Redis, a Redis of
          its own), and a confirmed publish → consume round trip on the cluster's broker (RabbitMQ.Client, durable
          quorum queue). 200 warm-up + 2000 measured each (broker: 100 + 500). P1's end-to-end in storage p50 and its
          co-sign → both watchers p50 as multiples of the sum of their p50s: goal ≤ 10×. Also, for P2: the same
          health call through a bare YARP proxy (in this process, nothing but forwarding over h2c, as the gateway
          forwards to a service), alternating call by call with the straight one; the difference of their p50s is
          what one proxy hop adds by itself when no other process has to be woken for it (P2 measures the same proxy
          as a process of its own).
        - **P7 all-in-one host.** `dotnet deploy/AllInOne/bin/Release/net10.0/Mit.Platform.AllInOne.dll` in
          Development with a fresh temporary data folder and free ports, started after the cluster is stopped. *Cold
          start to serving*: from starting the process until a gRPC call through its gateway (`ListRequests`) with a
          password-grant token from its web port succeeds (polled every 20 ms; the build output is on a warm disk, so
          this is the process's own start-up: runtime, JIT, five SQLite schemas, demo personas, the portal); goal ≤ 5 s.
          Also shown: the CPU time (user + system, all threads) the host used until serving, which a busy machine moves
          less than the wall time.
          Resident memory (VmRSS from `/proc/PID/status`) after 5 s idle (goal ≤ 250 MiB), and its peak while 8
          closed-loop callers draft and co-sign for 20 s.
        - **P8 the two desk pages.** On the all-in-one: the portal's MIT desk page (`/balie/mit`, as the MIT
          secretariat) and OMT desk page (`/balie/omt`, as the OMT secretary), each in its own browser context of one
          headless chromium (Debian's, through Playwright), signed in through the real sign-in pages and served
          through the gateway's web port. A MutationObserver in each page reports each released entry the moment it is
          in the page's DOM, with the page's clock read as `performance.timeOrigin + performance.now()` (the two pages
          have different time origins; this puts both on the machine's wall clock). 5 warm-up releases, then 100, each
          co-signed by a gRPC call as VWS (not a click) after the previous one showed on both pages. *Gap* = the
          difference of the two pages' times (goal p99 ≤ 50 ms); *co-sign call sent → both pages* = from this process
          sending the co-sign (wall clock) to the later page's time.
        - **P9 the public document list.** On the all-in-one, with 1000 published documents: work programmes, each
          published through the real publication flow and its rules (uploaded by the MIT secretariat, sent to the SG
          SZW, sent to parliament and published by the SZW publication officer — four calls each, not timed; the
          shortest honest route to a published document). Then 200 warm-up and 200 timed reads, one at a time over one
          kept-alive connection to the gateway's web port, anonymous: `GET /public/v1/documents` (the JSON list) and
          `GET /openbaar` (the portal's page, server-rendered). *Server time* here is the loopback client's time from
          sending the request to the last byte read: the server's time plus one loopback round trip, an upper bound;
          goal p95 ≤ 50 ms.

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
        if (run.BusyAtStart)
        {
            s.AppendLine(Inv($"**WARNING: the load average at the start was {m.LoadAverageAtStart} (above {HarnessOptions.BusyLoadAverage}): the machine was busy with other work; these figures are noisy.**"));
            s.AppendLine();
        }
        s.AppendLine(Inv($"- Date: {run.DateUtc}"));
        s.AppendLine(Inv($"- Commit: {run.Commit}"));
        s.AppendLine(Inv($"- Machine: {m.Cores} cores, {m.Memory} memory, load average (1/5/15 min) {m.LoadAverageAtStart} at start, {m.LoadAverageAtEnd} at end"));
        s.AppendLine(Inv($"- Runtime: {m.Runtime} on {m.Os}"));
        s.AppendLine(Inv($"- The whole run took {run.WallClockSeconds:0} s."));
        foreach (var (label, p3) in new[] { ("P3", run.Results.P3Throughput), ("P3 on the all-in-one", run.Results.P3ThroughputAllInOne) })
        {
            if (p3 is { RanOutOfDrafts: true })
            {
                s.AppendLine(Inv($"- {label} ran out of prepared drafts: its window was {p3.WindowSeconds:0.0} s instead of {p3.PlannedWindowSeconds:0} s."));
            }
        }
        foreach (var (label, p1) in new[] { ("P1", run.Results.P1FanOut), ("P1 on the all-in-one", run.Results.P1FanOutAllInOne) })
        {
            if (p1 is not null)
            {
                s.AppendLine(Inv($"- {label}: the MIT desk stored {p1.Delivery.MitFirst} releases first, the OMT desk {p1.Delivery.OmtFirst} (the rest at the same instant); the MIT watcher got {p1.Watchers.MitFirst} first, the OMT watcher {p1.Watchers.OmtFirst}; {p1.AchievedPerSecond:0.0} co-signs/s really offered."));
            }
        }
        s.AppendLine();
        s.AppendLine("| Figure | Loopback cluster | Pass/fail | All-in-one | Pass/fail | Goal |");
        s.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in run.Figures)
        {
            var (value, pass) = Cells(f);
            var (allInOne, allInOnePass) = f.AllInOne is { } a ? Cells(a) : ("—", "—");
            // P7, P8 and P9 are measured on the all-in-one only: their value stands in the all-in-one column.
            if (f.Benchmark is "P7" or "P8" or "P9")
            {
                (value, pass, allInOne, allInOnePass) = ("—", "—", value, pass);
            }
            s.AppendLine($"| {Cell(f.Benchmark + " " + f.Name)} | {value} | {pass} | {allInOne} | {allInOnePass} | {Cell(f.Goal ?? "—")} |");
        }
        s.AppendLine();
        s.AppendLine("Raw numbers (milliseconds unless named otherwise):");
        s.AppendLine();
        s.AppendLine("```json");
        s.AppendLine(JsonSerializer.Serialize(run, Json));
        s.AppendLine("```");
        return s.ToString();
    }

    private static (string Value, string Pass) Cells(Figure f) => f.Status switch
    {
        FigureStatus.NotBuiltYet => ("not built yet", "—"),
        FigureStatus.NotMeasured => ("**NOT MEASURED**", "—"),
        _ => (Format(f.Value!.Value, f.Unit), f.Pass is null ? "—" : f.Pass.Value ? "pass" : "FAIL"),
    };

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
