using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.BuildingBlocks.Messaging;

/// <summary>Wakes an outbox dispatcher as soon as a transaction with outbox rows commits.</summary>
public class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the dispatcher will pick up every pending row.
        }
    }

    /// <summary>True when woken, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>The signal of one DbContext's outbox.</summary>
public sealed class OutboxSignal<TContext> : OutboxSignal where TContext : PlatformDbContext;

/// <summary>
/// Wakes the dispatcher once outbox rows are committed: after the save that wrote them, or — when that save ran inside
/// an explicit transaction — after that transaction commits (woken earlier, the dispatcher would find nothing yet and
/// wait for its poll).
/// </summary>
/// <remarks>One instance serves every pooled context: what a save found is kept on its context, never here.</remarks>
internal sealed class OutboxSaveInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData.Context);

    private static void Saving(DbContext? context)
    {
        if (context is PlatformDbContext db)
        {
            db.SavingOutboxRows = db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not PlatformDbContext { SavingOutboxRows: true } db)
        {
            return;
        }
        db.SavingOutboxRows = false;
        if (db.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
        else
        {
            db.OutboxRowsAwaitCommit = true;
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is PlatformDbContext { OutboxRowsAwaitCommit: true } db)
        {
            db.OutboxRowsAwaitCommit = false;
            signal.Notify();
        }
    }

    private static void RolledBack(DbContext? context)
    {
        if (context is PlatformDbContext db)
        {
            db.OutboxRowsAwaitCommit = false;
        }
    }
}

/// <summary>
/// Publishes outbox rows in batches, in order, waits for the broker's confirms, then marks them sent. At least once:
/// a crash between confirm and mark publishes again, and consumers' inboxes drop the repeat.
/// </summary>
public sealed partial class OutboxDispatcher<TContext>(
    IServiceProvider services, OutboxSignal<TContext> signal, TimeProvider time, IConfiguration configuration, ILogger<OutboxDispatcher<TContext>> logger)
    : BackgroundService where TContext : PlatformDbContext
{
    private const int BatchSize = 500;
    /// <summary>Saves wake the dispatcher; the poll only bounds how late a row is seen if a wake-up is lost.</summary>
    private readonly TimeSpan _idlePoll = TimeSpan.FromSeconds(
        configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>()?.OutboxIdlePollSeconds ?? 1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                await signal.WaitAsync(_idlePoll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                LogDispatchFailed(logger, backoff, e);
                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Sends every pending row, a batch at a time, each batch published before the next one starts. On PostgreSQL the
    /// batches overlap: the next batch is read (its rows locked, all after this one's) while this one is published, and
    /// this one is marked sent while the next is published. A row committed late with an earlier sequence is left for
    /// the next drain, which its commit's wake-up starts.
    /// </summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        var marking = Task.CompletedTask;
        Task<OutboxBatch>? reading = OutboxBatch.ReadAsync(services, BatchSize, after: null, ct);
        try
        {
            while (reading is not null)
            {
                var batch = await reading;
                reading = null;
                var full = batch.Rows.Count == BatchSize;
                try
                {
                    if (batch.Rows.Count == 0)
                    {
                        await batch.DisposeAsync();
                        break;
                    }
                    var publishing = PublishAsync(batch.Rows, ct);
                    if (full && batch.Overlaps)
                    {
                        reading = OutboxBatch.ReadAsync(services, BatchSize, batch.Rows[^1].Sequence, ct);
                    }
                    await publishing;
                    await marking;
                }
                catch
                {
                    await batch.DisposeAsync();
                    throw;
                }
                marking = batch.MarkSentAsync(time.GetUtcNow(), ct);
                if (!batch.Overlaps)
                {
                    await marking;
                    reading = full ? OutboxBatch.ReadAsync(services, BatchSize, after: null, ct) : null;
                }
            }
            await marking;
        }
        finally
        {
            // After a failure nothing stays open: a batch read ahead is rolled back, its rows still pending.
            if (reading is not null)
            {
                try
                {
                    await (await reading).DisposeAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogReadAheadDiscarded(logger, e);
                }
            }
            // A mark still running finishes before the next drain; if it failed, its rows are sent again (at least once).
            try
            {
                await marking;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMarkFailed(logger, e);
            }
        }
    }

    /// <summary>Each publish completes when the broker confirms it; publishing the batch concurrently keeps the pipe full.</summary>
    private async Task PublishAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        await Task.WhenAll(rows.Select(row =>
        {
            var (message, type) = row.Deserialize();
            return publisher.Publish(message, type, context => context.MessageId = row.MessageId, ct);
        }));
    }

    /// <summary>One batch of pending rows, with its own context and (on PostgreSQL) the transaction that locks them.</summary>
    private sealed class OutboxBatch(AsyncServiceScope scope, TContext db, IDbContextTransaction? transaction, List<OutboxMessage> rows) : IAsyncDisposable
    {
        public List<OutboxMessage> Rows => rows;

        /// <summary>Batches may overlap where their rows are locked (PostgreSQL); SQLite has one writer anyway.</summary>
        public bool Overlaps => transaction is not null;

        /// <summary>SQLite's batch, read for every batch: compiled once.</summary>
        private static readonly CompiledList<PlatformDbContext, long, int, OutboxMessage> Pending = new((db, after, size) =>
            db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null && m.Sequence > after).OrderBy(m => m.Sequence).Take(size));

        public static async Task<OutboxBatch> ReadAsync(IServiceProvider services, int size, long? after, CancellationToken ct)
        {
            var scope = services.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                // On PostgreSQL, replicas take disjoint batches: rows stay locked until marked sent.
                var transaction = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct) : null;
                if (transaction is not null)
                {
                    // Right after a burst the table's statistics still say it is nearly empty, and the planner then sorts
                    // every pending row (on disk, for each batch) instead of reading the pending index in order.
                    await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_sort = off", ct);
                }
                var from = after ?? 0;
                var rows = transaction is not null
                    ? await db.OutboxMessages.FromSqlRaw(
                        "SELECT * FROM outbox_messages WHERE \"SentAt\" IS NULL AND \"Sequence\" > {0} ORDER BY \"Sequence\" LIMIT {1} FOR UPDATE SKIP LOCKED", from, size)
                        .AsNoTracking().ToListAsync(ct)
                    : await Pending.ToListAsync(db, from, size, ct);
                return new OutboxBatch(scope, db, transaction, rows);
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        /// <summary>Marks the whole batch sent in one statement and commits; the batch is done with afterwards.</summary>
        public async Task MarkSentAsync(DateTimeOffset sentAt, CancellationToken ct)
        {
            try
            {
                var sequences = rows.Select(row => row.Sequence).ToList();
                await db.OutboxMessages.Where(m => sequences.Contains(m.Sequence))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(ct);
                }
            }
            finally
            {
                await DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await scope.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: a batch was published but not marked sent; it will be published again")]
    private static partial void LogMarkFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: a batch read ahead could not be released cleanly; its rows stay pending")]
    private static partial void LogReadAheadDiscarded(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying in {Backoff}")]
    private static partial void LogDispatchFailed(ILogger logger, TimeSpan backoff, Exception e);
}
