using System.Diagnostics;
using Mit.Platform.Testing;
using RabbitMQ.Client;

namespace Mit.Benchmarks;

/// <summary>
/// P4's platform leg: the platform's own outbox dispatcher and bus (<see cref="OutboxProbe"/>: MassTransit on the
/// cluster's RabbitMQ, as the services configure it), in this process, on a database of the cluster's PostgreSQL with
/// the outbox table. A leg writes rows in one transaction (not timed), wakes the dispatcher, and times until every row
/// is marked sent — published, confirmed by the broker into a durable quorum queue, and recorded — and the queue holds
/// them all.
/// </summary>
internal sealed class DispatcherRate : IAsyncDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    private readonly OutboxProbe _probe;
    private readonly IChannel _admin;
    private readonly string _queue;
    private readonly Func<Task> _dropDatabase;

    private DispatcherRate(OutboxProbe probe, IChannel admin, string queue, Func<Task> dropDatabase)
    {
        _probe = probe;
        _admin = admin;
        _queue = queue;
        _dropDatabase = dropDatabase;
    }

    public static async Task<DispatcherRate> StartAsync(LoopbackCluster cluster, IConnection connection, CancellationToken ct)
    {
        var name = $"mit_benchmarks_outbox_{Guid.NewGuid():n}";
        var database = await cluster.Postgres.CreateDatabaseAsync(name);
        var admin = await connection.CreateChannelAsync(cancellationToken: ct);
        var queue = $"mit-benchmarks-dispatcher-{Guid.NewGuid():n}";
        await OutboxProbe.BindQueueAsync(admin, queue, ct);
        return new DispatcherRate(await OutboxProbe.StartAsync(database, cluster.Broker, ct), admin, queue, () => cluster.Postgres.DropDatabaseAsync(name));
    }

    /// <summary>One leg: <paramref name="rows"/> outbox rows dispatched; the rate from waking the dispatcher until all are sent.</summary>
    public async Task<PublishLeg> LegAsync(int rows, int bodyBytes, CancellationToken ct)
    {
        await _admin.QueuePurgeAsync(_queue, ct);
        await _probe.WriteAsync(rows, bodyBytes, ct);
        var clock = Stopwatch.StartNew();
        var cpu = CpuMeter.Start([]);
        _probe.Wake();
        // Not too often: each poll is a query on the same database the dispatcher works on.
        while (await _probe.PendingAsync(ct) > 0 || await _admin.MessageCountAsync(_queue, ct) < (uint)rows)
        {
            if (clock.Elapsed > Settle)
            {
                throw new MeasurementException($"P4: the outbox dispatcher had not sent {rows} rows after {Settle.TotalSeconds:0} s.");
            }
            await Task.Delay(50, ct);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new PublishLeg(PublishLeg.Dispatcher, rows, seconds, rows / seconds, cpu.Stop(rows));
    }

    /// <summary>Leaves the cluster as P4 found it: its rows (hundreds of thousands) are not the next benchmark's to vacuum.</summary>
    public async ValueTask DisposeAsync()
    {
        await _admin.QueueDeleteAsync(_queue, cancellationToken: CancellationToken.None);
        await _admin.DisposeAsync();
        await _probe.DisposeAsync();
        await _dropDatabase();
    }
}
