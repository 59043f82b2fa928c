using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.BuildingBlocks.Hosting;

/// <summary>
/// A job every replica runs on a timer (the store's revision token makes one of them win each change). A store that
/// is briefly away is tried again at the next tick; the timer follows the injected clock, so the Development clock
/// moves it too.
/// </summary>
public abstract class PeriodicSweep(TimeProvider time, TimeSpan interval) : BackgroundService
{
    /// <summary>The platform's clock, which the sweep's "now" comes from.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>One pass over what is due now.</summary>
    protected abstract Task SweepOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (ErrorMappingInterceptor.IsStoreUnavailable(e))
            {
                // The store is briefly away (also as EF's wrapped "transient failure"); the next tick tries again. An
                // escaping exception would stop the whole host.
            }
        }
    }
}
