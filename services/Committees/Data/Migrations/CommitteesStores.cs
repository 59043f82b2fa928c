using Microsoft.EntityFrameworkCore;

namespace Mit.Platform.Committees.Data.Migrations;

// EF Core keeps one migration set per context type: each provider's subclass owns its folder's migrations.
// A model change gets a migration in both: dotnet run --project tools/Mit.Platform.Migrations -- add <Name>

/// <summary>CommitteesDbContext on PostgreSQL (the distributed deployment); migrations in Postgres/.</summary>
public sealed class PostgresCommitteesDbContext(DbContextOptions<PostgresCommitteesDbContext> options) : CommitteesDbContext(options);

/// <summary>CommitteesDbContext on SQLite (the all-in-one host); migrations in Sqlite/.</summary>
public sealed class SqliteCommitteesDbContext(DbContextOptions<SqliteCommitteesDbContext> options) : CommitteesDbContext(options);
