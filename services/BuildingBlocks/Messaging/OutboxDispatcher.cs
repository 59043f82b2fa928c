using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

/// <summary>Wakes the dispatcher after a save that wrote outbox rows.</summary>
/// <remarks>One instance serves every pooled context: what a save found is kept on its context, never here.</remarks>
internal sealed class OutboxSaveInterceptor(OutboxSignal signal) : SaveChangesInterceptor
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

    private static void Saving(DbContext? context)
    {
        if (context is PlatformDbContext db)
        {
            db.SavingOutboxRows = db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is PlatformDbContext { SavingOutboxRows: true } db)
        {
            db.SavingOutboxRows = false;
            signal.Notify();
        }
    }
}

/// <summary>
/// Publishes outbox rows in order, waits for the broker's confirms, then marks them sent. At least once:
/// a crash between confirm and mark publishes again, and consumers' inboxes drop the repeat.
/// </summary>
public sealed partial class OutboxDispatcher<TContext>(
    IServiceProvider services, OutboxSignal<TContext> signal, TimeProvider time, ILogger<OutboxDispatcher<TContext>> logger)
    : BackgroundService where TContext : PlatformDbContext
{
    private const int BatchSize = 200;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
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
                await signal.WaitAsync(IdlePoll, stoppingToken);
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
                "SELECT * FROM outbox_messages WHERE \"SentAt\" IS NULL ORDER BY \"Sequence\" LIMIT {0} FOR UPDATE SKIP LOCKED", BatchSize).ToListAsync(ct)
            : await db.OutboxMessages.Where(m => m.SentAt == null).OrderBy(m => m.Sequence).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }
        foreach (var row in batch)
        {
            row.Attempts++;
        }
        // Each publish completes when the broker confirms it; publishing the batch concurrently keeps the pipe full.
        await Task.WhenAll(batch.Select(row =>
        {
            var (message, type) = row.Deserialize();
            return publisher.Publish(message, type, context => context.MessageId = row.MessageId, ct);
        }));
        var sentAt = time.GetUtcNow();
        foreach (var row in batch)
        {
            row.SentAt = sentAt;
        }
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying in {Backoff}")]
    private static partial void LogDispatchFailed(ILogger logger, TimeSpan backoff, Exception e);
}
