using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;

namespace Mit.Platform.BuildingBlocks.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// The one choice of store: PostgreSQL or SQLite (Persistence:Provider) with ConnectionStrings:{name}.
    /// Returns how to configure a DbContext for it.
    /// </summary>
    public static Action<DbContextOptionsBuilder> StoreFor(this IConfiguration configuration, string name)
    {
        var provider = configuration["Persistence:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");
        return provider.ToUpperInvariant() switch
        {
            "POSTGRES" or "POSTGRESQL" => options => options.UseNpgsql(connectionString),
            "SQLITE" => options => options.UseSqlite(connectionString),
            _ => throw new InvalidOperationException($"Persistence:Provider '{provider}' is not supported (use Postgres or Sqlite)."),
        };
    }

    /// <summary>Creates the schema if it is missing; a SQLite file gets its folder and WAL for concurrent readers.</summary>
    public static async Task CreateSchemaAsync(this DbContext db, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        if (sqlite && Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        await db.Database.EnsureCreatedAsync(ct);
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// Registers a service's DbContext on PostgreSQL or SQLite (Persistence:Provider), with the connection string
    /// ConnectionStrings:{name}; creates the schema at start, adds a readiness check and the outbox dispatcher.
    /// </summary>
    public static void AddPlatformDbContext<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : PlatformDbContext
    {
        var useStore = builder.Configuration.StoreFor(name);
        builder.Services.AddSingleton<OutboxSignal<TContext>>();
        builder.Services.AddDbContextPool<TContext>((sp, options) =>
        {
            useStore(options);
            options.AddInterceptors(new OutboxSaveInterceptor(sp.GetRequiredService<OutboxSignal<TContext>>()));
        });
        builder.Services.AddHostedService<DatabaseInitializer<TContext>>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"db-{name}", HealthStatus.Unhealthy, ["ready"]);
    }
}

/// <summary>Creates the schema before the service takes calls.</summary>
internal sealed class DatabaseInitializer<TContext>(IServiceProvider services) : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().CreateSchemaAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
