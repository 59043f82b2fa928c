using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.Briefings.Data;

namespace Mit.Platform.Briefings.Access;

/// <summary>Ends a request's standing proposal or consent by itself (request closed, end date passed): audited, then every replica is told.</summary>
public sealed class SharingWriter(BriefingsDbContext db, AuditLog audit, AccessGate gate, LiveSignals live, TimeProvider time)
{
    public const string System = "system";

    public async Task ExpireAsync(Guid requestId, string reason, CancellationToken ct)
    {
        var expired = await audit.WriteAsync(async chain =>
        {
            var (sharing, row) = await db.LoadSharingAsync(requestId, ct);
            if (row is null || !sharing.Expire(reason, time.GetUtcNow()))
            {
                return false;
            }
            db.Store(sharing, row);
            chain.Append(System, [], "expire-consent", "recorded", reason, requestId);
            return true;
        }, ct);
        if (expired)
        {
            await gate.InvalidateAsync(requestId);
            live.Raise(BriefingTopics.Of(requestId));
        }
    }

    /// <summary>Requests whose proposal or consent passed its end date and still stands in the store.</summary>
    public Task<List<Guid>> LapsedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcTicks;
        return db.Sharings.AsNoTracking()
            .Where(s => (s.State == "Proposed" || s.State == "Consented") && s.UntilTicks != null && s.UntilTicks <= now)
            .Select(s => s.RequestId).ToListAsync(ct);
    }
}

/// <summary>Marks lapsed consents expired (with an audit record) soon after their end date; the gate denies them already.</summary>
public sealed class SharingExpirySweep(IServiceProvider services, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await using var scope = services.CreateAsyncScope();
                var writer = scope.ServiceProvider.GetRequiredService<SharingWriter>();
                foreach (var requestId in await writer.LapsedAsync(stoppingToken))
                {
                    await writer.ExpireAsync(requestId, "the consent's end date passed", stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be restarting; the next round tries again, and the gate already denies a lapsed consent.
            }
        }
    }
}
