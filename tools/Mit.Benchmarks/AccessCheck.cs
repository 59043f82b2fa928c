using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Access;
using Mit.Platform.Testing;
using Mit.Platform.V1;
using StackExchange.Redis;
using DomainSharing = Mit.Platform.Briefings.Domain.Sharing;
using DomainAudience = Mit.Platform.Briefings.Domain.SharingAudience;

namespace Mit.Benchmarks;

/// <summary>P5's figures: the gate on a cache hit, and how soon after a revocation every Briefings replica denies.</summary>
public sealed record AccessCheckResult(int WarmUpChecks, int MeasuredChecks, int CacheMisses, Summary CacheHitMs,
    int Replicas, int Rounds, Summary RevocationToDenyMs, Summary RevokeCallMs, int AllowedAfterRevokeReturned, int ReadsAfterRevokeReturned);

/// <summary>
/// P5, on the cluster's real Redis and its Briefings replicas. Cache hit: the service's own AccessGate (in this process,
/// on the cluster's Redis) checks an MIT secretariat reader against a consented request, one check at a time; after the
/// first check every one is answered by two EpochCache reads (the request's sharing and the reader's membership, each
/// with its epoch in one round trip). Revocation: per round a fresh request with a briefing and a consent, one reader
/// per replica reading it in a loop straight at that replica; RevokeConsent through the gateway; the time from sending
/// the revocation until each replica's first denied read completes (the slower replica counts), and every read that
/// started after the revocation returned is counted: allowed ones must be 0.
/// </summary>
internal sealed class AccessCheck(LoopbackCluster cluster, PlatformClients clients, HarnessOptions options)
{
    public async Task<(AccessCheckResult Result, List<string> Problems)> RunAsync(CancellationToken ct)
    {
        var problems = new List<string>();
        var (misses, hits) = await CacheHitsAsync(problems);
        var (toDeny, revokeCalls, allowedAfter, readsAfter) = await RevocationsAsync(problems, ct);
        if (allowedAfter > 0)
        {
            problems.Add($"P5: {allowedAfter} reads started after RevokeConsent returned were allowed");
        }
        return (new AccessCheckResult(options.AccessWarmUp, options.AccessMeasured, misses, Percentiles.Summarize(hits),
            cluster.BriefingsReplicas.Count, options.RevocationRounds, Percentiles.Summarize(toDeny), Percentiles.Summarize(revokeCalls),
            allowedAfter, readsAfter), problems);
    }

    private async Task<(int Misses, List<double> Hits)> CacheHitsAsync(List<string> problems)
    {
        Progress.Log($"P5: access checks on a cache hit (real Redis): {options.AccessWarmUp} warm-up + {options.AccessMeasured} measured...");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString);
        await using var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(redis).BuildServiceProvider();
        var cache = new EpochCache(services, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var sharing = DomainSharing.For(Guid.NewGuid());
        sharing.Propose("demo-omt-chair", DomainAudience.WithSecretariat, null, false, null, now);
        sharing.Grant("demo-vws-minister", now);
        var misses = 0;
        var gate = new AccessGate(cache,
            (_, _) => { Interlocked.Increment(ref misses); return Task.FromResult<DomainSharing?>(sharing); },
            (_, _, _) => { Interlocked.Increment(ref misses); return Task.FromResult(true); },
            TimeProvider.System);
        var reader = new Caller("p5-" + Guid.NewGuid().ToString("n"), "MIT secretariat", new HashSet<string> { PlatformRoles.MitSecretariat }, "SCP");
        var hits = new List<double>(options.AccessMeasured);
        for (var i = 0; i < options.AccessWarmUp + options.AccessMeasured; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var check = await gate.CheckAsync(reader, sharing.RequestId, CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!check.Allowed)
            {
                problems.Add($"P5: a cached check was denied ({check.Outcome})");
                break;
            }
            if (i >= options.AccessWarmUp)
            {
                hits.Add(ms);
            }
        }
        // The first check fills both answers; every later one must have been a hit.
        if (misses != 2)
        {
            problems.Add($"P5: {misses} cache misses, expected 2 (the first check's)");
        }
        return (misses, hits);
    }

    private sealed record Read(int Replica, long Started, long Ended, bool Allowed);

