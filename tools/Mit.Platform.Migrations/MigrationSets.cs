using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.Migrations;

/// <summary>One store's migrations: its context type, provider, and the service project that holds them.</summary>
public sealed record MigrationSet(Type Context, StoreProvider Provider, string Service)
{
    /// <summary>Every service's stores; a service with a database has exactly one set per provider.</summary>
    public static readonly IReadOnlyList<MigrationSet> All =
    [
        new(typeof(AdviceRequests.Data.Migrations.PostgresAdviceRequestsDbContext), StoreProvider.Postgres, "AdviceRequests"),
        new(typeof(AdviceRequests.Data.Migrations.SqliteAdviceRequestsDbContext), StoreProvider.Sqlite, "AdviceRequests"),
        new(typeof(Committees.Data.Migrations.PostgresCommitteesDbContext), StoreProvider.Postgres, "Committees"),
        new(typeof(Committees.Data.Migrations.SqliteCommitteesDbContext), StoreProvider.Sqlite, "Committees"),
        new(typeof(Briefings.Data.Migrations.PostgresBriefingsDbContext), StoreProvider.Postgres, "Briefings"),
        new(typeof(Briefings.Data.Migrations.SqliteBriefingsDbContext), StoreProvider.Sqlite, "Briefings"),
        new(typeof(Publication.Data.Migrations.PostgresPublicationDbContext), StoreProvider.Postgres, "Publication"),
        new(typeof(Publication.Data.Migrations.SqlitePublicationDbContext), StoreProvider.Sqlite, "Publication"),
        new(typeof(Identity.Data.Migrations.PostgresIdentityDbContext), StoreProvider.Postgres, "Identity"),
        new(typeof(Identity.Data.Migrations.SqliteIdentityDbContext), StoreProvider.Sqlite, "Identity"),
    ];

    /// <summary>Where the migrations live, relative to the service project.</summary>
    public string Folder => $"Data/Migrations/{Provider}";

    /// <summary>A context on this store. Building the model or a script needs no server; migrating needs a real one.</summary>
    public DbContext Create(string connectionString)
    {
        var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(Context))!;
        new Store(Provider, connectionString).Apply(options);
        return (DbContext)Activator.CreateInstance(Context, options.Options)!;
    }

    /// <summary>A connection string that is never opened: enough to build the model and scaffold.</summary>
    public string DesignTimeConnectionString => Provider == StoreProvider.Postgres ? "Host=design-time.invalid;Database=design" : "Data Source=:memory:";

    public override string ToString() => $"{Service}/{Provider}";
}
