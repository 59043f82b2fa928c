using Microsoft.EntityFrameworkCore;

namespace Mit.Platform.AdviceRequests.Data.Migrations;

// EF Core keeps one migration set per context type: each provider's subclass owns its folder's migrations.
// A model change gets a migration in both: dotnet run --project tools/Mit.Platform.Migrations -- add <Name>

/// <summary>AdviceRequestsDbContext on PostgreSQL (the distributed deployment); migrations in Postgres/.</summary>
public sealed class PostgresAdviceRequestsDbContext(DbContextOptions<PostgresAdviceRequestsDbContext> options) : AdviceRequestsDbContext(options);

/// <summary>AdviceRequestsDbContext on SQLite (the all-in-one host); migrations in Sqlite/.</summary>
public sealed class SqliteAdviceRequestsDbContext(DbContextOptions<SqliteAdviceRequestsDbContext> options) : AdviceRequestsDbContext(options);
