using Microsoft.EntityFrameworkCore;

namespace Mit.Platform.Publication.Data.Migrations;

// EF Core keeps one migration set per context type: each provider's subclass owns its folder's migrations.
// A model change gets a migration in both: dotnet run --project tools/Mit.Platform.Migrations -- add <Name>

/// <summary>PublicationDbContext on PostgreSQL (the distributed deployment); migrations in Postgres/.</summary>
public sealed class PostgresPublicationDbContext(DbContextOptions<PostgresPublicationDbContext> options) : PublicationDbContext(options);

/// <summary>PublicationDbContext on SQLite (the all-in-one host); migrations in Sqlite/.</summary>
public sealed class SqlitePublicationDbContext(DbContextOptions<SqlitePublicationDbContext> options) : PublicationDbContext(options);
