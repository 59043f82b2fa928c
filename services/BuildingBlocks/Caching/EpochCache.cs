using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Mit.Platform.BuildingBlocks.Caching;

/// <summary>A cached answer and the epoch of its scope it was read under.</summary>
public readonly record struct CachedAnswer(long Epoch, string? Value);

/// <summary>
/// Answers cached per scope (a committee's memberships, a request's access decisions) and invalidated all at once by
/// bumping the scope's epoch. With Redis configured (Redis:ConnectionString) every replica shares the epochs and the
/// answers, so a bump on one replica is seen by the next read on any replica; without it (the all-in-one host) they
/// live in this process. A writer stores an answer under the epoch it read before computing the answer, so an answer
/// computed from data older than a bump is never served after that bump.
/// </summary>
public sealed class EpochCache(IServiceProvider services, TimeProvider time)
{
    private const string EpochPrefix = "mit:epoch:";
    private const string AnswersPrefix = "mit:answers:";

    // One round trip: the scope's epoch and the answer stored under it.
    private static readonly LuaScript ReadScript = LuaScript.Prepare(
        "local e = redis.call('GET', @epochKey) or '0' " +
        "return {e, redis.call('HGET', @answersPrefix .. e, @key)}");

    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();
    private readonly ConcurrentDictionary<string, LocalScope> _local = new(StringComparer.Ordinal);

    public async Task<CachedAnswer> GetAsync(string scope, string key)
    {
        if (_redis is null)
        {
            var local = Local(scope);
            lock (local)
            {
                return new CachedAnswer(local.Epoch,
                    local.Answers.TryGetValue(key, out var answer) && answer.Expires > time.GetUtcNow() ? answer.Value : null);
            }
        }
        var result = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(ReadScript,
            new { epochKey = (RedisKey)(EpochPrefix + scope), answersPrefix = AnswersPrefix + scope + ":", key }))!;
        return new CachedAnswer((long)result[0], result[1].IsNull ? null : (string?)result[1]);
    }

    /// <summary>Stores an answer under the epoch returned by the <see cref="GetAsync"/> that preceded computing it.</summary>
    public async Task SetAsync(string scope, long epoch, string key, string value, TimeSpan timeToLive)
    {
        if (_redis is null)
        {
            var local = Local(scope);
            lock (local)
            {
                if (local.Epoch == epoch)
                {
                    local.Answers[key] = (value, time.GetUtcNow() + timeToLive);
                }
            }
            return;
        }
        var answers = (RedisKey)$"{AnswersPrefix}{scope}:{epoch}";
        var db = _redis.GetDatabase();
        var batch = db.CreateBatch();
        var set = batch.HashSetAsync(answers, key, value);
        var expire = batch.KeyExpireAsync(answers, timeToLive);
        batch.Execute();
        await Task.WhenAll(set, expire);
    }

    /// <summary>Invalidates every answer of the scope, on every replica, before it returns. Returns the new epoch.</summary>
    public async Task<long> BumpAsync(string scope)
    {
        if (_redis is null)
        {
            var local = Local(scope);
            lock (local)
            {
                local.Epoch++;
                local.Answers.Clear();
                return local.Epoch;
            }
        }
        return await _redis.GetDatabase().StringIncrementAsync(EpochPrefix + scope);
    }

    private LocalScope Local(string scope) => _local.GetOrAdd(scope, _ => new LocalScope());

    private sealed class LocalScope
    {
        public long Epoch;
        public readonly Dictionary<string, (string Value, DateTimeOffset Expires)> Answers = new(StringComparer.Ordinal);
    }
}

public static class EpochCacheExtensions
{
    /// <summary>Redis could not answer (down, unreachable, too slow): the caller falls back or reports Unavailable.</summary>
    public static bool IsUnreachable(Exception e) => e is RedisException or TimeoutException;

    /// <summary>One Redis connection per process when Redis:ConnectionString is set; nothing otherwise.</summary>
    public static void AddRedisWhenConfigured(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration["Redis:ConnectionString"];
        if (!string.IsNullOrWhiteSpace(redis) && !builder.Services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer)))
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(redis);
                // While Redis is down a command fails at once (the callers fall back to the database) rather than waiting
                // in a backlog until it times out.
                options.BacklogPolicy = BacklogPolicy.FailFast;
                return ConnectionMultiplexer.Connect(options);
            });
        }
    }

    /// <summary>Redis when configured (shared by every replica), else in this process.</summary>
    public static void AddEpochCache(this IHostApplicationBuilder builder)
    {
        builder.AddRedisWhenConfigured();
        if (!builder.Services.Any(d => d.ServiceType == typeof(EpochCache)))
        {
            builder.Services.AddSingleton<EpochCache>();
        }
    }
}
