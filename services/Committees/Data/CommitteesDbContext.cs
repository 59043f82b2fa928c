using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Domain;

namespace Mit.Platform.Committees.Data;

/// <remarks>Abstract: the store runs one subclass per provider (Data/Migrations), each with its own migrations.</remarks>
public abstract class CommitteesDbContext(DbContextOptions options) : PlatformDbContext(options)
{
    public DbSet<DeskEntry> DeskEntries => Set<DeskEntry>();
    public DbSet<DeskCounter> DeskCounters => Set<DeskCounter>();
    public DbSet<CompositionDocument> CompositionDocuments => Set<CompositionDocument>();

    /// <summary>The release entries of these requests on either desk: looked up by the released-once index, not a scan of the desks.</summary>
    public IQueryable<DeskEntry> ReleasesOf(IReadOnlyCollection<Guid> requests) =>
        DeskEntries.Where(d => d.Kind == DeskEntryKind.Released && requests.Contains(d.RequestId));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        CompositionStore.Configure(modelBuilder);
        modelBuilder.Entity<DeskEntry>(e =>
        {
            e.ToTable("desk_entries");
            e.HasKey(d => d.Id);
            e.Ignore(d => d.RaisedEvents);
            e.Property(d => d.Committee).HasConversion<string>().HasMaxLength(10);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.AdviceCommittee).HasConversion<string>().HasMaxLength(10);
            e.Property(d => d.Digest).HasMaxLength(64);
            e.Property(d => d.AcknowledgedDigest).HasMaxLength(64);
            // The links at release, as one JSON column: read only with their entry.
            e.Property(d => d.Links).HasConversion(
                links => System.Text.Json.JsonSerializer.Serialize(links, (System.Text.Json.JsonSerializerOptions?)null),
                json => System.Text.Json.JsonSerializer.Deserialize<List<DeskLink>>(json, (System.Text.Json.JsonSerializerOptions?)null) ?? new List<DeskLink>(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<DeskLink>>(
                    (a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, x) => HashCode.Combine(h, x.GetHashCode())), l => l.ToList()));
            // Dense positions per desk: a second writer taking the same position fails and retries.
            e.HasIndex(d => new { d.Committee, d.Position }).IsUnique();
            e.HasIndex(d => new { d.Committee, d.RequestId, d.Version, d.Kind });
            // A released version is on a desk at most once (the natural key, behind the inbox). Request first: the desk
            // writer and the composition look up a request's releases on both desks at once.
            e.HasIndex(d => new { d.RequestId, d.Version, d.Committee }).IsUnique().HasFilter("\"Kind\" = 'Released'").HasDatabaseName("IX_desk_entries_released_once");
        });
        modelBuilder.Entity<DeskCounter>(e =>
        {
            e.ToTable("desk_counters");
            e.HasKey(c => c.Committee);
            e.Property(c => c.Committee).HasConversion<string>().HasMaxLength(10);
            // Two replicas writing a batch at once: the second one's update finds another position and starts over.
            e.Property(c => c.LastPosition).IsConcurrencyToken();
        });
    }

    /// <summary>For the composition store (Data/): an aggregate as its document, with the integration events its changes map to.</summary>
    internal void StoreComposition<T>(CompositionDocument? row, Func<CompositionDocument> newRow, T aggregate, long? dueTicks, IEnumerable<object> events, DateTimeOffset now) =>
        StoreDocument(row, newRow, aggregate, events, now).DueTicks = dueTicks;
}
