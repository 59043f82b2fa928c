using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Messaging;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// Base for every service's DbContext: adds the outbox, the inbox and the idempotency records, so a state
/// change, the events it causes and the answer to a retried call are written in one transaction.
/// </summary>
/// <remarks>
/// One way to the outbox: state changes raise events on the aggregate or entity, and the store writes them with the
/// change — tracked entities (<see cref="IEventSource"/>) in SaveChanges, aggregates kept as documents when the
/// store stores them (<see cref="WriteToOutbox"/>). Api/ and Messaging/ never write events themselves.
/// </remarks>
public abstract class PlatformDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxRecord> InboxRecords => Set<InboxRecord>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(m => m.MessageId).IsUnique();
            e.HasIndex(m => m.SentAt);
            e.Property(m => m.MessageType).HasMaxLength(300);
        });
        modelBuilder.Entity<InboxRecord>(e =>
        {
            e.ToTable("inbox_records");
            // Keyed by message AND consumer: two consumers of one message in one service must both run.
            e.HasKey(r => new { r.MessageId, r.Consumer });
            e.Property(r => r.Consumer).HasMaxLength(200);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => r.Key);
            e.Property(r => r.Key).HasMaxLength(400);
            e.Property(r => r.RequestHash).HasMaxLength(64);
        });
    }

    /// <summary>Set while a save that adds outbox rows runs: per context, because pooled contexts share one interceptor.</summary>
    internal bool SavingOutboxRows { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        WriteRaisedEvents();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        WriteRaisedEvents();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Writes events to the outbox, in this context's transaction: for a store storing an aggregate's events.</summary>
    /// <remarks>Stored in UTC: PostgreSQL's timestamptz (through Npgsql) takes no other offset.</remarks>
    protected void WriteToOutbox(IEnumerable<object> events, DateTimeOffset occurredAt)
    {
        foreach (var @event in events)
        {
            OutboxMessages.Add(OutboxMessage.Create(@event, occurredAt.ToUniversalTime()));
        }
    }

    private void WriteRaisedEvents()
    {
        foreach (var source in ChangeTracker.Entries().Select(e => e.Entity).OfType<IEventSource>().ToList())
        {
            foreach (var raised in source.RaisedEvents)
            {
                WriteToOutbox([raised.Event], raised.At);
            }
            source.ClearRaisedEvents();
        }
    }
}
