using System.Diagnostics;
using Grpc.Core;
using Mit.Platform.Testing;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>B1's figures: what reached the desks and how far apart.</summary>
internal sealed record FanOutResult(
    int WarmUpReleases,
    int Scheduled,
    int Released,
    int FailedCoSigns,
    int OnMitDesk,
    int OnOmtDesk,
    int OnOneDeskOnly,
    int OnNeitherDesk,
    int Doubled,
    int DigestMismatches,
    int MitFirst,
    int OmtFirst,
    Summary SkewMs,
    Summary EndToEndMs,
    Summary CoSignCallMs,
    Summary StartLatenessMs,
    Summary StartCallMs,
    int LateStarts,
    double AchievedPerSecond,
    IReadOnlyList<string> Problems);

/// <summary>
/// B1: co-signs prepared drafts open-loop at a fixed rate through the gateway, then reads both desks and compares,
/// per released request, when the MIT desk and the OMT desk stored it.
/// </summary>
internal sealed class FanOutBenchmark(LoopbackCluster cluster, Options options)
{
    private const int DraftParallelism = 16;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DeskStall = TimeSpan.FromSeconds(60);

    // The demo personas of the cluster's identity service: an SZW and a VWS policy officer, the two desks' secretariats.
    private readonly AdviceRequests.AdviceRequestsClient _szw = new(cluster.As("szw-requester"));
    private readonly AdviceRequests.AdviceRequestsClient _vws = new(cluster.As("vws-requester"));
    private readonly CommitteeDesks.CommitteeDesksClient _mit = new(cluster.As("mit-secretariat"));
    private readonly CommitteeDesks.CommitteeDesksClient _omt = new(cluster.As("omt-secretary"));

    private sealed record CoSigned(string? RequestId, string? Digest, double CallMs, string? Error);

    public async Task<FanOutResult> RunAsync(CancellationToken ct)
    {
        var warmUp = options.WarmUpReleases;
        var total = warmUp + options.MeasuredReleases;

        // Drafting is not what is measured: all drafts exist before the clock starts.
        Progress.Log($"B1: drafting {total} requests as SZW (not timed)...");
        var drafts = await DraftAsync(total, ct);

        Progress.Log($"B1: co-signing as VWS at {Options.ReleasesPerSecond}/s: {warmUp} warm-up + {options.MeasuredReleases} measured...");
        var (results, lateness, startCall) = await CoSignOpenLoopAsync(drafts, ct);

        var released = results.Where(r => r.Error is null).ToDictionary(r => r.RequestId!, r => r.Digest!);
        Progress.Log($"B1: {released.Count} released; waiting for both desks...");
        var (mit, omt) = await ReadDesksAsync(released.Keys.ToHashSet(), ct);

        // Only the measured window counts. The warm-up releases were still waited for: the queues are drained before B2.
        var measured = results.Skip(warmUp).ToList();
        var measuredIds = measured.Where(r => r.Error is null).Select(r => r.RequestId!).ToList();
        var skew = new List<double>();
        var endToEnd = new List<double>();
        int onMit = 0, onOmt = 0, oneOnly = 0, neither = 0, doubled = 0, mismatches = 0, mitFirst = 0, omtFirst = 0;
        foreach (var id in measuredIds)
        {
            var m = mit.GetValueOrDefault(id) ?? [];
            var o = omt.GetValueOrDefault(id) ?? [];
            onMit += m.Count > 0 ? 1 : 0;
            onOmt += o.Count > 0 ? 1 : 0;
            oneOnly += (m.Count > 0) != (o.Count > 0) ? 1 : 0;
            neither += m.Count == 0 && o.Count == 0 ? 1 : 0;
            doubled += m.Count > 1 || o.Count > 1 ? 1 : 0;
            mismatches += m.Concat(o).Count(e => e.Digest != released[id]);
            if (m.Count > 0 && o.Count > 0)
            {
                // The first entry per desk: a doubled one is reported above, not measured twice.
                var mitAt = m[0].ReceivedAt.ToDateTimeOffset();
                var omtAt = o[0].ReceivedAt.ToDateTimeOffset();
                skew.Add(Math.Abs((mitAt - omtAt).TotalMilliseconds));
                mitFirst += mitAt < omtAt ? 1 : 0;
                omtFirst += omtAt < mitAt ? 1 : 0;
                var last = mitAt > omtAt ? mitAt : omtAt;
                endToEnd.Add((last - m[0].ReleasedAt.ToDateTimeOffset()).TotalMilliseconds);
            }
        }

        var problems = new List<string>();
        var failed = measured.Where(r => r.Error is not null).ToList();
        var failedWarmUp = results.Take(warmUp).Count(r => r.Error is not null);
        if (failed.Count + failedWarmUp > 0)
        {
            problems.Add($"{failed.Count + failedWarmUp} co-sign calls failed (first: {results.First(r => r.Error is not null).Error})");
        }
        if (oneOnly + neither > 0)
        {
            problems.Add($"{oneOnly + neither} released requests were not on both desks (nothing new arrived for {DeskStall.TotalSeconds:0} s)");
        }
        if (doubled > 0)
        {
            problems.Add($"{doubled} released requests are on a desk more than once");
        }
        if (mismatches > 0)
        {
            problems.Add($"{mismatches} desk entries carry a digest other than the released one");
        }

        var interval = 1000 / Options.ReleasesPerSecond;
        var measuredLateness = lateness.Skip(warmUp).ToList();
        return new FanOutResult(
            warmUp,
            measured.Count,
            measuredIds.Count,
            failed.Count,
            onMit,
            onOmt,
            oneOnly,
            neither,
            doubled,
            mismatches,
            mitFirst,
            omtFirst,
            Percentiles.Summarize(skew),
            Percentiles.Summarize(endToEnd),
            Percentiles.Summarize(measured.Select(r => r.CallMs)),
            Percentiles.Summarize(measuredLateness),
            // Time the schedule's thread spent starting each call: tells a client that is slow itself from a busy machine.
            Percentiles.Summarize(startCall.Skip(warmUp)),
            // "Fell behind": a co-sign started more than one interval after its scheduled time.
            measuredLateness.Count(l => l > interval),
            AchievedRate(measuredLateness, interval),
            problems);
    }

