using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mit.Platform.BuildingBlocks.Caching;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Data;
using Mit.Platform.Migrations;
using Mit.Platform.Testing;
using StackExchange.Redis;
using Committee = Mit.Platform.Committees.Domain.Committee;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// A composition change (CommitteeComposition, StandbyApi.Activate) is committed before the membership cache is told;
/// a Redis that cannot be told then must not turn the committed change into a failed call.
/// </summary>
public sealed class MembershipInvalidationTests
{
    [Fact]
    public async Task Invalidating_after_a_committed_change_does_not_fail_when_Redis_is_unreachable()
    {
        // Nothing listens on this port: every command fails with a RedisException.
        using var unreachable = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{FreePort.Next()},abortConnect=false,connectTimeout=200,connectRetry=0");
        await using var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(unreachable).AddSingleton(TimeProvider.System)
            .AddSingleton<EpochCache>().BuildServiceProvider();
        var store = MigrationSet.All.Single(s => s.Service == "Committees" && s.Provider == StoreProvider.Sqlite);
        await using var db = (CommitteesDbContext)store.Create(store.DesignTimeConnectionString);
        var answers = new MembershipAnswers(db, services.GetRequiredService<EpochCache>(), NullLogger<MembershipAnswers>.Instance);

        await Assert.ThrowsAnyAsync<RedisException>(() => answers.InvalidateAsync(Committee.MIT));
        await answers.InvalidateAfterChangeAsync(Committee.MIT);
    }
}
