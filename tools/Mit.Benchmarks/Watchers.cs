using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P1 at the watchers: when each released request reached the two secretariats' live streams.</summary>
public sealed record WatcherResult(int Compared, int MissedByAWatcher, int MitFirst, int OmtFirst, Summary SkewMs, Summary CoSignToBothMs);

/// <summary>
/// Two live desk streams (WatchDesk through the gateway, as the MIT secretariat and as the OMT secretary), in this
/// process, as the two secretariats' screens would hold them. Each released entry's arrival is taken on the one
/// Stopwatch of this process, so the two streams' times compare directly.
/// </summary>
internal sealed class Watchers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _mit = new();
    private readonly ConcurrentDictionary<string, long> _omt = new();
    private readonly Task[] _streams;

    private Watchers(CommitteeDesks.CommitteeDesksClient mit, CommitteeDesks.CommitteeDesksClient omt, TaskCompletionSource[] connected)
    {
        _streams = [WatchAsync(mit, Committee.Mit, _mit, connected[0]), WatchAsync(omt, Committee.Omt, _omt, connected[1])];
    }

    /// <summary>Opens both streams and returns once both are connected (their response headers arrived).</summary>
    public static async Task<Watchers> OpenAsync(CommitteeDesks.CommitteeDesksClient mit, CommitteeDesks.CommitteeDesksClient omt, CancellationToken ct)
    {
        TaskCompletionSource[] connected = [new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)];
        var watchers = new Watchers(mit, omt, connected);
        await Task.WhenAll(connected.Select(c => c.Task)).WaitAsync(TimeSpan.FromSeconds(60), ct);
        return watchers;
    }

    /// <summary>Waits until both streams delivered every one of <paramref name="released"/>, or nothing new came for <paramref name="stall"/>.</summary>
    public async Task WaitForAsync(IReadOnlyCollection<string> released, TimeSpan stall, CancellationToken ct)
    {
        var seen = -1;
        var quiet = Stopwatch.StartNew();
        while (true)
        {
            var now = released.Count(_mit.ContainsKey) + released.Count(_omt.ContainsKey);
            if (now == 2 * released.Count || quiet.Elapsed > stall || _streams.Any(s => s.IsCompleted))
            {
                return;
            }
            if (now > seen)
            {
                seen = now;
                quiet.Restart();
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Per released request: |MIT arrival − OMT arrival| and co-sign sent → the later arrival.</summary>
    public WatcherResult Compare(IEnumerable<CoSigned> released)
    {
        var skew = new List<double>();
        var toBoth = new List<double>();
        int compared = 0, missed = 0, mitFirst = 0, omtFirst = 0;
        foreach (var r in released)
        {
            if (!_mit.TryGetValue(r.RequestId!, out var mitAt) || !_omt.TryGetValue(r.RequestId!, out var omtAt))
            {
                missed++;
                continue;
            }
            compared++;
            skew.Add(Math.Abs(Stopwatch.GetElapsedTime(mitAt, omtAt).TotalMilliseconds));
            mitFirst += mitAt < omtAt ? 1 : 0;
            omtFirst += omtAt < mitAt ? 1 : 0;
            toBoth.Add(Stopwatch.GetElapsedTime(r.SentAt, Math.Max(mitAt, omtAt)).TotalMilliseconds);
        }
        return new WatcherResult(compared, missed, mitFirst, omtFirst, Percentiles.Summarize(skew), Percentiles.Summarize(toBoth));
    }

    private async Task WatchAsync(CommitteeDesks.CommitteeDesksClient client, Committee committee, ConcurrentDictionary<string, long> arrivals, TaskCompletionSource connected)
    {
        await Task.Yield();
        try
        {
            // From position 0: what is on the desk already is replayed first and never matches a request released later.
            using var call = client.WatchDesk(new WatchDeskRequest { Committee = committee, FromPosition = 0 }, cancellationToken: _stop.Token);
            await call.ResponseHeadersAsync;
            connected.TrySetResult();
            while (await call.ResponseStream.MoveNext(_stop.Token))
            {
                var at = Stopwatch.GetTimestamp();
                var entry = call.ResponseStream.Current;
                if (entry.Kind == DeskEntryKind.Released)
                {
                    arrivals.TryAdd(entry.RequestId, at);
                }
            }
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
        }
        catch (Exception e)
        {
            connected.TrySetException(e);
            Progress.Log($"The {committee} desk watcher stopped: {e.GetType().Name}: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_streams);
        _stop.Dispose();
    }
}
