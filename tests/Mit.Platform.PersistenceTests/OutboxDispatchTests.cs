using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Testing;
using RabbitMQ.Client;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// The outbox dispatcher on a real PostgreSQL and a real RabbitMQ, with backlogs of several batches: what it reads
/// ahead and marks while it publishes still sends every row once and marks every row sent.
/// </summary>
public sealed class OutboxDispatchTests(PostgresServer postgres, RabbitMqServer broker)
    : IClassFixture<PostgresServer>, IClassFixture<RabbitMqServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private IConnection? _connection;
    private IChannel? _channel;

    public async Task InitializeAsync()
    {
        var factory = new ConnectionFactory { HostName = broker.Host, Port = broker.Port, UserName = broker.Username, Password = broker.Password };
        _connection = await factory.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync();
    }

    public async Task DisposeAsync()
    {
        await _channel!.DisposeAsync();
        await _connection!.DisposeAsync();
    }

    [Fact]
    public async Task Two_replicas_send_a_backlog_of_several_batches_each_row_once_and_mark_every_row_sent()
    {
        var queue = await QueueAsync();
        var database = await postgres.CreateDatabaseAsync($"outbox_{Guid.NewGuid():n}");
        await using var first = await OutboxProbe.StartAsync(database, broker);
        await using var second = await OutboxProbe.StartAsync(database, broker);

        var written = await first.WriteAsync(1234, 64);
        first.Wake();
        second.Wake();

        var received = await ReceiveAsync(queue, first, written.Count);
        Assert.Equal(written.Count, received.Count);
        Assert.Equal(written.ToHashSet(), received.ToHashSet());
        Assert.Equal(0, await first.PendingAsync());
    }

    [Fact]
    public async Task A_row_committed_after_later_rows_were_sent_is_sent_too()
    {
        var queue = await QueueAsync();
        await using var probe = await OutboxProbe.StartAsync(await postgres.CreateDatabaseAsync($"outbox_{Guid.NewGuid():n}"), broker);

        // A change that takes its sequence number first and commits last.
        await using var scope = probe.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxProbeDb>();
        await using var slow = await db.Database.BeginTransactionAsync();
        var late = OutboxMessage.Create(new OutboxProbeEvent(-1, "late"), DateTimeOffset.UtcNow);
        db.OutboxMessages.Add(late);
        await db.SaveChangesAsync();

        var written = await probe.WriteAsync(1100, 64);
        probe.Wake();
        var before = await ReceiveAsync(queue, probe, written.Count);
        Assert.Equal(written.ToHashSet(), before.ToHashSet());

        await slow.CommitAsync();
        // As the commit's wake-up does in a service (the probe's contexts have no save interceptor).
        probe.Wake();
        var after = await ReceiveAsync(queue, probe, 1);
        Assert.Equal([late.MessageId], after);
        Assert.Equal(0, await probe.PendingAsync());
    }

    [Fact]
    public async Task A_backlog_written_in_one_burst_is_read_in_order_from_the_pending_index_without_sorting_it()
    {
        // The table's statistics still say "empty" right after a burst (autovacuum has not analysed it yet; here it never
        // does): a sort of every pending row for each batch spilled megabytes to disk. With a limit on temporary files
        // such a read fails, every time.
        var queue = await QueueAsync();
        var database = await postgres.CreateDatabaseAsync($"outbox_{Guid.NewGuid():n}");
        await using var probe = await OutboxProbe.StartAsync(database, broker);
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var limit = connection.CreateCommand();
            limit.CommandText = $"""
                ALTER DATABASE "{connection.Database}" SET temp_file_limit = '1MB';
                ALTER TABLE outbox_messages SET (autovacuum_enabled = false);
                """;
            await limit.ExecuteNonQueryAsync();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();

        var written = await probe.WriteAsync(10_000, 700);
        probe.Wake();

        var received = await ReceiveAsync(queue, probe, written.Count);
        Assert.Equal(written.ToHashSet(), received.ToHashSet());
    }

    private async Task<string> QueueAsync()
    {
        var queue = $"outbox-dispatch-{Guid.NewGuid():n}";
        await OutboxProbe.BindQueueAsync(_channel!, queue);
        return queue;
    }

    /// <summary>
    /// Waits until <paramref name="expected"/> messages are on the queue and none is pending, then takes every message
    /// off it (a second or so more, so a doubled one would show) and returns their MassTransit message ids.
    /// </summary>
    private async Task<List<Guid>> ReceiveAsync(string queue, OutboxProbe probe, int expected)
    {
        var until = DateTime.UtcNow + Patience;
        while (await _channel!.MessageCountAsync(queue) < expected || await probe.PendingAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < until,
                $"after {Patience.TotalSeconds:0} s: {await _channel.MessageCountAsync(queue)} of {expected} on the queue, {await probe.PendingAsync()} rows pending");
            await Task.Delay(100);
        }
        await Task.Delay(1000);
        var ids = new List<Guid>();
        while (await _channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            using var envelope = JsonDocument.Parse(message.Body);
            ids.Add(envelope.RootElement.GetProperty("messageId").GetGuid());
        }
        return ids;
    }
}
