using System.Text.Json;
using MassTransit;
using Mit.Platform.Contracts;
using Mit.Platform.V1;
using Npgsql;

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
    public async Task Both_desks_of_a_release_share_one_received_at_and_a_redelivered_batch_adds_nothing()
    {
        var released = await Releases.ReleaseConcurrently(platform, 40);
        await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);
        var before = await BothDesks();
        AssertOneReceivedAtPerRelease(before, released.Keys);

        // The outbox publishes again what the broker already confirmed (a crash before the rows were marked sent):
        // the same 40 messages, same ids, all at once so they arrive as batches; then one new message behind them.
        var outbox = await ReleaseMessages(released.Keys);
        Assert.Equal(40, outbox.Count);
        var sentinel = Guid.Parse(released.Keys.First());
        await Releases.OnBrokerAsync(platform, async bus =>
        {
            await Task.WhenAll(outbox.Select(m => bus.Publish(m.Release, c => c.MessageId = m.MessageId)));
            await bus.Publish(new AdviceRequestLinked(sentinel, null, "Kamerstuk redelivery-" + Guid.NewGuid().ToString("n"), null, DateTimeOffset.UtcNow));
        });
        var after = await Eventually(BothDesks, d => d.Mit.Count(e => e.Kind == DeskEntryKind.Linked && e.RequestId == sentinel.ToString()) == 1
            && d.Omt.Count(e => e.Kind == DeskEntryKind.Linked && e.RequestId == sentinel.ToString()) == 1);
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything of the redelivery still in flight would land now
        after = await BothDesks();

        // Only the new link was added, once per desk, at the next position, with one received_at on both desks.
        foreach (var (was, now) in new[] { (before.Mit, after.Mit), (before.Omt, after.Omt) })
        {
            Assert.Equal(was.Count + 1, now.Count);
            Assert.Equal(Enumerable.Range(1, now.Count).Select(i => (long)i), now.Select(e => e.Position));
            Assert.Equal(DeskEntryKind.Linked, now[^1].Kind);
        }
        Assert.Equal(after.Mit[^1].ReceivedAt, after.Omt[^1].ReceivedAt);
        AssertOneReceivedAtPerRelease(after, released.Keys);
    }

    private async Task<(List<DeskEntry> Mit, List<DeskEntry> Omt)> BothDesks() =>
        (await Releases.WholeDesk(platform.MitDesk, Committee.Mit), await Releases.WholeDesk(platform.OmtDesk, Committee.Omt));

    private static void AssertOneReceivedAtPerRelease((List<DeskEntry> Mit, List<DeskEntry> Omt) desks, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var mit = Assert.Single(desks.Mit, e => e.RequestId == id && e.Kind == DeskEntryKind.Released);
            var omt = Assert.Single(desks.Omt, e => e.RequestId == id && e.Kind == DeskEntryKind.Released);
            Assert.Equal(mit.ReceivedAt, omt.ReceivedAt);
        }
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until)
            {
                return value;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The release events of these requests as AdviceRequests' outbox holds them: message id and message.</summary>
    private async Task<List<(Guid MessageId, JointAdviceRequestReleased Release)>> ReleaseMessages(IEnumerable<string> ids)
    {
        await using var connection = new NpgsqlConnection(platform.AdviceRequestsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select \"MessageId\", \"Payload\" from outbox_messages where \"MessageType\" like 'Mit.Platform.Contracts.JointAdviceRequestReleased,%' and \"Payload\"::jsonb->>'RequestId' = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var messages = new List<(Guid, JointAdviceRequestReleased)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add((reader.GetGuid(0), JsonSerializer.Deserialize<JointAdviceRequestReleased>(reader.GetString(1))!));
        }
        return messages;
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
