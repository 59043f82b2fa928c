using Grpc.Core;
using Mit.Platform.V1;

namespace Mit.Platform.SystemTests;

/// <summary>Joint releases through the gateway to both desks, over a real broker, with the services as separate processes.</summary>
[Collection(DistributedCollection.Name)]
public sealed class JointReleaseSystemTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Two_hundred_concurrent_joint_requests_reach_both_desks_once_and_a_resuming_watcher_misses_none()
    {
        var mitDesk = platform.MitDesk;
        var start = (await Releases.WholeDesk(mitDesk, Committee.Mit)).Select(e => e.Position).DefaultIfEmpty(0).Max();

        // A secretariat client watches the MIT desk while the releases happen, drops its connection, resumes.
        using var watchTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var seen = new List<DeskEntry>();
        var watcher = Task.Run(async () =>
        {
            using (var first = mitDesk.WatchDesk(new WatchDeskRequest { Committee = Committee.Mit, FromPosition = start }, cancellationToken: watchTimeout.Token))
            {
                while (seen.Count < 50 && await first.ResponseStream.MoveNext(watchTimeout.Token))
                {
                    seen.Add(first.ResponseStream.Current);
                }
            }
            using var resumed = mitDesk.WatchDesk(new WatchDeskRequest { Committee = Committee.Mit, FromPosition = seen[^1].Position }, cancellationToken: watchTimeout.Token);
            while (seen.Count < 200 && await resumed.ResponseStream.MoveNext(watchTimeout.Token))
            {
                seen.Add(resumed.ResponseStream.Current);
            }
        });

        var released = await Releases.ReleaseConcurrently(platform, 200);

        Assert.Equal(200, released.Count);
        Assert.Equal(200, await Releases.ReleaseEventsInOutbox(platform, released.Keys)); // each released exactly once
        await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);
        await watcher;
        Assert.Equal(released.Keys.Order(), seen.Select(e => e.RequestId).Order());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => start + i), seen.Select(e => e.Position));
    }

    [Fact]
    public async Task Killing_committees_while_releases_are_in_flight_loses_nothing_and_doubles_nothing()
    {
        var killed = 0;
        var released = await Releases.ReleaseConcurrently(platform, 120, parallelism: 12, afterEach: async done =>
        {
            if (done == 30 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                await platform.Committees.KillAsync();
            }
        });
        Assert.Equal(1, killed);

        await platform.Committees.StartAsync(); // same port, same database, same queues
        await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);
    }
}
