using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.Committees.Domain.Composition;

namespace Mit.Platform.Committees.Data;

/// <summary>
/// Lifts the seal of requests whose deadline passed with at least one advice adopted: both ministries then see what
/// exists, at one instant. Runs every Committees:RevealSweepSeconds (default 15); every replica may run it, the
/// seal's revision makes one of them win.
/// </summary>
public sealed class AdviceReveals(IServiceProvider services, TimeProvider time, IConfiguration configuration)
    : PeriodicSweep(time, TimeSpan.FromSeconds(configuration.GetValue("Committees:RevealSweepSeconds", 15)))
{
    /// <summary>Reveals every seal that is due now; returns how many were revealed.</summary>
    public async Task<int> RevealDueAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        var now = Time.GetUtcNow();
        var due = await db.CompositionDocuments
            .Where(d => d.Type == CompositionStore.SealType && d.DueTicks != null && d.DueTicks <= now.UtcTicks)
            .ToListAsync(ct);
        var revealed = 0;
        foreach (var row in due)
        {
            var seal = CompositionStore.Read<AdviceSeal>(row);
            if (!seal.RevealDue(now))
            {
                continue;
            }
            seal.Reveal(now);
            db.Store(seal, row, now);
            try
            {
                await db.SaveChangesAsync(ct);
                revealed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another replica, or an adoption, changed this seal first; the next sweep sees the new state.
                db.ChangeTracker.Clear();
            }
        }
        return revealed;
    }

    protected override Task SweepOnceAsync(CancellationToken ct) => RevealDueAsync(ct);
}
