using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Domain.Composition;
using Committee = Mit.Platform.Committees.Domain.Committee;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;

namespace Mit.Platform.Committees.Data;

/// <summary>
/// A demo MIT and OMT seating the demo personas (fictional), so a fresh Development platform can be tried at once.
/// Only when Committees:SeedDemoComposition is true (the default in Development); never in Production.
/// Fixed ids: replicas starting together insert them once.
/// </summary>
public sealed class DemoComposition(IServiceProvider services, TimeProvider time) : IHostedService
{
    public static readonly Guid MitId = new("6d1e7a52-0000-4000-8000-000000000001");
    public static readonly Guid OmtId = new("6d1e7a52-0000-4000-8000-000000000002");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        if (await db.CompositionDocuments.AnyAsync(d => d.Type == CompositionStore.CommitteeType, cancellationToken))
        {
            return;
        }
        var now = time.GetUtcNow();
        var start = CommitteeClock.Today(now).AddDays(-30);
        var end = start.AddYears(CompositionLimits.DefaultTermYears).AddDays(-1);

        var mit = CommitteeAggregate.Establish(MitId, Committee.MIT, "Demo establishment decree MIT", start, end, now);
        Seat(mit, "mit-chair", "MIT chair (demo)", SeatKind.Chair, start);
        Seat(mit, "mit-member", "MIT member (demo)", SeatKind.Member, start);
        Seat(mit, "mit-expert", "MIT expert member, CPB seat (demo)", SeatKind.ExpertMember, start, ExpertInstitution.CPB);
        Seat(mit, "mit-secretariat", "MIT secretariat staff (demo)", SeatKind.Secretariat, start);

        var omt = CommitteeAggregate.Establish(OmtId, Committee.OMT, "Demo OMT convocation", start, end, now);
        Seat(omt, "omt-chair", "OMT chair (demo)", SeatKind.Chair, start);
        Seat(omt, "omt-secretary", "OMT secretary (demo)", SeatKind.Secretary, start);
        Seat(omt, "omt-member", "OMT member (demo)", SeatKind.Member, start);

        db.Store(mit, null, now);
        db.Store(omt, null, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica may have seeded them first; anything else is a real failure.
            if (!await AlreadySeededAsync(cancellationToken))
            {
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Seat(CommitteeAggregate committee, string userName, string name, SeatKind seat, DateOnly from, ExpertInstitution? institution = null) =>
        committee.Appoint(Guid.NewGuid(), new NewAppointment(DemoSubjects.Of(userName), name, seat, from) { Institution = institution });

    private async Task<bool> AlreadySeededAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        return await db.CompositionDocuments.AnyAsync(d => d.Id == MitId, ct);
    }
}
