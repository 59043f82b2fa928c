using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.Briefings.Data;
using Mit.Platform.Briefings.Outbound;

namespace Mit.Platform.Briefings.Access;

/// <summary>
/// Which joint requests exist for briefings. Briefings learns of a request when it is released
/// (JointAdviceRequestReleased); a request it has not heard of is asked of AdviceRequests with the service token, so an
/// unknown request (NotFound) is told apart from one not released yet (FailedPrecondition for the OMT's changes) and a
/// release whose event is still on its way is not refused.
/// </summary>
public sealed class RequestDirectory(BriefingsDbContext db, Upstream upstream)
{
    /// <summary>A released request; NotFound for an unknown one, and for reads also for one not released yet.</summary>
    public async Task<ReleasedRequestRow> RequireKnownAsync(Guid requestId, CancellationToken ct) =>
        await FindAsync(requestId, ct) ?? throw new NotFoundException($"Joint request {requestId} does not exist or is not released.");

    /// <summary>A released request that is not closed: where briefings may be added and sharing changed.</summary>
    public async Task<ReleasedRequestRow> RequireOpenAsync(Guid requestId, CancellationToken ct)
    {
        var row = await FindAsync(requestId, ct);
        if (row is null)
        {
            var upstreamRequest = await upstream.FindRequestAsync(requestId, ct);
            throw upstreamRequest is null
                ? new NotFoundException($"Joint request {requestId} does not exist.")
                : new RuleViolationException($"Joint request {requestId} is not released yet; briefings and sharing start at its release.");
        }
        if (row.ClosedAtTicks is not null)
        {
            throw new RuleViolationException($"Joint request {requestId} is closed: its advice went to the ministries, and its consent ended with it.");
        }
        return row;
    }

    private async Task<ReleasedRequestRow?> FindAsync(Guid requestId, CancellationToken ct)
    {
        var row = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == requestId, ct);
        if (row is not null)
        {
            return row;
        }
        if (await upstream.FindRequestAsync(requestId, ct) is not { Released: true } released)
        {
            return null;
        }
        // Released, and the event has not reached us yet: record what AdviceRequests said.
        row = new ReleasedRequestRow
        {
            RequestId = requestId, Version = released.Version, Title = released.Title,
            ReleasedAtTicks = (released.ReleasedAt ?? DateTimeOffset.UtcNow).UtcTicks,
        };
        db.Requests.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The release event was recorded at the same moment.
        }
        db.ChangeTracker.Clear();
        return row;
    }
}
