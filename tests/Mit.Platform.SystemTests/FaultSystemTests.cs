using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.V1;
using Npgsql;
using RabbitMQ.Client;

namespace Mit.Platform.SystemTests;

/// <summary>
/// Faults on the real servers under load: Redis killed, AdviceRequests killed between its commit and the publish (the broker
/// frozen meanwhile), a poison message. What is checked is what users see through the API: each desk's contents, positions
/// and digests, the statuses callers get, the briefings served and their audit records. Each test leaves every server running.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultSystemTests(FaultPlatform platform)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RabbitMq_killed_while_releases_are_dispatched_and_back_after_15_s_loses_none_doubles_none_and_keeps_positions_gap_free()
    {
        var broker = platform.Cluster.Broker;
        Task? restart = null;
        try
        {
            var released = await Releases.ReleaseConcurrently(platform, 60, parallelism: 8, afterEach: async done =>
            {
                if (done == 15)
                {
                    await broker.KillAsync();
                    restart = Task.Run(async () =>
                    {
                        await Task.Delay(Outage);
                        await broker.StartAgainAsync();
                    });
                }
            });
            Assert.NotNull(restart);
            await restart;

            Assert.Equal(60, released.Count);
            Assert.Equal(60, await Releases.ReleaseEventsInOutbox(platform, released.Keys));
            await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);
            await AssertDesksGapFree();
        }
        finally
        {
            await EnsureRunning(broker);
        }
    }

    [Fact]
    public async Task AdviceRequests_killed_between_the_release_commit_and_the_publish_delivers_each_release_to_both_desks_once_after_restart()
    {
        var broker = platform.Cluster.Broker;
        var resumed = false;
        try
        {
            // A frozen broker: the releases commit with their outbox rows, whose publishes get no confirm.
            await broker.PauseAsync();
            var released = await Releases.ReleaseConcurrently(platform, 20, parallelism: 4);
            Assert.Equal(20, await UnsentReleaseEvents(released.Keys));

            await platform.Cluster.AdviceRequests.KillAsync();
            await broker.ResumeAsync();
            resumed = true;
            await platform.Cluster.AdviceRequests.StartAsync();

            // The restarted service publishes what its outbox still holds; the resumed broker may deliver the frozen
            // publishes of the killed process as well. Whichever copy comes first, each release ends on both desks once.
            await Until(async () => await UnsentReleaseEvents(released.Keys) == 0, "the restarted AdviceRequests did not publish what its outbox held");
            await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);
            Assert.Equal(20, await Releases.ReleaseEventsInOutbox(platform, released.Keys));
            await AssertDesksGapFree();
        }
        finally
        {
            if (!resumed)
            {
                await broker.ResumeAsync();
            }
            if (!platform.Cluster.AdviceRequests.IsRunning)
            {
                await platform.Cluster.AdviceRequests.StartAsync();
            }
        }
    }

    private sealed record Read(int Replica, long StartedAt, bool Allowed, StatusCode Status);

    [Fact]
    public async Task Redis_killed_reads_fall_back_to_the_database_and_a_revocation_holds_everywhere_once_RevokeConsent_returns()
    {
        var redis = platform.Cluster.Redis;
        var flows = new BriefingFlows(platform);
        var requestId = await flows.ReleasedAsync();
        var briefing = await flows.AddAsync(requestId, "Schools can reopen.");
        await flows.ConsentAsync(requestId);
        var replicas = platform.Cluster.BriefingsReplicas.Select(r => GrpcChannel.ForAddress(r.Address)).ToList();
        var reads = new ConcurrentQueue<Read>();
        using var stop = new CancellationTokenSource();
        try
        {
            var readers = replicas.Select((channel, replica) => Task.Run(async () =>
            {
                var client = flows.Client("mit-secretariat", channel);
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var call = client.ReadBriefing(new ReadBriefingRequest { BriefingId = briefing.BriefingId });
                        var allowed = await call.ResponseStream.MoveNext() && call.ResponseStream.Current.Data.Length > 0;
                        reads.Enqueue(new Read(replica, started, allowed, StatusCode.OK));
                    }
                    catch (RpcException e)
                    {
                        reads.Enqueue(new Read(replica, started, false, e.StatusCode));
                    }
                    await Task.Delay(20);
                }
            })).ToList();
            await Until(() => replicas.Select((_, i) => i).All(i => reads.Count(r => r.Replica == i && r.Allowed) >= 5), $"reads were never allowed on both replicas (last: {string.Join(", ", reads.TakeLast(4).Select(r => r.Status))})");

            await redis.KillAsync();
            var killed = Stopwatch.GetTimestamp();
            // Down: the consent still stands, and each replica answers from the database.
            await Until(() => replicas.Select((_, i) => i).All(i => reads.Count(r => r.Replica == i && r.StartedAt > killed && r.Allowed) >= 10),
                "reads were not served from the database while Redis was down");

            var revoke = new RevokeConsentRequest { IdempotencyKey = Releases.Key(), RequestId = requestId, Reason = "Redis fault test" };
            var vws = flows.Client("vws-minister");
            try
            {
                Assert.Equal(SharingState.Revoked, (await vws.RevokeConsentAsync(revoke)).State);
            }
            catch (RpcException e)
            {
                // It could not tell every replica: it says so, and the revocation it recorded holds all the same.
                Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            }
            var returned = Stopwatch.GetTimestamp();
            Assert.Equal(SharingState.Revoked, (await vws.GetSharingAsync(new GetSharingRequest { RequestId = requestId })).State);

            await Task.Delay(TimeSpan.FromSeconds(2));
            await redis.StartAgainAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            // Back: the retry with the same key completes, and still no read is allowed.
            Assert.Equal(SharingState.Revoked, (await Releases.Retrying(() => vws.RevokeConsentAsync(revoke).ResponseAsync)).State);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            var during = reads.Where(r => r.StartedAt > killed).ToList();
            Assert.All(during, r => Assert.Contains(r.Status, new[] { StatusCode.OK, StatusCode.PermissionDenied }));
            var after = reads.Where(r => r.StartedAt > returned).ToList();
            Assert.True(replicas.Select((_, i) => i).All(i => after.Count(r => r.Replica == i) >= 10), $"too few reads after the revocation: {after.Count}");
            Assert.Equal(0, after.Count(r => r.Allowed));
            Assert.True((await flows.Client("omt-chair").VerifyAuditLogAsync(new VerifyAuditLogRequest())).Intact);
        }
        finally
        {
            await stop.CancelAsync();
            await EnsureRunning(redis);
            foreach (var channel in replicas)
            {
                channel.Dispose();
            }
        }
    }

    private sealed record Served(long StartedAt, StatusCode Status, string? WatermarkId, string Detail);

    [Fact]
    public async Task PostgreSQL_stopped_and_restarted_under_releases_and_reads_answers_Unavailable_meanwhile_and_works_again_soon_after()
    {
        var postgres = platform.Cluster.Postgres;
        var flows = new BriefingFlows(platform);
        var requestId = await flows.ReleasedAsync();
        var briefing = await flows.AddAsync(requestId, "Hospitals keep their capacity.");
        await flows.ConsentAsync(requestId);
        var reads = new ConcurrentQueue<Served>();
        var releases = new ConcurrentQueue<(string Id, string Digest)>();
        var refusals = new ConcurrentQueue<StatusCode>();
        using var stop = new CancellationTokenSource();
        try
        {
            var reader = Task.Run(async () =>
            {
                var client = flows.Client("mit-secretariat");
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var call = client.ReadBriefing(new ReadBriefingRequest { BriefingId = briefing.BriefingId });
                        var first = await call.ResponseStream.MoveNext() ? call.ResponseStream.Current : null;
                        reads.Enqueue(new Served(started, StatusCode.OK, first is { Data.Length: > 0 } ? first.WatermarkId : null, ""));
                    }
                    catch (RpcException e)
                    {
                        reads.Enqueue(new Served(started, e.StatusCode, null, e.Status.Detail));
                    }
                    await Task.Delay(50);
                }
            });
            // Releases keep coming; each is retried with its own keys until it goes through, as a client would.
            var releaser = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var draftRequest = new DraftRequestRequest { IdempotencyKey = Releases.Key(), Content = Releases.Content(i), CoSigningMinistry = Ministry.Vws };
                    var draft = await UntilAccepted(() => platform.Szw.DraftRequestAsync(draftRequest).ResponseAsync, refusals);
                    var coSign = new CoSignRequest { IdempotencyKey = Releases.Key(), RequestId = draft.Id, Version = 1, Digest = draft.Current.Digest };
                    var released = await UntilAccepted(() => platform.Vws.CoSignAsync(coSign).ResponseAsync, refusals);
                    Assert.Equal(RequestState.Released, released.State);
                    releases.Enqueue((released.Id, released.Current.Digest));
                    await Task.Delay(100);
                }
            });
            await Until(() => reads.Count(r => r.WatermarkId is not null) >= 5 && releases.Count >= 3, "reads and releases did not run before the fault");
            // The test's own desk clients get their tokens now: Identity is not what this test is about.
            _ = (platform.MitDesk, platform.OmtDesk);

            await postgres.StopAsync();
            var stopped = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await postgres.StartAgainAsync();
            var restarted = Stopwatch.GetTimestamp();

            // Reads work again within seconds of the database answering, not after a pool or a back-off runs out.
            await Until(() => reads.Any(r => r.StartedAt > restarted && r.WatermarkId is not null),
                () => $"no read was allowed again after the restart (last: {string.Join(" | ", reads.TakeLast(2).Select(r => $"{r.Status} {r.Detail}"))})",
                ReadsBackWithin);
            var back = Stopwatch.GetElapsedTime(restarted);
            var releasedBefore = releases.Count;
            await Until(() => releases.Count >= releasedBefore + 3, () => "releases did not go on after the restart", ReadsBackWithin);

            // Identity, unused during the outage, meets its dead pooled connections now: retry-later, never a 500.
            using (var identity = new HttpClient { BaseAddress = platform.Cluster.WebAddress })
            {
                var answers = new List<int>();
                for (var attempt = 0; attempt < 20 && answers.LastOrDefault() != 200; attempt++)
                {
                    answers.Add((await Testing.DemoTokens.RequestAsync(identity, "mit-secretariat", "committees")).Status);
                }
                Assert.All(answers, status => Assert.Contains(status, new[] { 200, 503 }));
                Assert.Equal(200, answers[^1]);
            }
            await stop.CancelAsync();
            await Task.WhenAll(reader, releaser);

            var during = reads.Where(r => r.StartedAt > stopped).ToList();
            Assert.Contains(during, r => r.Status == StatusCode.Unavailable);
            Assert.All(during, r => Assert.Contains(r.Status, new[] { StatusCode.OK, StatusCode.Unavailable }));
            Assert.All(refusals, status => Assert.Equal(StatusCode.Unavailable, status));
            Assert.True(back < ReadsBackWithin, $"reads came back {back.TotalSeconds:0.0} s after the restart");
            Console.WriteLine($"PostgreSQL restart: reads allowed again {back.TotalSeconds:0.0} s after it answered; {refusals.Count} release calls refused meanwhile");

            // Every read served has its audit record; the chain is intact.
            var chair = flows.Client("omt-chair");
            var audited = new HashSet<string>(StringComparer.Ordinal);
            for (long after = 0; ;)
            {
                var page = await Releases.Retrying(() => chair.ListAuditRecordsAsync(new ListAuditRecordsRequest { AfterSequence = after, PageSize = 1000, RequestId = requestId }).ResponseAsync);
                audited.UnionWith(page.Records.Where(r => r.Outcome == "allowed" && r.WatermarkId.Length > 0).Select(r => r.WatermarkId));
                if (page.Records.Count == 0)
                {
                    break;
                }
                after = page.Records[^1].Sequence;
            }
            var served = reads.Where(r => r.WatermarkId is not null).Select(r => r.WatermarkId!).ToList();
            Assert.DoesNotContain(served, w => !audited.Contains(w));
            Assert.True((await chair.VerifyAuditLogAsync(new VerifyAuditLogRequest())).Intact);

            // No release lost or doubled: each on both desks once, positions gap-free.
            var all = releases.ToDictionary(r => r.Id, r => r.Digest);
            Assert.Equal(releases.Count, all.Count);
            await Releases.AssertBothDesksHoldEachExactlyOnce(platform, all);
            await AssertDesksGapFree();
        }
        finally
        {
            await stop.CancelAsync();
            await EnsureRunning(postgres);
        }
    }

    private static readonly TimeSpan ReadsBackWithin = TimeSpan.FromSeconds(15);

    /// <summary>Retries a call refused while the store is down (keeping each refusal's status) until it is accepted.</summary>
    private static async Task<T> UntilAccepted<T>(Func<Task<T>> call, ConcurrentQueue<StatusCode> refusals)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                refusals.Enqueue(e.StatusCode);
                await Task.Delay(250);
            }
        }
    }

    [Fact]
    public async Task A_poison_message_lands_in_an_error_queue_an_operator_sees_and_the_messages_after_it_keep_flowing()
    {
        var broker = platform.Cluster.Broker;
        var poisonId = Guid.NewGuid();
        await PublishPoisonAsync(broker, poisonId);

        var released = await Releases.ReleaseConcurrently(platform, 10, parallelism: 4);
        await Releases.AssertBothDesksHoldEachExactlyOnce(platform, released);

        // Retried first (it might have been a store restarting), then parked where `rabbitmqctl list_queues` shows it.
        var parked = await WaitForParked(broker, poisonId);
        Assert.NotEmpty(parked);
        Assert.All(parked, queue => Assert.EndsWith("_error", queue, StringComparison.Ordinal));
    }

    /// <summary>An adoption by a committee that does not exist: well-formed on the wire, refused by every consumer.</summary>
    private static async Task PublishPoisonAsync(Testing.RabbitMqServer broker, Guid messageId)
    {
        const string messageType = "Mit.Platform.Contracts:CommitteeAdviceAdopted";
        var envelope = new
        {
            messageId,
            messageType = new[] { "urn:message:" + messageType },
            sentTime = DateTimeOffset.UtcNow,
            message = new
            {
                committeeId = Guid.NewGuid(),
                committee = "NO-SUCH-COMMITTEE",
                requestId = Guid.NewGuid(),
                documentDigest = new string('0', 64),
                summary = "poison",
                adoptedAt = DateTimeOffset.UtcNow,
                method = "vote",
            },
        };
        var factory = new ConnectionFactory { Uri = broker.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString(), Persistent = true };
        await channel.BasicPublishAsync(messageType, string.Empty, mandatory: false, properties, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope)));
    }

    /// <summary>The queues holding the poison message (looked for among every queue with messages, not by name).</summary>
    private static async Task<List<string>> WaitForParked(Testing.RabbitMqServer broker, Guid poisonId)
    {
        var until = DateTime.UtcNow.AddSeconds(120);
        var factory = new ConnectionFactory { Uri = broker.AmqpUri };
        while (true)
        {
            var holding = new List<string>();
            foreach (var (queue, ready) in await broker.ListQueuesAsync())
            {
                if (ready > 0 && await HoldsAsync(factory, queue, poisonId))
                {
                    holding.Add(queue);
                }
            }
            if (holding.Count > 0 || DateTime.UtcNow > until)
            {
                return holding;
            }
            await Task.Delay(1000);
        }
    }

    /// <summary>Looks at a queue's messages without taking them (read, then requeued by closing the channel unacknowledged).</summary>
    private static async Task<bool> HoldsAsync(ConnectionFactory factory, string queue, Guid messageId)
    {
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        for (var i = 0; i < 1000; i++)
        {
            var message = await channel.BasicGetAsync(queue, autoAck: false);
            if (message is null)
            {
                return false;
            }
            if (Encoding.UTF8.GetString(message.Body.Span).Contains(messageId.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Both desks' positions run 1, 2, 3, … with no gap and no repeat.</summary>
    private async Task AssertDesksGapFree()
    {
        foreach (var (desk, committee) in new[] { (platform.MitDesk, Committee.Mit), (platform.OmtDesk, Committee.Omt) })
        {
            var positions = (await Releases.WholeDesk(desk, committee)).Select(e => e.Position).ToList();
            Assert.Equal(Enumerable.Range(1, positions.Count).Select(p => (long)p), positions);
        }
    }

    private async Task<long> UnsentReleaseEvents(IEnumerable<string> ids)
    {
        await using var connection = new NpgsqlConnection(platform.AdviceRequestsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from outbox_messages where \"SentAt\" is null and \"MessageType\" like 'Mit.Platform.Contracts.JointAdviceRequestReleased,%' and \"Payload\"::jsonb->>'RequestId' = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Until(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), failure);
            await Task.Delay(200);
        }
    }

    private static Task Until(Func<bool> condition, string failure) => Until(condition, () => failure, TimeSpan.FromSeconds(60));

    private static async Task Until(Func<bool> condition, Func<string> failure, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < within, failure());
            await Task.Delay(50);
        }
    }

    private static async Task EnsureRunning(Testing.TestServer server)
    {
        if (!server.IsRunning)
        {
            await server.StartAgainAsync();
        }
    }
}
