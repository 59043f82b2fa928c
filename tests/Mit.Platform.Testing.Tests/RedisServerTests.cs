using StackExchange.Redis;
using Xunit;

namespace Mit.Platform.Testing.Tests;

public sealed class RedisServerTests(RedisServer server) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Sets_and_gets_a_value()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var db = redis.GetDatabase();

        Assert.True(await db.StringSetAsync("mit-testing:key", "value"));
        Assert.Equal("value", (string?)await db.StringGetAsync("mit-testing:key"));
    }
}
