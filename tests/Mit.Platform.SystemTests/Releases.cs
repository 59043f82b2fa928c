using System.Collections.Concurrent;
using Grpc.Core;
using MassTransit;
using Mit.Platform.V1;
using Npgsql;

namespace Mit.Platform.SystemTests;

/// <summary>What the system tests do again and again: release joint requests, read whole desks, check both desks.</summary>
internal static class Releases
{
    public static string Key() => Guid.NewGuid().ToString("n");

    public static RequestContent Content(int i) => new()
    {
        Title = $"System test request {i}",
        Question = $"Question {i}: which measures are proportionate?",
        Urgency = Urgency.Urgent,
        Measures = { new ProposedMeasure { Name = "Measure A" } },
        Attachments = { new Attachment { Name = "package.pdf", MediaType = "application/pdf", SizeBytes = 1000 + i, Sha256 = new string('e', 64) } },
    };

    /// <summary>
    /// Retries a call that the gateway could not deliver (a replica went away) with the same request, so the same
    /// idempotency key: the platform must then do it exactly once.
    /// </summary>
    public static async Task<T> Retrying<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Drafts (SZW) and co-signs (VWS) n requests concurrently; returns id → released digest.</summary>
    public static async Task<Dictionary<string, string>> ReleaseConcurrently(DistributedPlatform platform, int n, int parallelism = 24,
        Func<int, Task>? afterEach = null)
    {
        var szw = platform.Szw;
        var vws = platform.Vws;
        var released = new ConcurrentDictionary<string, string>();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var draftRequest = new DraftRequestRequest { IdempotencyKey = Key(), Content = Content(i), CoSigningMinistry = Ministry.Vws };
            var draft = await Retrying(() => szw.DraftRequestAsync(draftRequest, cancellationToken: ct).ResponseAsync);
            var coSign = new CoSignRequest { IdempotencyKey = Key(), RequestId = draft.Id, Version = 1, Digest = draft.Current.Digest };
            var result = await Retrying(() => vws.CoSignAsync(coSign, cancellationToken: ct).ResponseAsync);
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

    /// <summary>Publishes on the cluster's RabbitMQ as a service would (to choose the order, or to repeat a message id).</summary>
    public static async Task OnBrokerAsync(DistributedPlatform platform, Func<IBus, Task> publish)
    {
        var broker = platform.Cluster.Broker;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, h =>
        {
            h.Username(broker.Username);
            h.Password(broker.Password);
        }));
        await bus.StartAsync();
        try
        {
            await publish(bus);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    public static async Task<List<DeskEntry>> WholeDesk(CommitteeDesks.CommitteeDesksClient desk, Committee committee)
    {
        var all = new List<DeskEntry>();
        while (true)
        {
            var from = all.Count == 0 ? 0 : all[^1].Position;
            var page = await Retrying(() => desk.ListDeskAsync(new ListDeskRequest { Committee = committee, FromPosition = from, PageSize = 1000 }).ResponseAsync);
            if (page.Entries.Count == 0)
            {
                return all;
            }
            all.AddRange(page.Entries);
        }
    }

    /// <summary>Waits until both desks hold every released request, then checks each holds each exactly once with the released digest.</summary>
    public static async Task AssertBothDesksHoldEachExactlyOnce(DistributedPlatform platform, Dictionary<string, string> released)
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
        Assert.Empty(released.Keys.Except(omt.Select(e => e.RequestId)).Intersect(mit.Select(e => e.RequestId))); // on the MIT desk only
        Assert.Empty(released.Keys.Except(mit.Select(e => e.RequestId)).Intersect(omt.Select(e => e.RequestId))); // on the OMT desk only
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

    /// <summary>How many release events the outbox holds for these requests (one each means released exactly once).</summary>
    public static async Task<long> ReleaseEventsInOutbox(DistributedPlatform platform, IEnumerable<string> ids)
    {
        await using var connection = new NpgsqlConnection(platform.AdviceRequestsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from outbox_messages where \"MessageType\" like 'Mit.Platform.Contracts.JointAdviceRequestReleased,%' and \"Payload\"::jsonb->>'RequestId' = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
