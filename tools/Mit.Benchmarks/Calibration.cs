using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mit.Platform.Testing;
using StackExchange.Redis;

namespace Mit.Benchmarks;

/// <summary>P6's legs: the bare cost of each kind of hop the platform is built from, one at a time.</summary>
public sealed record CalibrationResult(Summary GrpcRoundTripMs, Summary GrpcThroughBareProxyMs, Summary RedisPingMs, FloorResult Broker)
{
    /// <summary>What one proxy hop adds by itself, at p50: the least any gateway can add (P2's comparison).</summary>
    public double BareProxyHopP50Ms => GrpcThroughBareProxyMs.P50 - GrpcRoundTripMs.P50;

    /// <summary>The floor P1's end-to-end latency is compared with: one of each hop, at p50.</summary>
    public double SumOfP50Ms => GrpcRoundTripMs.P50 + RedisPingMs.P50 + Broker.RoundTripMs.P50;
}

/// <summary>
/// P6: calibration legs in the same run, on the same machine, one call in flight at a time:
/// a bare gRPC round trip over h2c on loopback (Grpc.Net.Client to a Kestrel server with nothing but the gRPC health
/// service and one check that answers Healthy, inside this process), the same call through a bare YARP proxy (nothing
/// but forwarding over h2c, in this process too; alternating call by call with the direct one), a Redis PING (StackExchange.Redis, a Redis of its own), and the
/// broker's confirmed publish -> consume round trip (<see cref="BrokerFloor"/>).
/// </summary>
internal static class Calibration
{
    public static async Task<CalibrationResult> RunAsync(RabbitMqServer broker, HarnessOptions options, CancellationToken ct)
    {
        var (grpc, proxied) = await GrpcRoundTripAsync(options, ct);
        var redis = await RedisPingAsync(options, ct);
        var floor = await BrokerFloor.RunAsync(broker, options, ct);
        return new CalibrationResult(grpc, proxied, redis, floor);
    }

    private static async Task<(Summary Direct, Summary Proxied)> GrpcRoundTripAsync(HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P6: bare gRPC: {options.CalibrationWarmUp} warm-up + {options.CalibrationMeasured} measured round trips (grpc.health.v1.Health/Check, h2c), straight and through a bare YARP hop, alternating...");
        var builder = BareProxy.Slim();
        builder.Services.AddGrpc();
        // One check that only answers Healthy: Check then does no work beyond the round trip.
        builder.Services.AddGrpcHealthChecks().AddCheck("echo", () => HealthCheckResult.Healthy());
        await using var app = builder.Build();
        app.MapGrpcHealthChecksService();
        await app.StartAsync(ct);

        // A proxy that only forwards, over h2c, as the gateway forwards to a service: what a hop costs by itself.
        await using var proxy = BareProxy.Build(app.Urls.First());
        await proxy.StartAsync(ct);
        try
        {
            using var channel = GrpcChannel.ForAddress(app.Urls.First());
            using var proxiedChannel = GrpcChannel.ForAddress(proxy.Urls.First());
            var clients = new[] { new Health.HealthClient(channel), new Health.HealthClient(proxiedChannel) };
            var request = new HealthCheckRequest();
            var call = 0;
            var samples = await TimeAsync(async () =>
            {
                var response = await clients[call++ % 2].CheckAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
                if (response.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    throw new MeasurementException($"P6: bare gRPC: the echo server answered {response.Status}.");
                }
            }, options.CalibrationWarmUp * 2, options.CalibrationMeasured * 2);
            // The warm-up is an even number of calls, so the measured ones alternate direct, proxied, direct, ...
            return (Percentiles.Summarize(samples.Where((_, i) => i % 2 == 0)), Percentiles.Summarize(samples.Where((_, i) => i % 2 == 1)));
        }
        finally
        {
            await proxy.StopAsync(CancellationToken.None);
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Summary> RedisPingAsync(HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P6: Redis: starting a Redis; {options.CalibrationWarmUp} warm-up + {options.CalibrationMeasured} measured PINGs...");
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        return Percentiles.Summarize(await TimeAsync(async () =>
        {
            ct.ThrowIfCancellationRequested();
            await db.PingAsync();
        }, options.CalibrationWarmUp, options.CalibrationMeasured));
    }

    /// <summary>Warm-up calls, then measured calls, strictly one after the other, each timed on the Stopwatch.</summary>
    private static async Task<double[]> TimeAsync(Func<Task> call, int warmUp, int measured)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await call();
        }
        var samples = new double[measured];
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return samples;
    }
}
