using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using RabbitMQ.Client;

namespace Mit.Platform.Testing;

/// <summary>What an outbox probe publishes: a number and a body of a chosen size.</summary>
public sealed record OutboxProbeEvent(int Number, string Padding);

/// <summary>A store with only the platform's outbox tables.</summary>
public sealed class OutboxProbeDb(DbContextOptions<OutboxProbeDb> options) : PlatformDbContext(options);

/// <summary>
/// The platform's own <see cref="OutboxDispatcher{TContext}"/> and bus (MassTransit on RabbitMQ, configured as the
/// services configure it) in this process, on a PostgreSQL database holding only the outbox tables: one replica of a
/// service's publishing path. Several probes on one database are replicas. The probe's event exchange is bound to a
/// durable quorum queue, as the platform's subscriber queues are, so a publish is confirmed once the queue holds it.
/// </summary>
public sealed class OutboxProbe : IAsyncDisposable
{
    private readonly IHost _host;

    private OutboxProbe(IHost host) => _host = host;

    public static string Exchange => $"{typeof(OutboxProbeEvent).Namespace}:{nameof(OutboxProbeEvent)}";

    /// <summary>Starts a dispatcher on <paramref name="database"/> (its outbox table is created if missing).</summary>
    public static async Task<OutboxProbe> StartAsync(string database, RabbitMqServer broker, CancellationToken ct = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:Host"] = broker.Host,
            ["Messaging:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:VirtualHost"] = broker.VirtualHost,
            ["Messaging:Username"] = broker.Username,
            ["Messaging:Password"] = broker.Password,
        });
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal<OutboxProbeDb>>();
        builder.Services.AddDbContextPool<OutboxProbeDb>(new Store(StoreProvider.Postgres, database).Apply);
        builder.Services.AddHostedService<OutboxDispatcher<OutboxProbeDb>>();
        builder.AddPlatformMessaging();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Replicas on one database start one after another: the first creates the table.
            await scope.ServiceProvider.GetRequiredService<OutboxProbeDb>().Database.EnsureCreatedAsync(ct);
        }
        await host.StartAsync(ct);
        return new OutboxProbe(host);
    }

    /// <summary>Declares a durable quorum queue bound to the probe's exchange (declared as MassTransit declares it).</summary>
    public static async Task BindQueueAsync(IChannel channel, string queue, CancellationToken ct = default)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        await channel.QueueBindAsync(queue, Exchange, "", cancellationToken: ct);
    }

    /// <summary>Writes outbox rows in one transaction (as a service's change would) and returns their message ids.</summary>
    public async Task<List<Guid>> WriteAsync(int rows, int bodyBytes, CancellationToken ct = default)
    {
        var padding = new string('p', bodyBytes);
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxProbeDb>();
        var now = DateTimeOffset.UtcNow;
        var messages = Enumerable.Range(0, rows).Select(i => OutboxMessage.Create(new OutboxProbeEvent(i, padding), now)).ToList();
        db.OutboxMessages.AddRange(messages);
        await db.SaveChangesAsync(ct);
        return messages.Select(m => m.MessageId).ToList();
    }

    /// <summary>Wakes the dispatcher, as a commit with outbox rows does.</summary>
    public void Wake() => _host.Services.GetRequiredService<OutboxSignal<OutboxProbeDb>>().Notify();

    /// <summary>Rows not yet marked sent.</summary>
    public async Task<int> PendingAsync(CancellationToken ct = default)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxProbeDb>().OutboxMessages.CountAsync(m => m.SentAt == null, ct);
    }

    /// <summary>A context on the probe's database, for a test that writes in its own transaction.</summary>
    public AsyncServiceScope CreateScope() => _host.Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
