using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.Briefings.Data;

/// <summary>The chain head held by one writer: appends records after it inside the writer's transaction.</summary>
public sealed class AuditChainWriter(BriefingsDbContext db, AuditHeadRow head, TimeProvider time)
{
    /// <summary>Appends a record (saved with the caller's changes); returns its sequence number.</summary>
    public long Append(string actor, IEnumerable<string> roles, string action, string outcome, string detail,
        Guid? requestId = null, Guid? briefingId = null, string watermarkId = "")
    {
        var entry = new AuditEntry(head.Sequence + 1, time.GetUtcNow().UtcTicks, actor, string.Join(' ', roles.Order(StringComparer.Ordinal)), action,
            requestId?.ToString() ?? "", briefingId?.ToString() ?? "", outcome, detail, watermarkId);
        var hash = AuditChain.Hash(head.Hash, entry);
        db.AuditRecords.Add(new AuditRecordRow
        {
            Sequence = entry.Sequence, AtTicks = entry.AtUtcTicks, Actor = entry.Actor, ActorRoles = entry.ActorRoles, Action = action,
            RequestId = entry.RequestId, BriefingId = entry.BriefingId, Outcome = outcome, Detail = detail, WatermarkId = watermarkId,
            PreviousHash = head.Hash, Hash = hash,
        });
        head.Sequence = entry.Sequence;
        head.Hash = hash;
        return entry.Sequence;
    }

    public long Append(Caller caller, string action, string outcome, string detail, Guid? requestId = null, Guid? briefingId = null, string watermarkId = "")
        => Append(caller.Subject, caller.Roles, action, outcome, detail, requestId, briefingId, watermarkId);
}

/// <summary>
/// Writes to the audit log one writer at a time: in a transaction that first locks the chain head (FOR UPDATE on
/// PostgreSQL, so replicas queue behind each other; SQLite is one process, serialized by the semaphore). The work's own
/// changes and its records commit together, before the caller answers; if the log cannot be written, the work fails
/// with Unavailable and nothing is served.
/// </summary>
public sealed class AuditLog(BriefingsDbContext db, TimeProvider time)
{
    private static readonly SemaphoreSlim LocalWriter = new(1, 1);

    public async Task<T> WriteAsync<T>(Func<AuditChainWriter, Task<T>> work, CancellationToken ct)
    {
        await LocalWriter.WaitAsync(ct);
        // A long-lived context (a live stream) may still track the head from its last write: the head must come from the store.
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            AuditHeadRow head;
            try
            {
                head = db.Database.IsNpgsql()
                    ? await db.AuditHead.FromSqlRaw("SELECT * FROM audit_head WHERE \"Id\" = 1 FOR UPDATE").SingleAsync(ct)
                    : await db.AuditHead.SingleAsync(h => h.Id == 1, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new UnavailableException("The audit log cannot be written; nothing was served.");
            }
            var result = await work(new AuditChainWriter(db, head, time));
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                throw new UnavailableException("The audit log cannot be written; nothing was served.");
            }
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            LocalWriter.Release();
        }
    }
}