    private async Task<AdviceRequest[]> DraftAsync(int count, CancellationToken ct)
    {
        var drafts = new AdviceRequest[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = DraftParallelism, CancellationToken = ct },
            async (i, token) => drafts[i] = await _szw.DraftRequestAsync(
                new DraftRequestRequest { IdempotencyKey = Key(), Content = Content(i), CoSigningMinistry = Ministry.Vws },
                deadline: DateTime.UtcNow + CallDeadline,
                cancellationToken: token));
        return drafts;
    }

    /// <summary>
    /// Starts co-sign i at i / rate seconds on one Stopwatch, whether or not earlier calls have returned (open loop):
    /// a slow platform then shows as latency instead of silently lowering the offered rate.
    /// </summary>
    private async Task<(CoSigned[] Results, double[] LatenessMs, double[] StartCallMs)> CoSignOpenLoopAsync(AdviceRequest[] drafts, CancellationToken ct)
    {
        var calls = new Task<CoSigned>[drafts.Length];
        var lateness = new double[drafts.Length];
        var startCost = new double[drafts.Length];
        var interval = TimeSpan.FromSeconds(1 / Options.ReleasesPerSecond);
        // The schedule runs on a thread of its own: under load every call's continuations queue on the thread pool,
        // and a timer callback queued behind them would start co-signs late for reasons of the client, not the platform.
        await Task.Factory.StartNew(() =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < drafts.Length; i++)
            {
                var due = interval * i;
                TimeSpan wait;
                while ((wait = due - clock.Elapsed) > TimeSpan.Zero)
                {
                    ct.ThrowIfCancellationRequested();
                    // Rounded up to whole milliseconds (the sleep's unit), so a call never starts early.
                    Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
                }
                lateness[i] = (clock.Elapsed - due).TotalMilliseconds;
                var before = clock.Elapsed;
                calls[i] = CoSignAsync(drafts[i], ct);
                startCost[i] = (clock.Elapsed - before).TotalMilliseconds;
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return (await Task.WhenAll(calls), lateness, startCost);
    }

    private async Task<CoSigned> CoSignAsync(AdviceRequest draft, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await _vws.CoSignAsync(
                new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = 1, Digest = draft.Current.Digest },
                deadline: DateTime.UtcNow + CallDeadline,
                cancellationToken: ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return result.State == RequestState.Released && result.ReleasedVersion == 1
                ? new CoSigned(result.Id, result.Current.Digest, ms, null)
                : new CoSigned(result.Id, null, ms, $"request {result.Id} is {result.State} after co-signing");
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            return new CoSigned(draft.Id, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"{e.StatusCode}: {e.Status.Detail}");
        }
    }

    /// <summary>
    /// Reads both desks whole until every released request is on both; entries by request id. A loaded machine drains
    /// the queues slowly, so it waits as long as the desks keep growing and gives up only after a stall.
    /// </summary>
    private async Task<(Dictionary<string, List<DeskEntry>> Mit, Dictionary<string, List<DeskEntry>> Omt)> ReadDesksAsync(
        HashSet<string> released, CancellationToken ct)
    {
        var stalled = Stopwatch.StartNew();
        var seen = -1;
        var lastLog = Stopwatch.GetTimestamp();
        while (true)
        {
            var mit = ByRequest(await WholeDeskAsync(_mit, Committee.Mit, ct), released);
            var omt = ByRequest(await WholeDeskAsync(_omt, Committee.Omt, ct), released);
            if (mit.Count == released.Count && omt.Count == released.Count)
            {
                return (mit, omt);
            }
            if (mit.Count + omt.Count > seen)
            {
                seen = mit.Count + omt.Count;
                stalled.Restart();
                if (Stopwatch.GetElapsedTime(lastLog) > TimeSpan.FromSeconds(10))
                {
                    Progress.Log($"B1: MIT desk {mit.Count}, OMT desk {omt.Count} of {released.Count}...");
                    lastLog = Stopwatch.GetTimestamp();
                }
            }
            else if (stalled.Elapsed > DeskStall)
            {
                return (mit, omt);
            }
            await Task.Delay(500, ct);
        }
    }

    private static Dictionary<string, List<DeskEntry>> ByRequest(List<DeskEntry> desk, HashSet<string> released) =>
        desk.Where(e => e.Kind == DeskEntryKind.Released && released.Contains(e.RequestId))
            .GroupBy(e => e.RequestId)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Position).ToList());

    private static async Task<List<DeskEntry>> WholeDeskAsync(CommitteeDesks.CommitteeDesksClient desk, Committee committee, CancellationToken ct)
    {
        var all = new List<DeskEntry>();
        while (true)
        {
            var page = await desk.ListDeskAsync(
                new ListDeskRequest { Committee = committee, FromPosition = all.Count == 0 ? 0 : all[^1].Position, PageSize = 1000 },
                deadline: DateTime.UtcNow + CallDeadline,
                cancellationToken: ct);
            if (page.Entries.Count == 0)
            {
                return all;
            }
            all.AddRange(page.Entries);
        }
    }

    /// <summary>Co-signs started per second over the measured window, from the schedule plus each start's lateness.</summary>
    private static double AchievedRate(List<double> latenessMs, double intervalMs)
    {
        if (latenessMs.Count < 2)
        {
            return 0;
        }
        var spanMs = (latenessMs.Count - 1) * intervalMs + latenessMs[^1] - latenessMs[0];
        return (latenessMs.Count - 1) / (spanMs / 1000);
    }

    private static string Key() => Guid.NewGuid().ToString("n");

    private static RequestContent Content(int i) => new()
    {
        Title = $"Benchmark request {i}",
        Question = $"Question {i}: which measures are proportionate?",
        Urgency = Urgency.Urgent,
        Measures = { new ProposedMeasure { Name = "Measure A" } },
        Attachments = { new Attachment { Name = "package.pdf", MediaType = "application/pdf", SizeBytes = 1000 + i, Sha256 = new string('e', 64) } },
    };
}
