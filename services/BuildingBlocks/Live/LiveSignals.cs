using System.Collections.Concurrent;
using Mit.Platform.BuildingBlocks.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Mit.Platform.BuildingBlocks.Live;

/// <summary>
/// "Something new on this topic" for live streams. With Redis configured (Redis:ConnectionString) a signal raised on
/// any replica wakes the waiting streams on every replica (the backplane); without it (the all-in-one host) it stays
/// in this process. A signal carries no data: streams re-read their store from their position, so a lost signal
/// only delays, and the periodic re-read bounds the delay.
/// </summary>
public sealed class LiveSignals : IHostedService
{
    private const string ChannelPrefix = "mit:live:";
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new();
    private readonly IConnectionMultiplexer? _redis;

    public LiveSignals(IServiceProvider services) => _redis = services.GetService<IConnectionMultiplexer>();

    /// <summary>Completes at the next signal on the topic. Take it before reading, so nothing slips in between.</summary>
    public Task Next(string topic) =>
        _next.GetOrAdd(topic, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Raise(string topic)
    {
        if (_redis is null)
        {
            Wake(topic);
            return;
        }
        // Fire and forget: the local wake-up comes back through the subscription like everyone else's.
        _redis.GetSubscriber().Publish(RedisChannel.Literal(ChannelPrefix + topic), "1", CommandFlags.FireAndForget);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            var subscription = await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(ChannelPrefix + "*"));
            subscription.OnMessage(message => Wake(message.Channel.ToString()[ChannelPrefix.Length..]));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Wake(string topic)
    {
        if (_next.TryRemove(topic, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}

public static class LiveSignalsExtensions
{
    /// <summary>Redis when configured (shared across replicas), and the live signals on top of it.</summary>
    public static void AddLiveSignals(this IHostApplicationBuilder builder)
    {
        builder.AddRedisWhenConfigured();
        if (!builder.Services.Any(d => d.ServiceType == typeof(LiveSignals)))
        {
            builder.Services.AddSingleton<LiveSignals>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveSignals>());
        }
    }
}
