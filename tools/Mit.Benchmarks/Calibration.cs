using System.Diagnostics;
using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Mit.Platform.Testing;
using StackExchange.Redis;

namespace Mit.Benchmarks;

/// <summary>P6's legs: the bare cost of each kind of hop the platform is built from, one at a time.</summary>
public sealed record CalibrationResult(Summary GrpcRoundTripMs, Summary RedisPingMs, FloorResult Broker)
{
    /// <summary>The floor P1's end-to-end latency is compared with: one of each hop, at p50.</summary>
    public double SumOfP50Ms => GrpcRoundTripMs.P50 + RedisPingMs.P50 + Broker.RoundTripMs.P50;
}

/// <summary>
/// P6: calibration legs in the same run, on the same machine, one call in flight at a time:
/// a bare gRPC round trip over h2c on loopback (Grpc.Net.Client to a Kestrel server with nothing but the gRPC health
/// service and one check that answers Healthy, inside this process), a Redis PING (StackExchange.Redis, a Redis of its own), and the
/// broker's confirmed publish -> consume round trip (<see cref="BrokerFloor"/>).
/// </summary>
internal static class Calibration
{
    public static async Task<CalibrationResult> RunAsync(RabbitMqServer broker, HarnessOptions options, CancellationToken ct)
    {
        var grpc = await GrpcRoundTripAsync(options, ct);
        var redis = await RedisPingAsync(options, ct);
        var floor = await BrokerFloor.RunAsync(broker, options, ct);
        return new CalibrationResult(grpc, redis, floor);
    }

    private static async Task<Summary> GrpcRoundTripAsync(HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P6: bare gRPC: {options.CalibrationWarmUp} warm-up + {options.CalibrationMeasured} measured round trips (grpc.health.v1.Health/Check, h2c)...");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Calibration).Assembly.GetName().Name,
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        // One check that only answers Healthy: Check then does no work beyond the round trip.
        builder.Services.AddGrpcHealthChecks().AddCheck("echo", () => HealthCheckResult.Healthy());
        await using var app = builder.Build();
        app.MapGrpcHealthChecksService();
        await app.StartAsync(ct);
        try
        {
            using var channel = GrpcChannel.ForAddress(app.Urls.First());
            var client = new Health.HealthClient(channel);
            var request = new HealthCheckRequest();
            return await TimeAsync(options, async () =>
            {
                var response = await client.CheckAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
                if (response.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    throw new MeasurementException($"P6: bare gRPC: the echo server answered {response.Status}.");
                }
            });
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Summary> RedisPingAsync(HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P6: Redis: starting a Redis; {options.CalibrationWarmUp} warm-up + {options.CalibrationMeasured} measured PINGs...");
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        return await TimeAsync(options, async () =>
        {
            ct.ThrowIfCancellationRequested();
            await db.PingAsync();
        });
    }

    /// <summary>Warm-up calls, then measured calls, strictly one after the other, each timed on the Stopwatch.</summary>
    private static async Task<Summary> TimeAsync(HarnessOptions options, Func<Task> call)
    {
        for (var i = 0; i < options.CalibrationWarmUp; i++)
        {
            await call();
        }
        var samples = new double[options.CalibrationMeasured];
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return Percentiles.Summarize(samples);
    }
}
