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

    [Fact]
    public async Task Killed_it_refuses_and_started_again_it_answers_on_the_same_port_empty()
    {
        var options = ConfigurationOptions.Parse(server.ConnectionString);
        options.AbortOnConnectFail = false;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();
        await db.StringSetAsync("mit-testing:restart", "value");

        await server.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => db.PingAsync());
        await server.StartAgainAsync();

        // The client reconnects by itself; a Redis without persistence comes back empty.
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!redis.IsConnected && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        Assert.False((await db.StringGetAsync("mit-testing:restart")).HasValue);
    }
}
