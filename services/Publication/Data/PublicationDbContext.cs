using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Publication.Domain;

namespace Mit.Platform.Publication.Data;

/// <summary>A dossier stored as one document (the aggregate); Revision guards against two writers at once.</summary>
public sealed class DossierRow : DocumentRow
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public long CreatedAtTicks { get; set; }
}

/// <summary>A document's bytes, written once and never changed (a correction is a new document).</summary>
public sealed class DocumentContentRow
{
    public Guid DocumentId { get; set; }
    public Guid DossierId { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>
/// The public record: a row exists only for a document that was published (withdrawn ones keep their row as a
/// notice). Public reads query only this table, so nothing unpublished is reachable anonymously, not even its id.
/// </summary>
public sealed class PublishedDocumentRow
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public Guid? RequestId { get; set; }
    public required string Type { get; set; }
    public string? Committee { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required string MediaType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public int Version { get; set; }
    public Guid? Supersedes { get; set; }
    public Guid? SupersededBy { get; set; }
    public long PublishedAtTicks { get; set; }
    public string? KamerbriefReference { get; set; }
    public long? SentToParliamentAtTicks { get; set; }
    public long? WithdrawnAtTicks { get; set; }
    public string? WithdrawalReason { get; set; }
    /// <summary>Late advice: adopted after the deadline, after the other committee's advice was revealed.</summary>
    public bool Late { get; set; }
    /// <summary>Advice (first version): when it went to its principal; its wait for the cabinet's response counts from that day.</summary>
    public long? AdvisedAtTicks { get; set; }
    /// <summary>Advice: the published cabinet responses that answer it (document ids, comma-separated); null while it waits.</summary>
    public string? AnsweredBy { get; set; }
    /// <summary>Advice: the date of the first published response. A response: its own date.</summary>
    public long? RespondedAtTicks { get; set; }
    /// <summary>A cabinet response: the advice documents it answers (comma-separated).</summary>
    public string? Answers { get; set; }
    /// <summary>Advice: when its wait passed the response term without a response.</summary>
    public long? ResponseOverdueAtTicks { get; set; }
}

/// <remarks>Abstract: the store runs one subclass per provider (Data/Migrations), each with its own migrations.</remarks>
public abstract class PublicationDbContext(DbContextOptions options) : PlatformDbContext(options)
{
    public DbSet<DossierRow> Dossiers => Set<DossierRow>();
    public DbSet<DocumentContentRow> Contents => Set<DocumentContentRow>();
    public DbSet<PublishedDocumentRow> Published => Set<PublishedDocumentRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DossierRow>(e =>
        {
            e.ToTable("dossiers");
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasMaxLength(40);
            e.IsDocumentRow();
            e.HasIndex(r => new { r.CreatedAtTicks, r.Id });
        });
        modelBuilder.Entity<DocumentContentRow>(e =>
        {
            e.ToTable("document_contents");
            e.HasKey(r => r.DocumentId);
            e.Property(r => r.Sha256).HasMaxLength(64);
        });
        modelBuilder.Entity<PublishedDocumentRow>(e =>
        {
            e.ToTable("published_documents");
            e.HasKey(r => r.Id);
            e.Property(r => r.Type).HasMaxLength(40);
            e.Property(r => r.Committee).HasMaxLength(10);
            e.Property(r => r.Sha256).HasMaxLength(64);
            e.HasIndex(r => new { r.PublishedAtTicks, r.Id });
            e.HasIndex(r => r.RequestId);
            e.HasIndex(r => r.DossierId);
            e.Property(r => r.AnsweredBy).HasMaxLength(400);
            e.Property(r => r.Answers).HasMaxLength(4000);
        });
    }

    public async Task<(Dossier Dossier, DossierRow Row)> LoadAsync(Guid id, CancellationToken ct)
        => await TryLoadAsync(id, ct) ?? throw new NotFoundException($"Dossier {id} does not exist.");

    public Task<(Dossier Dossier, DossierRow Row)?> TryLoadAsync(Guid id, CancellationToken ct) => LoadDocumentAsync<DossierRow, Dossier>(r => r.Id == id, ct);

    /// <summary>A response just published: the public record of each advice it answers points to it, from now on.</summary>
    private async Task LinkAnsweredAdviceAsync(Document response, CancellationToken ct)
    {
        var ids = response.Answers.Select(a => a.DocumentId).ToList();
        foreach (var advice in await Published.Where(p => ids.Contains(p.Id)).ToListAsync(ct))
        {
            advice.AnsweredBy = advice.AnsweredBy is null ? response.Id.ToString() : advice.AnsweredBy + "," + response.Id;
            advice.RespondedAtTicks ??= response.RespondedAt!.Value.UtcTicks;
        }
    }

    public static Dossier Deserialize(DossierRow row) => DocumentJson.Deserialize<Dossier>(row.Document);

    /// <summary>
    /// Adds or updates the dossier, its new bytes and its public record, all in this context's one transaction: a
    /// publication is either wholly visible or not at all.
    /// </summary>
    public async Task StoreAsync(Dossier dossier, DossierRow? row, CancellationToken ct)
    {
        foreach (var raised in dossier.Events)
        {
            WriteToOutbox([raised.Event], raised.At);
        }
        dossier.Events.Clear();
        StoreDocument(row, () => new DossierRow { Id = dossier.Id, Kind = dossier.Kind.ToString(), CreatedAtTicks = dossier.CreatedAt.UtcTicks }, dossier);
        foreach (var content in dossier.NewContent)
        {
            Contents.Add(new DocumentContentRow
            {
                DocumentId = content.DocumentId,
                DossierId = dossier.Id,
                Sha256 = DocumentLimits.Sha256(content.Content),
                Content = content.Content,
            });
        }
        dossier.NewContent.Clear();

        var publicDocuments = dossier.Documents.Where(d => d.IsPublic).ToList();
        if (publicDocuments.Count == 0)
        {
            return;
        }
        var existing = await Published.Where(p => p.DossierId == dossier.Id).ToDictionaryAsync(p => p.Id, ct);
        foreach (var d in publicDocuments)
        {
            if (!existing.TryGetValue(d.Id, out var published))
            {
                // Bytes, digest and publication time are fixed from here on; only supersession and withdrawal change.
                published = new PublishedDocumentRow
                {
                    Id = d.Id,
                    DossierId = dossier.Id,
                    RequestId = dossier.RequestId,
                    Type = d.Type.ToString(),
                    Committee = d.Committee?.ToString(),
                    Title = d.Title,
                    Summary = d.Summary,
                    MediaType = d.MediaType,
                    SizeBytes = d.SizeBytes,
                    Sha256 = d.Sha256,
                    Version = d.Version,
                    // A late advice supersedes its committee's "did not advise" note as a correction does.
                    Supersedes = d.Supersedes ?? d.CorrectsNote,
                    Late = d.Late,
                    PublishedAtTicks = d.PublishedAt!.Value.UtcTicks,
                    KamerbriefReference = d.KamerbriefReference,
                    SentToParliamentAtTicks = d.SentToParliamentAt?.UtcTicks,
                    AdvisedAtTicks = d.AwaitsResponse ? d.SentToPrincipalAt!.Value.UtcTicks : null,
                    RespondedAtTicks = d.RespondedAt?.UtcTicks,
                    Answers = d.Answers.Count == 0 ? null : string.Join(",", d.Answers.Select(a => a.DocumentId)),
                };
                Published.Add(published);
                if (d.Type == DocumentType.CabinetResponse)
                {
                    await LinkAnsweredAdviceAsync(d, ct);
                }
            }
            published.SupersededBy = d.SupersededBy;
            published.ResponseOverdueAtTicks = d.ResponseOverdueAt?.UtcTicks;
            published.WithdrawnAtTicks = d.WithdrawnAt?.UtcTicks;
            published.WithdrawalReason = d.WithdrawalReason;
        }
    }
}
