using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Testing;
using RabbitMQ.Client;

namespace Mit.Benchmarks;

/// <summary>What P4's dispatcher leg publishes: a body of about the raw leg's size.</summary>
public sealed record DispatcherProbe(int Number, string Padding);

/// <summary>P4's platform leg: a store with only the platform's outbox tables.</summary>
internal sealed class ProbeOutboxDb(DbContextOptions<ProbeOutboxDb> options) : PlatformDbContext(options);

/// <summary>
/// P4's platform leg: the platform's own <see cref="OutboxDispatcher{TContext}"/> and bus (MassTransit on the cluster's
/// RabbitMQ, as the services configure it), in this process, on a database of the cluster's PostgreSQL with the outbox
/// table. A leg writes rows in one transaction (not timed), wakes the dispatcher, and times until every row is marked
/// sent — published, confirmed by the broker into a durable quorum queue, and recorded — and the queue holds them all.
/// </summary>
internal sealed class DispatcherRate : IAsyncDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    private readonly IHost _host;
    private readonly IChannel _admin;
    private readonly string _queue;

    private DispatcherRate(IHost host, IChannel admin, string queue)
    {
        _host = host;
        _admin = admin;
        _queue = queue;
    }

    public static async Task<DispatcherRate> StartAsync(LoopbackCluster cluster, IConnection connection, CancellationToken ct)
    {
        var database = await cluster.Postgres.CreateDatabaseAsync($"mit_benchmarks_outbox_{Guid.NewGuid():n}");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:Host"] = cluster.Broker.Host,
            ["Messaging:Port"] = cluster.Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:VirtualHost"] = cluster.Broker.VirtualHost,
            ["Messaging:Username"] = cluster.Broker.Username,
            ["Messaging:Password"] = cluster.Broker.Password,
        });
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal<ProbeOutboxDb>>();
        builder.Services.AddDbContextPool<ProbeOutboxDb>(o => o.UseNpgsql(database));
        builder.Services.AddHostedService<OutboxDispatcher<ProbeOutboxDb>>();
        builder.AddPlatformMessaging();

        // The probe's exchange (MassTransit's name and settings for the message type) bound to a durable quorum queue,
        // as the platform's subscriber queues are: a publish is confirmed once the queue holds it.
        var admin = await connection.CreateChannelAsync(cancellationToken: ct);
        var exchange = $"{typeof(DispatcherProbe).Namespace}:{nameof(DispatcherProbe)}";
        var queue = $"mit-benchmarks-dispatcher-{Guid.NewGuid():n}";
        await admin.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await admin.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        await admin.QueueBindAsync(queue, exchange, "", cancellationToken: ct);

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProbeOutboxDb>().Database.EnsureCreatedAsync(ct);
        }
        await host.StartAsync(ct);
        return new DispatcherRate(host, admin, queue);
    }

    /// <summary>One leg: <paramref name="rows"/> outbox rows dispatched; the rate from waking the dispatcher until all are sent.</summary>
    public async Task<PublishLeg> LegAsync(int rows, int bodyBytes, CancellationToken ct)
    {
        await _admin.QueuePurgeAsync(_queue, ct);
        var padding = new string('p', bodyBytes);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeOutboxDb>();
            var now = DateTimeOffset.UtcNow;
            db.OutboxMessages.AddRange(Enumerable.Range(0, rows).Select(i => OutboxMessage.Create(new DispatcherProbe(i, padding), now)));
            await db.SaveChangesAsync(ct);
        }
        var clock = Stopwatch.StartNew();
        _host.Services.GetRequiredService<OutboxSignal<ProbeOutboxDb>>().Notify();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeOutboxDb>();
            while (await db.OutboxMessages.CountAsync(m => m.SentAt == null, ct) > 0 || await _admin.MessageCountAsync(_queue, ct) < (uint)rows)
            {
                if (clock.Elapsed > Settle)
                {
                    throw new MeasurementException($"P4: the outbox dispatcher had not sent {rows} rows after {Settle.TotalSeconds:0} s.");
                }
                // Not too often: each poll is a query on the same database the dispatcher works on.
                await Task.Delay(50, ct);
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new PublishLeg(PublishLeg.Dispatcher, rows, seconds, rows / seconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.QueueDeleteAsync(_queue, cancellationToken: CancellationToken.None);
        await _admin.DisposeAsync();
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
