using System.Buffers.Binary;
using System.Diagnostics;
using Mit.Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Mit.Benchmarks;

/// <summary>P6's broker leg: one confirmed publish and its delivery, on the bare broker.</summary>
public sealed record FloorResult(Summary RoundTripMs, Summary ConfirmMs);

/// <summary>
/// P6's broker leg: the broker's own floor under P1 — a durable quorum queue, publisher confirms, one message in
/// flight at a time, RabbitMQ.Client only (no MassTransit, no outbox, no database).
/// </summary>
internal static class BrokerFloor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<FloorResult> RunAsync(RabbitMqServer broker, HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P6: broker: {options.FloorWarmUp} warm-up + {options.FloorMessages} measured confirmed publish -> consume round trips...");
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            UserName = broker.Username,
            Password = broker.Password,
            VirtualHost = broker.VirtualHost,
        };
        await using var connection = await factory.CreateConnectionAsync("mit-benchmarks-floor", ct);
        // With tracking on, BasicPublishAsync returns once the broker confirmed the message (quorum: replicated and fsynced).
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        await using var receiver = await connection.CreateChannelAsync(cancellationToken: ct);

        var queue = $"mit-benchmarks-floor-{Guid.NewGuid():n}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);

        // The message in flight: its number and the completion its delivery sets (with the Stopwatch time of arrival).
        var expected = -1;
        var delivered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(receiver);
        consumer.ReceivedAsync += async (_, e) =>
        {
            var at = Stopwatch.GetTimestamp();
            if (BinaryPrimitives.ReadInt32LittleEndian(e.Body.Span) == Volatile.Read(ref expected))
            {
                Volatile.Read(ref delivered).TrySetResult(at);
            }
            await receiver.BasicAckAsync(e.DeliveryTag, multiple: false, ct);
        };
        await receiver.BasicConsumeAsync(queue, autoAck: false, consumer, ct);

        var roundTrips = new List<double>();
        var confirms = new List<double>();
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
        var body = new byte[sizeof(int)];
        for (var i = 0; i < options.FloorWarmUp + options.FloorMessages; i++)
        {
            Volatile.Write(ref delivered, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
            Volatile.Write(ref expected, i);
            BinaryPrimitives.WriteInt32LittleEndian(body, i);
            var started = Stopwatch.GetTimestamp();
            await publisher.BasicPublishAsync("", queue, mandatory: true, properties, body, ct);
            var confirmed = Stopwatch.GetTimestamp();
            long arrived;
            try
            {
                arrived = await delivered.Task.WaitAsync(Timeout, ct);
            }
            catch (TimeoutException)
            {
                throw new MeasurementException($"P6: broker: message {i} was confirmed but not delivered within {Timeout.TotalSeconds:0} s.");
            }
            if (i >= options.FloorWarmUp)
            {
                roundTrips.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
                confirms.Add(Stopwatch.GetElapsedTime(started, confirmed).TotalMilliseconds);
            }
        }

        await publisher.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        return new FloorResult(Percentiles.Summarize(roundTrips), Percentiles.Summarize(confirms));
    }
}

