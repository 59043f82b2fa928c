using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Messaging;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// Base for every service's DbContext: adds the outbox, the inbox and the idempotency records, so a state
/// change, the events it causes and the answer to a retried call are written in one transaction.
/// </summary>
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

    /// <summary>Writes an integration event to the outbox, in this context's transaction.</summary>
    /// <remarks>Stored in UTC: PostgreSQL's timestamptz (through Npgsql) takes no other offset.</remarks>
    public void Enqueue(object @event, DateTimeOffset occurredAt)
        => OutboxMessages.Add(OutboxMessage.Create(@event, occurredAt.ToUniversalTime()));
}
