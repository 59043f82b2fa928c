using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// Schemas change by EF Core migrations, applied when a service starts. EF Core (9 and later) takes a database-wide
/// lock while it migrates, so replicas starting together apply each migration once; and it refuses to start a service
/// whose model has changes that no migration describes.
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The release whose schema the first migration of every service describes (created by EnsureCreated).</summary>
    public const string UnversionedRelease = "1a34e51";

    /// <summary>Applies every pending migration; a SQLite file gets its folder and WAL for concurrent readers.</summary>
    public static async Task MigrateSchemaAsync(this DbContext db, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        if (sqlite && Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        await AdoptUnversionedSchemaAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// Release <see cref="UnversionedRelease"/> and before created the schema with EnsureCreated, which keeps no
    /// migrations history. Such a database holds exactly what the first migration creates: that migration is recorded
    /// as applied, and the later ones run on it. A database that has only some of those tables is from an older release
    /// and is refused (docs/operations.md, Upgrading).
    /// </summary>
    private static async Task AdoptUnversionedSchemaAsync(DbContext db, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        if ((await history.GetAppliedMigrationsAsync(ct)).Count > 0)
        {
            return;
        }
        var migrations = db.GetService<IMigrationsAssembly>();
        if (migrations.Migrations.Count == 0)
        {
            return;
        }
        var (firstId, firstType) = migrations.Migrations.First();
        var baseline = migrations.CreateMigration(firstType, db.Database.ProviderName!);
        var tables = baseline.UpOperations.OfType<CreateTableOperation>().Select(t => t.Name).ToList();
        var present = new List<string>();
        foreach (var table in tables)
        {
            if (await TableExistsAsync(db, table, ct))
            {
                present.Add(table);
            }
        }
        if (present.Count == 0)
        {
            return;
        }
        if (present.Count < tables.Count)
        {
            throw new InvalidOperationException(
                $"The database has some of the tables of release {UnversionedRelease} ({string.Join(", ", present)}) but not all " +
                $"({string.Join(", ", tables.Except(present))}), and no migrations history: it is from an older release. " +
                "Bring it to that release's schema first (docs/operations.md, Upgrading).");
        }
        await history.CreateIfNotExistsAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(firstId, ProductInfo.GetVersion())), ct);
        }
        catch (DbException)
        {
            // A replica starting at the same moment may have recorded it first; anything else is a real failure.
            if (!(await history.GetAppliedMigrationsAsync(ct)).Any(m => m.MigrationId == firstId))
            {
                throw;
            }
        }
    }

    private static async Task<bool> TableExistsAsync(DbContext db, string table, CancellationToken ct)
    {
        var count = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {table}").SingleAsync(ct)
            : await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}").SingleAsync(ct);
        return count > 0;
    }
}
