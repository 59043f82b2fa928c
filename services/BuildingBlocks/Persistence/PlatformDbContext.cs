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
            // Only the rows still to send: the dispatcher's next batch (in order) and the backlog gauge read this
            // index, which stays as small as the backlog however many sent rows the table keeps.
            e.HasIndex(m => m.Sequence, "IX_outbox_messages_pending").HasFilter("\"SentAt\" IS NULL");
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

    /// <summary>Set when a save wrote outbox rows inside an explicit transaction: the dispatcher is woken at its commit.</summary>
    internal bool OutboxRowsAwaitCommit { get; set; }

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

    /// <summary>The one stored row matching, with its aggregate read from the document; null when there is none.</summary>
    protected async Task<(T Aggregate, TRow Row)?> LoadDocumentAsync<TRow, T>(System.Linq.Expressions.Expression<Func<TRow, bool>> where, CancellationToken ct)
        where TRow : DocumentRow
    {
        var row = await Set<TRow>().SingleOrDefaultAsync(where, ct);
        return row is null ? null : (DocumentJson.Deserialize<T>(row.Document), row);
    }

    /// <summary>
    /// Stores an aggregate as its document: a new row (revision 1) when <paramref name="row"/> is null, else the loaded
    /// row with the next revision (the concurrency check); its events go to the outbox in the same SaveChanges.
    /// </summary>
    /// <param name="newRow">Makes the row for a first store, with the service's query columns set.</param>
    protected TRow StoreDocument<TRow, TAggregate>(TRow? row, Func<TRow> newRow, TAggregate aggregate, IEnumerable<object> events, DateTimeOffset now)
        where TRow : DocumentRow
    {
        row = StoreDocument(row, newRow, aggregate);
        WriteToOutbox(events, now);
        return row;
    }

    /// <summary>Stores an aggregate that raises no integration events as its document (see the overload with events).</summary>
    protected TRow StoreDocument<TRow, TAggregate>(TRow? row, Func<TRow> newRow, TAggregate aggregate) where TRow : DocumentRow
    {
        var document = DocumentJson.Serialize(aggregate);
        if (row is null)
        {
            row = newRow();
            row.Revision = 1;
            row.Document = document;
            Set<TRow>().Add(row);
        }
        else
        {
            row.Document = document;
            row.Revision++;
        }
        return row;
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
