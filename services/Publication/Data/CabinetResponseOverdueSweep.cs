using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.Publication.Data;

/// <summary>
/// Flags published advice that has waited past the cabinet-response term (Publication:CabinetResponseTermMonths,
/// default 3) without a response: the flag on the advice and a CabinetResponseOverdue event, once per advice. Runs
/// every Publication:ResponseSweepSeconds (default 300); every replica may run it, the dossier's revision makes one win.
/// </summary>
public sealed class CabinetResponseOverdueSweep(IServiceProvider services, TimeProvider time, IConfiguration configuration, CabinetResponseTerm term)
    : PeriodicSweep(time, TimeSpan.FromSeconds(configuration.GetValue("Publication:ResponseSweepSeconds", 300)))
{
    /// <summary>Flags what is overdue now; returns how many advices were flagged.</summary>
    public async Task<int> FlagOverdueAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PublicationDbContext>();
        var now = Time.GetUtcNow();
        // A day's margin: the domain decides on Dutch calendar days.
        var cutoff = now.AddMonths(-term.Months).AddDays(1).UtcTicks;
        var dossiers = await db.Published.AsNoTracking()
            .Where(p => p.AdvisedAtTicks != null && p.AdvisedAtTicks < cutoff && p.AnsweredBy == null && p.ResponseOverdueAtTicks == null && p.WithdrawnAtTicks == null)
            .Select(p => p.DossierId).Distinct().ToListAsync(ct);
        var flagged = 0;
        foreach (var id in dossiers)
        {
            var (dossier, row) = await db.LoadAsync(id, ct);
            var overdue = dossier.FlagOverdueResponses(term, now);
            if (overdue.Count == 0)
            {
                continue;
            }
            await db.StoreAsync(dossier, row, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                flagged += overdue.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A call changed the dossier first; the next sweep sees the new state.
                db.ChangeTracker.Clear();
            }
        }
        return flagged;
    }

    protected override Task SweepOnceAsync(CancellationToken ct) => FlagOverdueAsync(ct);
}
