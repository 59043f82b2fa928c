using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Briefings.Domain;

namespace Mit.Platform.Briefings.Data;

/// <summary>A released joint request as Briefings learned of it; ClosedAt once its advice went to the ministries.</summary>
public sealed class ReleasedRequestRow
{
    public Guid RequestId { get; set; }
    public int Version { get; set; }
    public required string Title { get; set; }
    public long ReleasedAtTicks { get; set; }
    public long? ClosedAtTicks { get; set; }
}

/// <summary>A briefing's metadata; Position is dense per request so live streams resume from it.</summary>
public sealed class BriefingRow
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public long Position { get; set; }
    public required string Title { get; set; }
    public required string Classification { get; set; }
    public required string MediaType { get; set; }
    public int Version { get; set; }
    public Guid? SupersedesId { get; set; }
    public long SizeBytes { get; set; }
    public required string AddedBy { get; set; }
    public long AddedAtTicks { get; set; }
}

/// <summary>The content, sealed (never plaintext): the wrapped per-briefing key and the ciphertext.</summary>
public sealed class BriefingContentRow
{
    public Guid BriefingId { get; set; }
    public required byte[] WrappedKey { get; set; }
    public required byte[] Ciphertext { get; set; }
    public required string MasterKeyId { get; set; }
}

/// <summary>One request's sharing aggregate as a document; Revision guards concurrent writers, Epoch is the decision epoch.</summary>
public sealed class SharingRow : DocumentRow
{
    public Guid RequestId { get; set; }
    public long Epoch { get; set; }
    /// <summary>State and end date as columns, so the expiry sweep finds what lapsed without reading documents.</summary>
    public string State { get; set; } = "";
    public long? UntilTicks { get; set; }
}

/// <summary>An audit record. Nothing in the service updates or deletes these rows.</summary>
public sealed class AuditRecordRow
{
    public long Sequence { get; set; }
    public long AtTicks { get; set; }
    public required string Actor { get; set; }
    public required string ActorRoles { get; set; }
    public required string Action { get; set; }
    public required string RequestId { get; set; }
    public required string BriefingId { get; set; }
    public required string Outcome { get; set; }
    public required string Detail { get; set; }
    public required string WatermarkId { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    public AuditEntry ToEntry() => new(Sequence, AtTicks, Actor, ActorRoles, Action, RequestId, BriefingId, Outcome, Detail, WatermarkId);
}

/// <summary>The chain head: one row, locked by every writer of the log, so two replicas never fork the chain.</summary>
public sealed class AuditHeadRow
{
    public int Id { get; set; }
    public long Sequence { get; set; }
    public required string Hash { get; set; }
}

/// <remarks>Abstract: the store runs one subclass per provider (Data/Migrations), each with its own migrations.</remarks>
public abstract class BriefingsDbContext(DbContextOptions options) : PlatformDbContext(options)
{
    public DbSet<ReleasedRequestRow> Requests => Set<ReleasedRequestRow>();
    public DbSet<BriefingRow> Briefings => Set<BriefingRow>();
    public DbSet<BriefingContentRow> Contents => Set<BriefingContentRow>();
    public DbSet<SharingRow> Sharings => Set<SharingRow>();
    public DbSet<AuditRecordRow> AuditRecords => Set<AuditRecordRow>();
    public DbSet<AuditHeadRow> AuditHead => Set<AuditHeadRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ReleasedRequestRow>(e =>
        {
            e.ToTable("released_requests");
            e.HasKey(r => r.RequestId);
        });
        modelBuilder.Entity<BriefingRow>(e =>
        {
            e.ToTable("briefings");
            e.HasKey(b => b.Id);
            e.HasIndex(b => new { b.RequestId, b.Position }).IsUnique();
            e.Property(b => b.Title).HasMaxLength(BriefingLimits.MaxTitleLength);
            e.Property(b => b.Classification).HasMaxLength(20);
            e.Property(b => b.MediaType).HasMaxLength(BriefingLimits.MaxMediaTypeLength);
            e.Property(b => b.AddedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<BriefingContentRow>(e =>
        {
            e.ToTable("briefing_contents");
            e.HasKey(c => c.BriefingId);
            e.Property(c => c.MasterKeyId).HasMaxLength(16);
        });
        modelBuilder.Entity<SharingRow>(e =>
        {
            e.ToTable("sharings");
            e.HasKey(s => s.RequestId);
            e.IsDocumentRow();
            e.Property(s => s.State).HasMaxLength(20);
            e.HasIndex(s => new { s.State, s.UntilTicks });
        });
        modelBuilder.Entity<AuditRecordRow>(e =>
        {
            e.ToTable("audit_records");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.Hash).HasMaxLength(64);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.HasIndex(a => a.WatermarkId);
            e.HasIndex(a => a.RequestId);
        });
        modelBuilder.Entity<AuditHeadRow>(e =>
        {
            e.ToTable("audit_head");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedNever();
            e.HasData(new AuditHeadRow { Id = 1, Sequence = 0, Hash = AuditChain.Genesis });
        });
    }

    public static Sharing Deserialize(SharingRow row) => DeserializeSharing(row.Document);

    public static Sharing DeserializeSharing(string json) => DocumentJson.Deserialize<Sharing>(json);

    public static string Serialize(Sharing sharing) => DocumentJson.Serialize(sharing);

    public async Task<(Sharing Sharing, SharingRow? Row)> LoadSharingAsync(Guid requestId, CancellationToken ct) =>
        await LoadDocumentAsync<SharingRow, Sharing>(s => s.RequestId == requestId, ct) is { } found ? found : (Sharing.For(requestId), null);

    /// <summary>The sharing as stored now, untracked: a long-lived context (a live stream) must never see an older copy.</summary>
    public async Task<Sharing?> SharingSnapshotAsync(Guid requestId, CancellationToken ct)
    {
        var document = await Sharings.AsNoTracking().Where(s => s.RequestId == requestId).Select(s => s.Document).SingleOrDefaultAsync(ct);
        return document is null ? null : DeserializeSharing(document);
    }

    public void Store(Sharing sharing, SharingRow? row)
    {
        row = StoreDocument(row, () => new SharingRow { RequestId = sharing.RequestId }, sharing);
        row.Epoch = sharing.Epoch;
        row.State = sharing.State.ToString();
        row.UntilTicks = sharing.Until?.UtcTicks;
    }
}
