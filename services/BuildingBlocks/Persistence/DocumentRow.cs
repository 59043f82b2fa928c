using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// A row holding one aggregate as a JSON document (<see cref="DocumentJson"/>), plus the columns a service's queries
/// need (in the subclass). Revision is the optimistic-concurrency token: a writer that loaded an older revision fails
/// its SaveChanges with DbUpdateConcurrencyException instead of overwriting another's change.
/// </summary>
public abstract class DocumentRow
{
    public int Revision { get; set; }
    public string Document { get; set; } = "";
}

public static class DocumentRowMapping
{
    /// <summary>Maps the document row's revision as its concurrency token.</summary>
    public static EntityTypeBuilder<TRow> IsDocumentRow<TRow>(this EntityTypeBuilder<TRow> row) where TRow : DocumentRow
    {
        row.Property(r => r.Revision).IsConcurrencyToken();
        return row;
    }
}
