using System.Diagnostics;
using Mit.Platform.Testing;
using RabbitMQ.Client;

namespace Mit.Benchmarks;

/// <summary>One leg of P4: which (raw or dispatcher), how many messages in how long, and the rate.</summary>
public sealed record PublishLeg(string Leg, int Messages, double Seconds, double PerSecond, CpuUse Cpu)
{
    public const string Raw = "raw confirmed";
    public const string Dispatcher = "outbox dispatcher";
}

/// <summary>P4's figures: the outbox dispatcher's durable, confirmed rate and the raw confirmed rate, same broker, same queue type.</summary>
public sealed record ConfirmCostResult(int Rounds, int BodyBytes, int ConfirmWindow, double RawConfirmedPerSecond, double DispatcherPerSecond,
    IReadOnlyList<PublishLeg> Legs)
{
    /// <summary>The share of all cores busy during the legs of one kind (time-weighted).</summary>
    public double BusyShare(string leg) => Of(leg).Sum(l => l.Cpu.BusyShare * l.Seconds) / Of(leg).Sum(l => l.Seconds);

    /// <summary>Whole-machine CPU time per message over the legs of one kind, in milliseconds.</summary>
    public double MachineMsPerMessage(string leg) => Of(leg).Sum(l => l.Cpu.MsPerRelease * l.Messages) / Of(leg).Sum(l => l.Messages);

    /// <summary>This process's CPU time per message (the publisher: RabbitMQ.Client, or the dispatcher and its bus).</summary>
    public double PublisherMsPerMessage(string leg) => Of(leg).Sum(l => l.Cpu.ClientMsPerRelease * l.Messages) / Of(leg).Sum(l => l.Messages);

    private IEnumerable<PublishLeg> Of(string leg) => Legs.Where(l => l.Leg == leg);
}

/// <summary>
/// P4: how much of what the broker can confirm the platform's publishing path delivers. Raw: RabbitMQ.Client alone
/// against the cluster's broker, a durable quorum queue, persistent messages, nobody consuming, up to
/// <see cref="Window"/> publishes in flight, each batch awaited until the broker confirmed every message (quorum:
/// replicated and fsynced). Dispatcher: the platform's outbox dispatcher and bus (<see cref="DispatcherRate"/>) sending
/// rows from PostgreSQL to a quorum queue, each confirmed and marked sent. The legs alternate in rounds, each from an
/// empty queue, so both see the same broker and the same machine; the dispatcher leg is sized from the raw rate.
/// </summary>
internal static class ConfirmCost
{
    public const int Window = 128;
    public const int BodyBytes = 512;

    public static async Task<ConfirmCostResult> RunAsync(LoopbackCluster cluster, HarnessOptions options, CancellationToken ct)
    {
        Progress.Log($"P4: {options.ConfirmRounds} rounds of raw confirmed publishing ({options.ConfirmLeg.TotalSeconds:0.#} s) and outbox dispatching (after a warm-up round)...");
        var broker = cluster.Broker;
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
        await using var admin = await connection.CreateChannelAsync(cancellationToken: ct);
        await using var dispatcher = await DispatcherRate.StartAsync(cluster, connection, ct);

        var queue = $"mit-benchmarks-confirm-cost-{Guid.NewGuid():n}";
        await admin.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        try
        {
            var body = new byte[BodyBytes];
            Random.Shared.NextBytes(body);
            var warmUp = await LegAsync(confirmed, admin, queue, body, options.ConfirmWarmUpLeg, ct);
            await dispatcher.LegAsync(Math.Max(200, (int)(warmUp.PerSecond * options.ConfirmWarmUpLeg.TotalSeconds)), BodyBytes, ct);

            var legs = new List<PublishLeg>();
            for (var round = 0; round < options.ConfirmRounds; round++)
            {
                // Alternate which leg goes first; the dispatcher gets as many rows as the raw leg sent in its time.
                var raw = round % 2 == 0 ? await LegAsync(confirmed, admin, queue, body, options.ConfirmLeg, ct) : null;
                var rows = Math.Max(200, (int)((raw ?? legs.Last(l => l.Leg == PublishLeg.Raw)).PerSecond * options.ConfirmLeg.TotalSeconds));
                var dispatched = await dispatcher.LegAsync(rows, BodyBytes, ct);
                raw ??= await LegAsync(confirmed, admin, queue, body, options.ConfirmLeg, ct);
                legs.AddRange(round % 2 == 0 ? [raw, dispatched] : [dispatched, raw]);
            }
            return new ConfirmCostResult(options.ConfirmRounds, BodyBytes, Window, Rate(legs, PublishLeg.Raw), Rate(legs, PublishLeg.Dispatcher), legs);
        }
        finally
        {
            await admin.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        }
    }

    private static double Rate(List<PublishLeg> legs, string leg)
    {
        var these = legs.Where(l => l.Leg == leg).ToList();
        return these.Sum(l => l.Messages) / these.Sum(l => l.Seconds);
    }

    private static async Task<PublishLeg> LegAsync(IChannel channel, IChannel admin, string queue, byte[] body, TimeSpan length, CancellationToken ct)
    {
        await admin.QueuePurgeAsync(queue, ct);
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
        var sent = 0;
        var clock = Stopwatch.StartNew();
        var cpu = CpuMeter.Start([]);
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
        var seconds = clock.Elapsed.TotalSeconds;
        var used = cpu.Stop(sent);
        if (await admin.MessageCountAsync(queue, ct) < (uint)sent)
        {
            throw new MeasurementException($"P4: the queue holds fewer than the {sent} confirmed messages.");
        }
        return new PublishLeg(PublishLeg.Raw, sent, seconds, sent / seconds, used);
    }
}
