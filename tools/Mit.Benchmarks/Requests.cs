using System.Diagnostics;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>One co-sign: the released request and digest, when the call was sent (Stopwatch ticks), its latency, or what went wrong.</summary>
internal sealed record CoSigned(string? RequestId, string? Digest, double CallMs, string? Error, long SentAt = 0);

/// <summary>Drafting (SZW) and co-signing (VWS) joint requests, shared by the benchmarks that release.</summary>
internal static class Requests
{
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Drafts <paramref name="count"/> requests as SZW for VWS to co-sign; not timed by any benchmark.</summary>
    public static async Task<AdviceRequest[]> DraftAsync(AdviceRequests.AdviceRequestsClient szw, string label, int count, CancellationToken ct)
    {
        var drafts = new AdviceRequest[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => drafts[i] = await DraftOneAsync(szw, label, i, token));
        return drafts;
    }

    public static async Task<AdviceRequest> DraftOneAsync(AdviceRequests.AdviceRequestsClient szw, string label, int i, CancellationToken ct) =>
        await szw.DraftRequestAsync(
            new DraftRequestRequest { IdempotencyKey = Key(), Content = Content(label, i), CoSigningMinistry = Ministry.Vws },
            deadline: DateTime.UtcNow + CallDeadline,
            cancellationToken: ct);

    /// <summary>Co-signs version 1 as VWS, which releases it; a refusal or failure is returned, not thrown.</summary>
    public static async Task<CoSigned> CoSignAsync(AdviceRequests.AdviceRequestsClient vws, AdviceRequest draft, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await vws.CoSignAsync(
                new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = 1, Digest = draft.Current.Digest },
                deadline: DateTime.UtcNow + CallDeadline,
                cancellationToken: ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return result.State == RequestState.Released && result.ReleasedVersion == 1
                ? new CoSigned(result.Id, result.Current.Digest, ms, null, started)
                : new CoSigned(result.Id, null, ms, $"request {result.Id} is {result.State} after co-signing", started);
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            return new CoSigned(draft.Id, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"{e.StatusCode}: {e.Status.Detail}", started);
        }
    }

    public static string Key() => Guid.NewGuid().ToString("n");

    private static RequestContent Content(string label, int i) => new()
    {
        Title = $"Benchmark {label} request {i}",
        Question = $"Question {i}: which measures are proportionate?",
        Urgency = Urgency.Urgent,
        Measures = { new ProposedMeasure { Name = "Measure A" } },
        Attachments = { new Attachment { Name = "package.pdf", MediaType = "application/pdf", SizeBytes = 1000 + i, Sha256 = new string('e', 64) } },
    };
}

/// <summary>
/// An open-loop schedule: call i starts at i / rate seconds on one Stopwatch, whether or not earlier calls have
/// returned, so a slow system shows as latency instead of silently lowering the offered rate.
/// </summary>
internal static class OpenLoop
{
    /// <summary>The calls' results, how late each started against its schedule, and what starting it cost the schedule's thread.</summary>
    public sealed record Outcome<T>(T[] Results, double[] LatenessMs, double[] StartCallMs);

    public static async Task<Outcome<T>> RunAsync<T>(int count, double perSecond, Func<int, Task<T>> start, CancellationToken ct)
    {
        var calls = new Task<T>[count];
        var lateness = new double[count];
        var startCost = new double[count];
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        // The schedule runs on a thread of its own: under load every call's continuations queue on the thread pool,
        // and a timer callback queued behind them would start calls late for reasons of the client, not the platform.
        await Task.Factory.StartNew(() =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
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
                calls[i] = start(i);
                startCost[i] = (clock.Elapsed - before).TotalMilliseconds;
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return new Outcome<T>(await Task.WhenAll(calls), lateness, startCost);
    }

    /// <summary>Calls started per second, from the schedule plus each start's lateness.</summary>
    public static double AchievedRate(IReadOnlyList<double> latenessMs, double intervalMs)
    {
        if (latenessMs.Count < 2)
        {
            return 0;
        }
        var spanMs = (latenessMs.Count - 1) * intervalMs + latenessMs[^1] - latenessMs[0];
        return (latenessMs.Count - 1) / (spanMs / 1000);
    }
}
