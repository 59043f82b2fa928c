using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Committees.Domain.Composition;
using Committee = Mit.Platform.Committees.Domain.Committee;
using CommitteeAggregate = Mit.Platform.Committees.Domain.Composition.Committee;

namespace Mit.Platform.Committees.Data;

/// <summary>
/// The composition aggregates (a committee, the advice seal of a request, the standby) each stored as one JSON
/// document, with the columns queries need; Revision guards against two writers changing one aggregate at once.
/// </summary>
public sealed class CompositionDocument : DocumentRow
{
    public Guid Id { get; set; }
    /// <summary>"Committee", "Seal" or "Standby".</summary>
    public required string Type { get; set; }
    /// <summary>Committee: "MIT"/"OMT". Seal: the request id. Standby: "MIT".</summary>
    public required string Key { get; set; }
    /// <summary>Seal: the deadline while it holds sealed advice (the reveal sweep looks for these); null otherwise.</summary>
    public long? DueTicks { get; set; }
}

public static class CompositionStore
{
    public const string CommitteeType = "Committee";
    public const string SealType = "Seal";
    public const string StandbyType = "Standby";

    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<CompositionDocument>(e =>
    {
        e.ToTable("composition_documents");
        e.HasKey(d => d.Id);
        e.Property(d => d.Type).HasMaxLength(20);
        e.Property(d => d.Key).HasMaxLength(64);
        e.IsDocumentRow();
        e.HasIndex(d => new { d.Type, d.Key });
        e.HasIndex(d => new { d.Type, d.DueTicks });
    });

    /// <summary>Every committee of a kind, oldest term first (there are a handful over the years).</summary>
    public static async Task<IReadOnlyList<(CommitteeAggregate Committee, CompositionDocument Row)>> CommitteesAsync(
        this CommitteesDbContext db, Committee kind, CancellationToken ct)
    {
        var key = kind.ToString();
        var rows = await db.CompositionDocuments.Where(d => d.Type == CommitteeType && d.Key == key).ToListAsync(ct);
        return rows.Select(r => (Read<CommitteeAggregate>(r), r)).OrderBy(x => x.Item1.Decree.Start).ToList();
    }

    /// <summary>The committee of that kind whose establishment decree is in force on the date.</summary>
    public static async Task<(CommitteeAggregate Committee, CompositionDocument Row)> CommitteeOnAsync(
        this CommitteesDbContext db, Committee kind, DateOnly date, CancellationToken ct)
    {
        var all = await db.CommitteesAsync(kind, ct);
        return all.LastOrDefault(x => x.Committee.Decree.InForceOn(date)) is { Committee: not null } found
            ? found
            : throw new NotFoundException($"No {kind} is established on {CommitteeDates.Format(date)}.");
    }

    /// <summary>Terms of one kind of committee follow each other; they never overlap.</summary>
    public static async Task RequireNoOverlapAsync(this CommitteesDbContext db, CommitteeAggregate committee, CancellationToken ct)
    {
        var others = (await db.CommitteesAsync(committee.Kind, ct)).Select(x => x.Committee).Where(c => c.Id != committee.Id);
        if (others.FirstOrDefault(o => o.Decree.Start <= committee.Decree.End && committee.Decree.Start <= o.Decree.End) is { } other)
        {
            throw new RuleViolationException(
                $"An {committee.Kind} is established from {CommitteeDates.Format(other.Decree.Start)} to {CommitteeDates.Format(other.Decree.End)}; terms of one committee may not overlap.");
        }
    }

    public static async Task<(AdviceSeal? Seal, CompositionDocument? Row)> SealAsync(this CommitteesDbContext db, Guid requestId, CancellationToken ct)
    {
        var key = requestId.ToString();
        var row = await db.CompositionDocuments.SingleOrDefaultAsync(d => d.Type == SealType && d.Key == key, ct);
        return row is null ? (null, null) : (Read<AdviceSeal>(row), row);
    }

    public static async Task<(Standby? Standby, CompositionDocument? Row)> StandbyAsync(this CommitteesDbContext db, CancellationToken ct)
    {
        // One standby at a time: the latest; an ended one stays as history.
        var rows = await db.CompositionDocuments.Where(d => d.Type == StandbyType).ToListAsync(ct);
        var latest = rows.Select(r => (Standby: Read<Standby>(r), Row: r)).OrderBy(x => x.Standby.Since).LastOrDefault();
        return latest.Row is null ? (null, null) : latest;
    }

    public static T Read<T>(CompositionDocument row) => DocumentJson.Deserialize<T>(row.Document);

    /// <param name="seal">The seal an adoption of this change was recorded in, so its event says whether it is late.</param>
    public static void Store(this CommitteesDbContext db, CommitteeAggregate committee, CompositionDocument? row, DateTimeOffset now, AdviceSeal? seal = null)
    {
        Put(db, row, committee.Id, CommitteeType, committee.Kind.ToString(), null, committee, committee.Events, now, committee, seal);
        committee.ClearEvents();
    }

    public static void Store(this CommitteesDbContext db, AdviceSeal seal, CompositionDocument? row, DateTimeOffset now)
    {
        var due = seal.RevealedAt is null && seal.Advice.Count > 0 ? seal.Deadline.UtcTicks : (long?)null;
        Put(db, row, Guid.NewGuid(), SealType, seal.RequestId.ToString(), due, seal, seal.Events, now);
        seal.ClearEvents();
    }

    public static void Store(this CommitteesDbContext db, Standby standby, CompositionDocument? row, DateTimeOffset now)
    {
        Put(db, row, standby.Id, StandbyType, "MIT", null, standby, standby.Events, now);
        standby.ClearEvents();
    }

    private static void Put<T>(CommitteesDbContext db, CompositionDocument? row, Guid id, string type, string key, long? due, T aggregate, IReadOnlyList<object> events,
        DateTimeOffset now, CommitteeAggregate? committee = null, AdviceSeal? seal = null) =>
        db.StoreComposition(row, () => new CompositionDocument { Id = id, Type = type, Key = key }, aggregate, due,
            events.Select(e => IntegrationEvents.From(e, now, committee, seal)).OfType<object>(), now);
}
