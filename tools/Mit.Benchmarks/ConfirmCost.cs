using System.Diagnostics;
using Mit.Platform.Testing;
using RabbitMQ.Client;

namespace Mit.Benchmarks;

/// <summary>One leg of P4: how many messages in how long, and the rate.</summary>
public sealed record PublishLeg(bool Confirmed, int Messages, double Seconds, double PerSecond);

/// <summary>P4's figures: publish throughput with and without publisher confirms, same broker, same queue type.</summary>
public sealed record ConfirmCostResult(int Rounds, int BodyBytes, int ConfirmWindow, double ConfirmedPerSecond, double UnconfirmedPerSecond,
    IReadOnlyList<PublishLeg> Legs);

/// <summary>
/// P4: RabbitMQ.Client alone against the cluster's broker, a durable quorum queue, persistent messages, nobody
/// consuming. Confirmed: up to <see cref="Window"/> publishes in flight, each batch awaited until the broker confirmed
/// every message (quorum: replicated and fsynced). Unconfirmed: publish as fast as the connection takes them, timed
/// until the queue holds them all (so "published" means "accepted by the broker" in both legs). The legs alternate
/// in rounds, each from an empty queue, so both see the same broker and the same machine.
/// </summary>
internal static class ConfirmCost
{
    public const int Window = 128;
    public const int BodyBytes = 512;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task<ConfirmCostResult> RunAsync(RabbitMqServer broker, HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P4: {options.ConfirmRounds} rounds of {options.ConfirmLeg.TotalSeconds:0.#} s confirmed / unconfirmed publishing (after a warm-up round)...");
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            UserName = broker.Username,
            Password = broker.Password,
            VirtualHost = broker.VirtualHost,
        };
        await using var connection = await factory.CreateConnectionAsync("mit-benchmarks-confirm-cost", ct);
        // With tracking on, each publish completes when the broker confirmed it; the limiter is set above the window so it never throttles.
        await using var confirmed = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(Window * 4)), ct);
        await using var unconfirmed = await connection.CreateChannelAsync(cancellationToken: ct);
        await using var admin = await connection.CreateChannelAsync(cancellationToken: ct);

        var queue = $"mit-benchmarks-confirm-cost-{Guid.NewGuid():n}";
        await admin.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        try
        {
            var body = new byte[BodyBytes];
            Random.Shared.NextBytes(body);
            await LegAsync(confirmed, admin, queue, body, true, options.ConfirmWarmUpLeg, ct);
            await LegAsync(unconfirmed, admin, queue, body, false, options.ConfirmWarmUpLeg, ct);

            var legs = new List<PublishLeg>();
            for (var round = 0; round < options.ConfirmRounds; round++)
            {
                // Alternate which leg goes first, so neither always follows the other's purge.
                foreach (var withConfirms in round % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    legs.Add(await LegAsync(withConfirms ? confirmed : unconfirmed, admin, queue, body, withConfirms, options.ConfirmLeg, ct));
                }
            }
            return new ConfirmCostResult(options.ConfirmRounds, BodyBytes, Window, Rate(legs, true), Rate(legs, false), legs);
        }
        finally
        {
            await admin.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        }
    }

    private static double Rate(List<PublishLeg> legs, bool confirmed)
    {
        var these = legs.Where(l => l.Confirmed == confirmed).ToList();
        return these.Sum(l => l.Messages) / these.Sum(l => l.Seconds);
    }

    private static async Task<PublishLeg> LegAsync(IChannel channel, IChannel admin, string queue, byte[] body, bool withConfirms, TimeSpan length, CancellationToken ct)
    {
        await admin.QueuePurgeAsync(queue, ct);
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
        var sent = 0;
        var clock = Stopwatch.StartNew();
        if (withConfirms)
        {
            var batch = new Task[Window];
            while (clock.Elapsed < length)
            {
                for (var i = 0; i < Window; i++)
                {
                    batch[i] = channel.BasicPublishAsync("", queue, mandatory: false, properties, body, ct).AsTask();
                }
                await Task.WhenAll(batch); // throws if the broker nacked one
                sent += Window;
            }
        }
        else
        {
            while (clock.Elapsed < length)
            {
                await channel.BasicPublishAsync("", queue, mandatory: false, properties, body, ct);
                sent++;
            }
        }
        // Both legs end when the broker holds every message: confirmed ones already do; unconfirmed ones may still be in transit.
        while (await admin.MessageCountAsync(queue, ct) < (uint)sent)
        {
            if (clock.Elapsed > length + Settle)
            {
                throw new MeasurementException($"P4: the queue holds {await admin.MessageCountAsync(queue, ct)} of {sent} published messages after {Settle.TotalSeconds:0} s.");
            }
            await Task.Delay(2, ct);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new PublishLeg(withConfirms, sent, seconds, sent / seconds);
    }
}
