using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
/// Publishes outbox rows in order, waits for the broker's confirms, then marks them sent. At least once:
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
                while (await DispatchBatchAsync(stoppingToken) == BatchSize)
                {
                }
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

    private async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        // On PostgreSQL, replicas take disjoint batches (rows stay locked until marked sent); SQLite has one writer anyway.
        var shared = db.Database.IsNpgsql();
        await using var transaction = shared ? await db.Database.BeginTransactionAsync(ct) : null;
        var batch = shared
            ? await db.OutboxMessages.FromSqlRaw(
                "SELECT * FROM outbox_messages WHERE \"SentAt\" IS NULL ORDER BY \"Sequence\" LIMIT {0} FOR UPDATE SKIP LOCKED", BatchSize)
                .AsNoTracking().ToListAsync(ct)
            : await db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null).OrderBy(m => m.Sequence).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }
        // Each publish completes when the broker confirms it; publishing the batch concurrently keeps the pipe full.
        await Task.WhenAll(batch.Select(row =>
        {
            var (message, type) = row.Deserialize();
            return publisher.Publish(message, type, context => context.MessageId = row.MessageId, ct);
        }));
        // One statement marks the whole batch sent.
        var sequences = batch.Select(row => row.Sequence).ToList();
        var sentAt = time.GetUtcNow();
        await db.OutboxMessages.Where(m => sequences.Contains(m.Sequence))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying in {Backoff}")]
    private static partial void LogDispatchFailed(ILogger logger, TimeSpan backoff, Exception e);
}
