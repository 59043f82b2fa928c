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
    /// Registers a service's DbContext on PostgreSQL or SQLite (Persistence:Provider), with the connection string
    /// ConnectionStrings:{name}; creates the schema at start, adds a readiness check and the outbox dispatcher.
    /// </summary>
    public static void AddPlatformDbContext<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : PlatformDbContext
    {
        var provider = builder.Configuration["Persistence:Provider"] ?? "Sqlite";
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");

        builder.Services.AddSingleton<OutboxSignal<TContext>>();
        builder.Services.AddDbContext<TContext>((sp, options) =>
        {
            switch (provider.ToUpperInvariant())
            {
                case "POSTGRES" or "POSTGRESQL":
                    options.UseNpgsql(connectionString);
                    break;
                case "SQLITE":
                    options.UseSqlite(connectionString);
                    break;
                default:
                    throw new InvalidOperationException($"Persistence:Provider '{provider}' is not supported (use Postgres or Sqlite).");
            }
            options.AddInterceptors(new OutboxSaveInterceptor(sp.GetRequiredService<OutboxSignal<TContext>>()));
        });
        builder.Services.AddHostedService<DatabaseInitializer<TContext>>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"db-{name}", HealthStatus.Unhealthy, ["ready"]);
    }
}

/// <summary>Creates the schema before the service takes calls; SQLite gets WAL for concurrent readers.</summary>
internal sealed class DatabaseInitializer<TContext>(IServiceProvider services) : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.Database.IsSqlite())
        {
            var folder = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
