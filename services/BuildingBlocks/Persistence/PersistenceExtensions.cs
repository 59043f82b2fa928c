using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using System.Diagnostics.Metrics;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>The two stores a service runs on: PostgreSQL (distributed) and SQLite (all-in-one).</summary>
public enum StoreProvider
{
    Postgres,
    Sqlite,
}

/// <summary>Which store a service's database is on, and where.</summary>
public sealed record Store(StoreProvider Provider, string ConnectionString)
{
    public void Apply(DbContextOptionsBuilder options)
    {
        _ = Provider switch
        {
            StoreProvider.Postgres => options.UseNpgsql(WithStatementReuse(ConnectionString)).AddInterceptors(StaleConnectionsInterceptor.Instance),
            _ => options.UseSqlite(ConnectionString).AddInterceptors(SqliteBusyTimeoutInterceptor.Instance, SqliteWriterQueue.Instance),
        };
    }

    /// <summary>
    /// The services send the same few statements all day: PostgreSQL parsing and planning each one anew took a third of
    /// its CPU under load. Npgsql prepares a statement on its connection once it has been used twice, and a connection
    /// handed back to the pool keeps its prepared statements (no DISCARD ALL; the services set no session state). A
    /// connection string that sets either keyword keeps its own value.
    /// </summary>
    public static string WithStatementReuse(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }
}

public static class PersistenceExtensions
{
    /// <summary>The one choice of store: PostgreSQL or SQLite (Persistence:Provider) with ConnectionStrings:{name}.</summary>
    public static Store StoreFor(this IConfiguration configuration, string name)
    {
        var provider = configuration["Persistence:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");
        return provider.ToUpperInvariant() switch
        {
            "POSTGRES" or "POSTGRESQL" => new Store(StoreProvider.Postgres, connectionString),
            "SQLITE" => new Store(StoreProvider.Sqlite, connectionString),
            _ => throw new InvalidOperationException($"Persistence:Provider '{provider}' is not supported (use Postgres or Sqlite)."),
        };
    }

    /// <summary>
    /// Registers <typeparamref name="TContext"/> as the store's own context type: EF Core keeps one migration set per
    /// context type, so each service has one small subclass per provider that owns that provider's migrations.
    /// </summary>
    public static void AddStoreDbContext<TContext, TPostgres, TSqlite>(this IServiceCollection services, Store store,
        Action<IServiceProvider, DbContextOptionsBuilder> configure, bool pooled)
        where TContext : DbContext where TPostgres : TContext where TSqlite : TContext
    {
        _ = (store.Provider, pooled) switch
        {
            (StoreProvider.Postgres, true) => services.AddDbContextPool<TContext, TPostgres>(configure),
            (StoreProvider.Postgres, false) => services.AddDbContext<TContext, TPostgres>(configure),
            (_, true) => services.AddDbContextPool<TContext, TSqlite>(configure),
            (_, false) => services.AddDbContext<TContext, TSqlite>(configure),
        };
    }

    /// <summary>
    /// Registers a service's DbContext on PostgreSQL or SQLite (Persistence:Provider), with the connection string
    /// ConnectionStrings:{name}; migrates the schema at start, adds a readiness check and the outbox dispatcher.
    /// </summary>
    public static void AddPlatformDbContext<TContext, TPostgres, TSqlite>(this IHostApplicationBuilder builder, string name)
        where TContext : PlatformDbContext where TPostgres : TContext where TSqlite : TContext
    {
        var store = builder.Configuration.StoreFor(name);
        builder.Services.AddSingleton<OutboxSignal<TContext>>();
        builder.Services.AddStoreDbContext<TContext, TPostgres, TSqlite>(store, (sp, options) =>
        {
            store.Apply(options);
            options.AddInterceptors(new OutboxSaveInterceptor(sp.GetRequiredService<OutboxSignal<TContext>>()));
        }, pooled: true);
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        // Rows not yet published: counted on the pending-rows index when a collector asks.
        builder.Services.AddStoreGauge<long>("mit.outbox.backlog", "{message}", "Outbox rows written but not yet published to the broker",
            sp => [new Measurement<long>(sp.GetRequiredService<TContext>().OutboxMessages.LongCount(m => m.SentAt == null), new KeyValuePair<string, object?>("store", name))]);
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"db-{name}", HealthStatus.Unhealthy, ["ready"]);
    }
}

/// <summary>Brings the schema to the latest migration before the service takes calls.</summary>
internal sealed class DatabaseMigrator<TContext>(IServiceProvider services) : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().MigrateSchemaAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