    private Mit.Platform.V1.Briefings.BriefingsClient Briefings(GrpcChannel channel, string persona)
    {
        var token = cluster.TokenAsync(persona, "briefings").GetAwaiter().GetResult();
        return new(channel.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {token}");
            return m;
        }));
    }

    private async Task<(List<double> ToDeny, List<double> RevokeCalls, int AllowedAfter, int ReadsAfter)> RevocationsAsync(List<string> problems, CancellationToken ct)
    {
        Progress.Log($"P5: {options.RevocationWarmUpRounds} warm-up + {options.RevocationRounds} revocations with a reader on each of {cluster.BriefingsReplicas.Count} Briefings replicas...");
        var replicas = cluster.BriefingsReplicas.Select(r => GrpcChannel.ForAddress(r.Address)).ToList();
        var toDeny = new List<double>();
        var revokeCalls = new List<double>();
        int allowedAfter = 0, readsAfter = 0;
        try
        {
            var omtSecretary = Briefings(cluster.Channel, "omt-secretary");
            var omtChair = Briefings(cluster.Channel, "omt-chair");
            var minister = Briefings(cluster.Channel, "vws-minister");
            var readers = replicas.Select(c => Briefings(c, "mit-secretariat")).ToList();
            // The first rounds warm up the revocation path (JIT, pools) and are not timed; every round is checked for reads allowed after it.
            for (var round = 0; round < options.RevocationWarmUpRounds + options.RevocationRounds; round++)
            {
                var draft = await Requests.DraftOneAsync(clients.Szw, "P5", round, ct);
                var released = await Requests.CoSignAsync(clients.Vws, draft, ct);
                if (released.Error is not null)
                {
                    throw new MeasurementException($"P5: the request could not be released: {released.Error}");
                }
                var briefing = await omtSecretary.AddBriefingAsync(new AddBriefingRequest
                {
                    IdempotencyKey = Requests.Key(),
                    Header = new BriefingHeader { RequestId = draft.Id, Title = "P5 interpretation" },
                    Content = ByteString.CopyFromUtf8("P5 confidential interpretation"),
                }, cancellationToken: ct);
                await omtChair.ProposeSharingAsync(new ProposeSharingRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, Audience = SharingAudience.WithSecretariat }, cancellationToken: ct);
                await minister.GrantConsentAsync(new GrantConsentRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id }, cancellationToken: ct);

                var reads = new ConcurrentBag<Read>();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var loops = readers.Select((client, replica) => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var allowed = false;
                        try
                        {
                            using var call = client.ReadBriefing(new ReadBriefingRequest { BriefingId = briefing.BriefingId }, cancellationToken: ct);
                            allowed = await call.ResponseStream.MoveNext(ct);
                        }
                        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
                        {
                        }
                        reads.Add(new Read(replica, started, Stopwatch.GetTimestamp(), allowed));
                    }
                }, ct)).ToList();
                var warm = Stopwatch.StartNew();
                while (Enumerable.Range(0, readers.Count).Any(r => reads.Count(x => x.Replica == r && x.Allowed) < 5))
                {
                    if (warm.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new MeasurementException("P5: the readers never got allowed reads on every replica");
                    }
                    await Task.Delay(10, ct);
                }
                var sent = Stopwatch.GetTimestamp();
                await omtChair.RevokeConsentAsync(new RevokeConsentRequest { IdempotencyKey = Requests.Key(), RequestId = draft.Id, Reason = "P5" }, cancellationToken: ct);
                var returned = Stopwatch.GetTimestamp();
                var timed = round >= options.RevocationWarmUpRounds;
                if (timed)
                {
                    revokeCalls.Add(Stopwatch.GetElapsedTime(sent, returned).TotalMilliseconds);
                }
                await Task.Delay(300, ct);
                await stop.CancelAsync();
                await Task.WhenAll(loops);

                var slowest = 0.0;
                for (var replica = 0; replica < readers.Count; replica++)
                {
                    var firstDenied = reads.Where(r => r.Replica == replica && !r.Allowed && r.Ended > sent).Select(r => r.Ended).DefaultIfEmpty(long.MaxValue).Min();
                    if (firstDenied == long.MaxValue)
                    {
                        problems.Add($"P5: replica {replica + 1} never denied after the revocation in round {round + 1}");
                        continue;
                    }
                    slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(sent, firstDenied).TotalMilliseconds);
                }
                if (timed)
                {
                    toDeny.Add(slowest);
                }
                var after = reads.Where(r => r.Started > returned).ToList();
                readsAfter += after.Count;
                allowedAfter += after.Count(r => r.Allowed);
            }
        }
        finally
        {
            foreach (var channel in replicas)
            {
                channel.Dispose();
            }
        }
        return (toDeny, revokeCalls, allowedAfter, readsAfter);
    }
}
