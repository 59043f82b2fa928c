using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mit.Platform.BuildingBlocks.Messaging;

/// <summary>A message handed to a batch: its id (for the inbox) and the message.</summary>
public sealed record BatchItem(Guid MessageId, object Message);

/// <summary>Handles a batch of messages in one transaction (scoped: one instance per batch).</summary>
public interface IBatchHandler
{
    /// <summary>
    /// Applies the batch; returns, per item in order, null when it is done (applied or a repeat) or the exception
    /// that item fails with (it is retried on its own, like any failed message). Throwing fails the whole batch.
    /// </summary>
    Task<IReadOnlyList<Exception?>> HandleAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct);
}

/// <summary>
/// Gathers the messages that concurrent consumers of one endpoint hand in, and hands whatever has gathered to one
/// <typeparamref name="THandler"/> at a time: one transaction per batch, in the order the messages came in. A
/// consumer's Consume completes only when its batch has committed, so the broker's ack follows the commit and a
/// crash redelivers. Batches are not held back to fill up: at low load a batch is one message (no added latency),
/// under load it grows to what arrived while the previous batch was written.
/// </summary>
/// <remarks>
/// Not MassTransit's Batch&lt;T&gt; consumer: that collects each message type separately, and an endpoint that
/// takes several types (a release and the link that follows it) must keep their order across types.
/// </remarks>
public sealed class MessageBatches<THandler>(IServiceProvider services, int maxBatch) : BackgroundService where THandler : class, IBatchHandler
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Hands one consumed message to the next batch; completes when that batch committed, throws what the item failed with.</summary>
    public async Task HandleAsync<T>(ConsumeContext<T> context) where T : class
    {
        var id = context.MessageId ?? throw new InvalidOperationException("Platform messages always carry a message id.");
        var pending = new Pending(new BatchItem(id, context.Message), new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, context.CancellationToken);
        if (await pending.Done.Task.WaitAsync(context.CancellationToken) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < maxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await RunAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is still waiting is redelivered by the broker.
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task RunAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var outcomes = await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(batch.Select(p => p.Item).ToList(), ct);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            // The whole transaction failed (the store away, a conflict): every message of it is retried.
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(e);
            }
        }
    }

    private sealed record Pending(BatchItem Item, TaskCompletionSource<Exception?> Done);
}
