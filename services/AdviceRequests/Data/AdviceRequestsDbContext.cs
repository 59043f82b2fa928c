using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.AdviceRequests.Domain;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.AdviceRequests.Data;

/// <summary>
/// A joint request is stored as one document (the aggregate) plus the columns lists are sorted and filtered on;
/// Revision guards against two writers changing the same request at once.
/// </summary>
public sealed class JointRequestRow
{
    public Guid Id { get; set; }
    public required string State { get; set; }
    public int ReleasedVersion { get; set; }
    public long CreatedAtTicks { get; set; }
    public int Revision { get; set; }
    public required string Document { get; set; }
}

/// <remarks>Abstract: the store runs one subclass per provider (Data/Migrations), each with its own migrations.</remarks>
public abstract class AdviceRequestsDbContext(DbContextOptions options) : PlatformDbContext(options)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public DbSet<JointRequestRow> Requests => Set<JointRequestRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<JointRequestRow>(e =>
        {
            e.ToTable("joint_requests");
            e.HasKey(r => r.Id);
            e.Property(r => r.State).HasMaxLength(40);
            e.Property(r => r.Revision).IsConcurrencyToken();
            e.HasIndex(r => new { r.CreatedAtTicks, r.Id });
        });
    }

    public async Task<(JointRequest Request, JointRequestRow Row)> LoadAsync(Guid id, CancellationToken ct)
    {
        var row = await Requests.SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException($"Joint request {id} does not exist.");
        return (Deserialize(row), row);
    }

    public static JointRequest Deserialize(JointRequestRow row) => JsonSerializer.Deserialize<JointRequest>(row.Document, Json)!;

    /// <summary>Adds or updates the row and writes the aggregate's events to the outbox in the same transaction.</summary>
    public void Store(JointRequest request, JointRequestRow? row, DateTimeOffset now)
    {
        var document = JsonSerializer.Serialize(request, Json);
        if (row is null)
        {
            Requests.Add(new JointRequestRow
            {
                Id = request.Id,
                State = request.State.ToString(),
                ReleasedVersion = request.Released?.Number ?? 0,
                CreatedAtTicks = request.CreatedAt.UtcTicks,
                Revision = 1,
                Document = document,
            });
        }
        else
        {
            row.State = request.State.ToString();
            row.ReleasedVersion = request.Released?.Number ?? 0;
            row.Document = document;
            row.Revision++;
        }
        WriteToOutbox(request.Events, now);
        request.ClearEvents();
    }
}
