using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Data.Migrations;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// A host with Committees' store (a PlatformDbContext with outbox) on a SQLite file of its own, migrated: for the tests
/// of the shared persistence pieces. Not started unless asked (then its outbox dispatcher and gauges run).
/// </summary>
internal sealed class CommitteesSqliteHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly bool _started;

    private CommitteesSqliteHost(string directory, IHost host, bool started) => (_directory, Host, _started) = (directory, host, started);

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<CommitteesSqliteHost> CreateAsync(Dictionary<string, string?>? settings = null, Action<HostApplicationBuilder>? configure = null,
        bool start = false)
    {
        var directory = Directory.CreateTempSubdirectory("mit-persistence-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["ConnectionStrings:Committees"] = $"Data Source={Path.Combine(directory, "committees.db")}",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPlatformDbContext<CommitteesDbContext, PostgresCommitteesDbContext, SqliteCommitteesDbContext>("Committees");
        configure?.Invoke(builder);
        var host = builder.Build();
        if (start)
        {
            await host.StartAsync();
        }
        else
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CommitteesDbContext>().MigrateSchemaAsync(default);
        }
        return new CommitteesSqliteHost(directory, host, start);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Host.StopAsync();
        }
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
