using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.SystemTests;

/// <summary>Replicas behind the gateway: one dying mid-run loses nothing, releases nothing twice, and a desk watcher resumes.</summary>
[Collection(ReplicatedCollection.Name)]
public sealed class ReplicaFailoverSystemTests(ReplicatedPlatform platform)
{
    [Fact]
    public async Task Killing_an_AdviceRequests_replica_mid_run_loses_nothing_and_releases_nothing_twice()
    {
        var victim = platform.Cluster.AdviceRequestsReplicas[1];
        var killed = 0;
        var released = await Releases.ReleaseConcurrently(platform, 200, parallelism: 16, afterEach: async done =>
        {
            if (done == 60 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                await victim.KillAsync();
            }
        });
        Assert.Equal(1, killed);
        Assert.Equal(200, released.Count);
        Assert.Equal(200, await Releases.ReleaseEventsInOutbox(platform, released.Keys)); // each released exactly once
        await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);
        await victim.StartAsync();
    }

    [Fact]
    public async Task A_desk_watcher_whose_replica_dies_reconnects_through_the_gateway_and_misses_nothing()
    {
        var desk = platform.MitDesk;
        var start = (await Releases.WholeDesk(desk, Committee.Mit)).Select(e => e.Position).DefaultIfEmpty(0).Max();
        var seen = new List<DeskEntry>();
        var reconnects = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var expected = 90;
        var watcher = Task.Run(async () =>
        {
            while (seen.Count < expected)
            {
                try
                {
                    using var call = desk.WatchDesk(new WatchDeskRequest { Committee = Committee.Mit, FromPosition = seen.Count == 0 ? start : seen[^1].Position },
                        cancellationToken: stop.Token);
                    while (seen.Count < expected && await call.ResponseStream.MoveNext(stop.Token))
                    {
                        seen.Add(call.ResponseStream.Current);
                    }
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled && !stop.IsCancellationRequested)
                {
                    // The replica serving this stream went away: come back through the gateway from the last position.
                    Interlocked.Increment(ref reconnects);
                    await Task.Delay(200, stop.Token);
                }
            }
        });

        var released = new Dictionary<string, string>();
        foreach (var replica in platform.Cluster.CommitteesReplicas)
        {
            foreach (var (id, digest) in await Releases.ReleaseConcurrently(platform, 30, parallelism: 6))
            {
                released[id] = digest;
            }
            await replica.KillAsync(); // the watcher's replica is one of these two
            await Task.Delay(500);
            await replica.StartAsync();
        }
        foreach (var (id, digest) in await Releases.ReleaseConcurrently(platform, 30, parallelism: 6))
        {
            released[id] = digest;
        }
        await watcher;

        Assert.True(reconnects >= 1, "the watcher's replica was killed, so it must have reconnected at least once");
        Assert.Equal(released.Keys.Order(), seen.Select(e => e.RequestId).Order());
        Assert.Equal(Enumerable.Range(1, expected).Select(i => start + i), seen.Select(e => e.Position));
    }
}
