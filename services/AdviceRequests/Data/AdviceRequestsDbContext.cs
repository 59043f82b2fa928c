using Microsoft.EntityFrameworkCore;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.AdviceRequests.Data;

/// <summary>
/// A joint request is stored as one document (the aggregate) plus the columns lists are sorted and filtered on;
/// Revision guards against two writers changing the same request at once.
/// </summary>
public sealed class JointRequestRow : DocumentRow
{
    public Guid Id { get; set; }
    public string State { get; set; } = "";
    public int ReleasedVersion { get; set; }
    public long CreatedAtTicks { get; set; }
}

/// <remarks>Abstract: the store runs one subclass per provider (Data/Migrations), each with its own migrations.</remarks>
public abstract class AdviceRequestsDbContext(DbContextOptions options) : PlatformDbContext(options)
{
    public DbSet<JointRequestRow> Requests => Set<JointRequestRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<JointRequestRow>(e =>
        {
            e.ToTable("joint_requests");
            e.HasKey(r => r.Id);
            e.Property(r => r.State).HasMaxLength(40);
            e.IsDocumentRow();
            e.HasIndex(r => new { r.CreatedAtTicks, r.Id });
        });
    }

    public async Task<(JointRequest Request, JointRequestRow Row)> LoadAsync(Guid id, CancellationToken ct) =>
        await LoadDocumentAsync<JointRequestRow, JointRequest>(r => r.Id == id, ct)
            ?? throw new NotFoundException($"Joint request {id} does not exist.");

    public static JointRequest Deserialize(JointRequestRow row) => DocumentJson.Deserialize<JointRequest>(row.Document);

    /// <summary>Adds or updates the row and writes the aggregate's events to the outbox in the same transaction.</summary>
    public void Store(JointRequest request, JointRequestRow? row, DateTimeOffset now)
    {
        row = StoreDocument(row, () => new JointRequestRow { Id = request.Id, CreatedAtTicks = request.CreatedAt.UtcTicks },
            request, request.Events, now);
        row.State = request.State.ToString();
        row.ReleasedVersion = request.Released?.Number ?? 0;
        request.ClearEvents();
    }
}
