using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Live;
using Mit.Platform.Committees.Domain;

namespace Mit.Platform.Committees.Data;

/// <summary>
/// Flags signals the SG SZW has not answered within 14 days: a notice in the CPO's standby inbox and a
/// StandbySignalAnswerOverdue event, once per signal. Runs every Committees:Standby:OverdueSweepSeconds (default 60);
/// every replica may run it, the standby's revision makes one of them win.
/// </summary>
public sealed class StandbyOverdueSweep(IServiceProvider services, TimeProvider time, IConfiguration configuration, LiveSignals live)
    : PeriodicSweep(time, TimeSpan.FromSeconds(configuration.GetValue("Committees:Standby:OverdueSweepSeconds", 60)))
{
    /// <summary>Flags what is overdue now; returns how many signals were flagged.</summary>
    public async Task<int> FlagOverdueAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        var now = Time.GetUtcNow();
        var (standby, row) = await db.StandbyAsync(ct);
        if (standby is not { Active: true })
        {
            return 0;
        }
        var flagged = standby.FlagOverdueAnswers(now);
        if (flagged.Count == 0)
        {
            return 0;
        }
        db.Store(standby, row, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replica, or a call, changed the standby first; the next sweep sees the new state.
            return 0;
        }
        live.Raise(StandbyTopics.Inbox);
        return flagged.Count;
    }

    protected override Task SweepOnceAsync(CancellationToken ct) => FlagOverdueAsync(ct);
}

/// <summary>The live-signal topic of the CPO's standby inbox: raised by every notice and answer.</summary>
public static class StandbyTopics
{
    public const string Inbox = "standby-inbox";
}
