using Microsoft.EntityFrameworkCore;

namespace Mit.Platform.Identity.Data.Migrations;

// EF Core keeps one migration set per context type: each provider's subclass owns its folder's migrations.
// A model change gets a migration in both: dotnet run --project tools/Mit.Platform.Migrations -- add <Name>

/// <summary>IdentityDbContext on PostgreSQL (the distributed deployment); migrations in Postgres/.</summary>
public sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options) : IdentityDbContext(options);

/// <summary>IdentityDbContext on SQLite (the all-in-one host); migrations in Sqlite/.</summary>
public sealed class SqliteIdentityDbContext(DbContextOptions<SqliteIdentityDbContext> options) : IdentityDbContext(options);
