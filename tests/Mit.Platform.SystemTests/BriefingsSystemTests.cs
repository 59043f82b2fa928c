using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Mit.Platform.V1;

namespace Mit.Platform.SystemTests;

/// <summary>
/// Briefings on real PostgreSQL, RabbitMQ and Redis with two Briefings replicas: revocation is at once on every replica
/// (counted reads), live delivery is in step across replicas, the backlog arrives with consent, and a watcher that
/// reconnects from a position misses nothing.
/// </summary>
[Collection(ReplicatedCollection.Name)]
public sealed class BriefingsSystemTests(ReplicatedPlatform platform)
{
    private readonly BriefingFlows _flows = new(platform);

    private V1.Briefings.BriefingsClient Briefings(string persona, GrpcChannel? channel = null) => _flows.Client(persona, channel);

    private Task<string> ReleasedAsync() => _flows.ReleasedAsync();

    private Task<BriefingInfo> AddAsync(string requestId, string text, GrpcChannel? channel = null) => _flows.AddAsync(requestId, text, channel);

    private Task ConsentAsync(string requestId, GrpcChannel? channel = null) => _flows.ConsentAsync(requestId, channel);

    private sealed record Read(int Replica, long StartedAt, bool Allowed);

    [Fact]
    public async Task After_revoke_returns_no_read_is_allowed_on_either_replica()
    {
        var requestId = await ReleasedAsync();
        var briefing = await AddAsync(requestId, "The endemic phase has been reached.");
        await ConsentAsync(requestId);
        var replicas = platform.Cluster.BriefingsReplicas.Select(r => GrpcChannel.ForAddress(r.Address)).ToList();
        try
        {
            var reads = new ConcurrentBag<Read>();
            using var stop = new CancellationTokenSource();
            var readers = new List<Task>();
            foreach (var (channel, replica) in replicas.Select((c, i) => (c, i)))
            {
                foreach (var persona in new[] { "mit-member", "mit-secretariat" })
                {
                    var client = Briefings(persona, channel);
                    readers.Add(Task.Run(async () =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            var started = Stopwatch.GetTimestamp();
                            var allowed = false;
                            try
                            {
                                using var call = client.ReadBriefing(new ReadBriefingRequest { BriefingId = briefing.BriefingId });
                                allowed = await call.ResponseStream.MoveNext() && call.ResponseStream.Current.Data.Length > 0;
                            }
                            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
                            {
                            }
                            reads.Add(new Read(replica, started, allowed));
                        }
                    }));
                }
            }
            // Warm: both replicas have served allowed reads from their caches.
            var warm = Stopwatch.StartNew();
            while (!(reads.Count(r => r.Replica == 0 && r.Allowed) >= 20 && reads.Count(r => r.Replica == 1 && r.Allowed) >= 20))
            {
                Assert.True(warm.Elapsed < TimeSpan.FromSeconds(60), "readers never got allowed reads on both replicas");
                await Task.Delay(20);
            }
            await Briefings("vws-delegate", replicas[0]).RevokeConsentAsync(new RevokeConsentRequest { IdempotencyKey = Releases.Key(), RequestId = requestId, Reason = "Race test" });
            var revoked = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            var after = reads.Where(r => r.StartedAt > revoked).ToList();
            Assert.True(after.Count(r => r.Replica == 0) > 10 && after.Count(r => r.Replica == 1) > 10, $"too few reads after the revoke: {after.Count}");
            Assert.Equal(0, after.Count(r => r.Allowed));
            Assert.True((await Briefings("omt-chair").VerifyAuditLogAsync(new VerifyAuditLogRequest())).Intact);
        }
        finally
        {
            foreach (var channel in replicas)
            {
                channel.Dispose();
            }
        }
    }

    [Fact]
    public async Task Omt_and_mit_watchers_on_different_replicas_get_each_briefing_the_backlog_at_consent_and_miss_none_on_reconnect()
    {
        var requestId = await ReleasedAsync();
        var replicas = platform.Cluster.BriefingsReplicas.Select(r => GrpcChannel.ForAddress(r.Address)).ToList();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            var first = await AddAsync(requestId, "first", replicas[0]);
            using var omt = Briefings("omt-secretary", replicas[0]).WatchBriefings(new WatchBriefingsRequest { RequestId = requestId }, cancellationToken: cts.Token);
            var mitCall = Briefings("mit-secretariat", replicas[1]).WatchBriefings(new WatchBriefingsRequest { RequestId = requestId }, cancellationToken: cts.Token);
            Assert.Equal(first.BriefingId, (await Next(omt, u => u.Briefing is not null)).Briefing.Info.BriefingId);
            Assert.True((await Next(mitCall, u => u.Notice is not null)).Notice.Withheld);

            // Consent given on replica 0 reaches the MIT watcher on replica 1: the backlog at once.
            await ConsentAsync(requestId, replicas[0]);
            var backlog = await Next(mitCall, u => u.Briefing is not null);
            Assert.Equal(first.BriefingId, backlog.Briefing.Info.BriefingId);
            Assert.Equal("first", backlog.Briefing.Content.ToStringUtf8()[..5]);

            // Added under consent on replica 0: both watchers get it.
            var second = await AddAsync(requestId, "second", replicas[0]);
            Assert.Equal(second.BriefingId, (await Next(omt, u => u.Briefing is not null)).Briefing.Info.BriefingId);
            var delivered = await Next(mitCall, u => u.Briefing is not null);
            Assert.Equal(second.BriefingId, delivered.Briefing.Info.BriefingId);

            // The MIT watcher drops; two more arrive; it reconnects (other replica) after its last position and misses none.
            mitCall.Dispose();
            var third = await AddAsync(requestId, "third", replicas[1]);
            var fourth = await AddAsync(requestId, "fourth", replicas[0]);
            using var resumed = Briefings("mit-secretariat", replicas[0]).WatchBriefings(
                new WatchBriefingsRequest { RequestId = requestId, FromPosition = delivered.Briefing.Info.Position }, cancellationToken: cts.Token);
            Assert.Equal(third.BriefingId, (await Next(resumed, u => u.Briefing is not null)).Briefing.Info.BriefingId);
            Assert.Equal(fourth.BriefingId, (await Next(resumed, u => u.Briefing is not null)).Briefing.Info.BriefingId);
            await cts.CancelAsync();
        }
        finally
        {
            foreach (var channel in replicas)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<BriefingUpdate> Next(AsyncServerStreamingCall<BriefingUpdate> call, Func<BriefingUpdate, bool> wanted)
    {
        while (await call.ResponseStream.MoveNext())
        {
            if (wanted(call.ResponseStream.Current))
            {
                return call.ResponseStream.Current;
            }
        }
        throw new Xunit.Sdk.XunitException("The stream ended before the expected update.");
    }
}
