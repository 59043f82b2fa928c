using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.Testing;
using StackExchange.Redis;

namespace Mit.Platform.SystemTests;

/// <summary>
/// The epoch cache on a real Redis (shared by replicas) and in process (the all-in-one host): the same rules.
/// Two caches on one Redis stand for two replicas.
/// </summary>
public sealed class EpochCacheTests(RedisServer redis) : IClassFixture<RedisServer>
{
    public static TheoryData<bool> Stores => new() { true, false };

    private (EpochCache First, EpochCache Second, IDisposable Connections) Caches(bool onRedis)
    {
        var services = new ServiceCollection();
        if (onRedis)
        {
            services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(redis.ConnectionString));
        }
        var provider = services.BuildServiceProvider();
        var first = new EpochCache(provider, TimeProvider.System);
        // In process there is one cache per process; on Redis a second replica has its own connection.
        var second = onRedis ? new EpochCache(SecondReplica(), TimeProvider.System) : first;
        return (first, second, provider);
    }

    private ServiceProvider SecondReplica()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(redis.ConnectionString));
        return services.BuildServiceProvider();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_answer_stored_under_the_current_epoch_is_served_on_every_replica(bool onRedis)
    {
        var (first, second, connections) = Caches(onRedis);
        using var _ = connections;
        var scope = "test:" + Guid.NewGuid();

        var miss = await first.GetAsync(scope, "reader-1");
        await first.SetAsync(scope, miss.Epoch, "reader-1", "allowed", TimeSpan.FromMinutes(1));

        Assert.Null(miss.Value);
        Assert.Equal("allowed", (await second.GetAsync(scope, "reader-1")).Value);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_bump_on_one_replica_hides_every_answer_of_the_scope_on_the_other(bool onRedis)
    {
        var (first, second, connections) = Caches(onRedis);
        using var _ = connections;
        var scope = "test:" + Guid.NewGuid();
        var other = "test:" + Guid.NewGuid();
        var read = await second.GetAsync(scope, "reader-1");
        await second.SetAsync(scope, read.Epoch, "reader-1", "allowed", TimeSpan.FromMinutes(1));
        var otherRead = await second.GetAsync(other, "reader-1");
        await second.SetAsync(other, otherRead.Epoch, "reader-1", "allowed", TimeSpan.FromMinutes(1));

        var epoch = await first.BumpAsync(scope);

        var after = await second.GetAsync(scope, "reader-1");
        Assert.Equal(epoch, after.Epoch);
        Assert.Null(after.Value);
        Assert.Equal("allowed", (await second.GetAsync(other, "reader-1")).Value);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_answer_computed_before_a_bump_and_stored_after_it_is_never_served(bool onRedis)
    {
        var (first, second, connections) = Caches(onRedis);
        using var _ = connections;
        var scope = "test:" + Guid.NewGuid();

        var read = await second.GetAsync(scope, "reader-1");
        await first.BumpAsync(scope);
        // The slow reader stores what it computed from data older than the bump.
        await second.SetAsync(scope, read.Epoch, "reader-1", "allowed (stale)", TimeSpan.FromMinutes(1));

        Assert.Null((await first.GetAsync(scope, "reader-1")).Value);
        Assert.Null((await second.GetAsync(scope, "reader-1")).Value);
    }
}
