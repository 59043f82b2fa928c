using System.Collections.Concurrent;
using Grpc.Core;
using Mit.Platform.V1;
using Npgsql;

namespace Mit.Platform.SystemTests;

/// <summary>Joint releases through the gateway to both desks, over a real broker, with the services as separate processes.</summary>
[Collection(DistributedCollection.Name)]
public sealed class JointReleaseSystemTests(DistributedPlatform platform)
{
    private static string Key() => Guid.NewGuid().ToString("n");

    private static RequestContent Content(int i) => new()
    {
        Title = $"System test request {i}",
        Question = $"Question {i}: which measures are proportionate?",
        Urgency = Urgency.Urgent,
        Measures = { new ProposedMeasure { Name = "Measure A" } },
        Attachments = { new Attachment { Name = "package.pdf", MediaType = "application/pdf", SizeBytes = 1000 + i, Sha256 = new string('e', 64) } },
    };

    /// <summary>Drafts (SZW) and co-signs (VWS) n requests concurrently; returns id → released digest.</summary>
    private async Task<Dictionary<string, string>> ReleaseConcurrently(int n, int parallelism = 24, Func<int, Task>? afterEach = null)
    {
        var szw = platform.Szw;
        var vws = platform.Vws;
        var released = new ConcurrentDictionary<string, string>();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var draft = await szw.DraftRequestAsync(new DraftRequestRequest { IdempotencyKey = Key(), Content = Content(i), CoSigningMinistry = Ministry.Vws }, cancellationToken: ct);
            var result = await vws.CoSignAsync(new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = 1, Digest = draft.Current.Digest }, cancellationToken: ct);
            Assert.Equal(RequestState.Released, result.State);
            Assert.Equal(1, result.ReleasedVersion);
            released[result.Id] = result.Current.Digest;
            if (afterEach is not null)
            {
                await afterEach(Interlocked.Increment(ref done));
            }
        });
        return new Dictionary<string, string>(released);
    }

    private static async Task<List<DeskEntry>> WholeDesk(CommitteeDesks.CommitteeDesksClient desk, Committee committee)
    {
        var all = new List<DeskEntry>();
        while (true)
        {
            var page = await desk.ListDeskAsync(new ListDeskRequest { Committee = committee, FromPosition = all.Count == 0 ? 0 : all[^1].Position, PageSize = 1000 });
            if (page.Entries.Count == 0)
            {
                return all;
            }
            all.AddRange(page.Entries);
        }
    }

    /// <summary>Waits until both desks hold every released request, then checks each holds each exactly once with the released digest.</summary>
    private async Task AssertBothDesksHoldEachExactlyOnce(Dictionary<string, string> released)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        List<DeskEntry> mit, omt;
        while (true)
        {
            mit = (await WholeDesk(platform.MitDesk, Committee.Mit)).Where(e => released.ContainsKey(e.RequestId)).ToList();
            omt = (await WholeDesk(platform.OmtDesk, Committee.Omt)).Where(e => released.ContainsKey(e.RequestId)).ToList();
            if ((mit.Select(e => e.RequestId).Distinct().Count() == released.Count && omt.Select(e => e.RequestId).Distinct().Count() == released.Count)
                || DateTime.UtcNow > until)
            {
                break;
            }
            await Task.Delay(250);
        }
        var onMitOnly = released.Keys.Except(omt.Select(e => e.RequestId)).Intersect(mit.Select(e => e.RequestId)).ToList();
        var onOmtOnly = released.Keys.Except(mit.Select(e => e.RequestId)).Intersect(omt.Select(e => e.RequestId)).ToList();
        Assert.Empty(onMitOnly);
        Assert.Empty(onOmtOnly);
        foreach (var desk in new[] { mit, omt })
        {
            Assert.Equal(released.Count, desk.Count); // nothing lost, nothing doubled
            Assert.All(desk, e =>
            {
                Assert.Equal(1, e.Version);
                Assert.Equal(released[e.RequestId], e.Digest);
            });
            // Positions are dense and increasing, so a resuming client cannot skip anything.
            var positions = desk.Select(e => e.Position).ToList();
            Assert.Equal(positions.Order(), positions);
            Assert.Equal(positions.Distinct().Count(), positions.Count);
        }
    }

    private async Task<long> ReleaseEventsInOutbox(IEnumerable<string> ids)
    {
        await using var connection = new NpgsqlConnection(platform.AdviceRequestsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from outbox_messages where \"MessageType\" like 'Mit.Platform.Contracts.JointAdviceRequestReleased,%' and \"Payload\"::jsonb->>'RequestId' = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Two_hundred_concurrent_joint_requests_reach_both_desks_once_and_a_resuming_watcher_misses_none()
    {
        var mitDesk = platform.MitDesk;
        var start = (await WholeDesk(mitDesk, Committee.Mit)).Select(e => e.Position).DefaultIfEmpty(0).Max();

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

        var released = await ReleaseConcurrently(200);

        Assert.Equal(200, released.Count);
        Assert.Equal(200, await ReleaseEventsInOutbox(released.Keys)); // each released exactly once
        await AssertBothDesksHoldEachExactlyOnce(released);
        await watcher;
        Assert.Equal(released.Keys.Order(), seen.Select(e => e.RequestId).Order());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => start + i), seen.Select(e => e.Position));
    }

    [Fact]
    public async Task Killing_committees_while_releases_are_in_flight_loses_nothing_and_doubles_nothing()
    {
        var killed = 0;
        var released = await ReleaseConcurrently(120, parallelism: 12, afterEach: async done =>
        {
            if (done == 30 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                await platform.Committees.KillAsync();
            }
        });
        Assert.Equal(1, killed);

        await platform.Committees.StartAsync(); // same port, same database, same queues
        await AssertBothDesksHoldEachExactlyOnce(released);
    }
}
