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

    private static async Task Until(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), failure);
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
