using Microsoft.EntityFrameworkCore;

namespace Mit.Platform.Briefings.Data.Migrations;

// EF Core keeps one migration set per context type: each provider's subclass owns its folder's migrations.
// A model change gets a migration in both: dotnet run --project tools/Mit.Platform.Migrations -- add <Name>

/// <summary>BriefingsDbContext on PostgreSQL (the distributed deployment); migrations in Postgres/.</summary>
public sealed class PostgresBriefingsDbContext(DbContextOptions<PostgresBriefingsDbContext> options) : BriefingsDbContext(options);

/// <summary>BriefingsDbContext on SQLite (the all-in-one host); migrations in Sqlite/.</summary>
public sealed class SqliteBriefingsDbContext(DbContextOptions<SqliteBriefingsDbContext> options) : BriefingsDbContext(options);
