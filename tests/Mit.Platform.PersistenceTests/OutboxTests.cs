using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Data.Migrations;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// One way to the outbox: an entity's raised events are written by its store in the same SaveChanges as the change,
/// and every such save wakes the dispatcher, also when pooled contexts save at the same time.
/// </summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mit-outbox-").FullName;
    private readonly SaveAnotherContextWhileSaving _interleave = new();
    private IHost? _host;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["ConnectionStrings:Committees"] = $"Data Source={Path.Combine(_directory, "committees.db")}",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPlatformDbContext<CommitteesDbContext, PostgresCommitteesDbContext, SqliteCommitteesDbContext>("Committees");
        builder.Services.ConfigureDbContext<SqliteCommitteesDbContext>(o => o.AddInterceptors(_interleave));
        _host = builder.Build();
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CommitteesDbContext>().MigrateSchemaAsync(default);
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_desk_entry_s_events_are_written_with_it_and_only_with_it()
    {
        var release = Release(new string('a', 64));
        var at = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
        await using (var scope = _host!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.DeskEntries.Add(DeskEntry.Received(Committee.MIT, 1, release, at));
            await db.SaveChangesAsync();
        }
        // A second entry at the same position fails as a whole: its event is not written either.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.DeskEntries.Add(DeskEntry.Received(Committee.MIT, 1, release with { Version = 2 }, at));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = _host.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<CommitteesDbContext>().OutboxMessages.ToListAsync();
        var row = Assert.Single(rows);
        var (message, _) = row.Deserialize();
        Assert.Equal(new DeskItemReceived(release.RequestId, 1, "MIT", release.Digest, at), message);
        Assert.Equal(at, row.OccurredAt);
    }

    [Fact]
    public async Task A_save_with_outbox_rows_wakes_the_dispatcher_while_another_pooled_context_saves_without()
    {
        var signal = _host!.Services.GetRequiredService<OutboxSignal<CommitteesDbContext>>();
        while (await signal.WaitAsync(TimeSpan.Zero, default))
        {
            // Drain wake-ups of earlier saves.
        }
        await using var first = _host.Services.CreateAsyncScope();
        await using var second = _host.Services.CreateAsyncScope();
        var withEvents = first.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        var withoutEvents = second.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        // While the first save runs (after the outbox interceptor saw its rows), the second saves with no outbox row.
        _interleave.During = withEvents;
        _interleave.Save = () => withoutEvents.InboxRecords.Add(new InboxRecord { MessageId = Guid.NewGuid(), Consumer = "test", ProcessedAt = DateTimeOffset.UtcNow });
        _interleave.Other = withoutEvents;

        withEvents.DeskEntries.Add(DeskEntry.Received(Committee.OMT, 1,
            Release(new string('b', 64)), DateTimeOffset.UtcNow));
        await withEvents.SaveChangesAsync();

        Assert.True(_interleave.Interleaved, "the second context saved in the middle of the first one's save");
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, default), "the save that wrote an outbox row woke the dispatcher");
    }

    [Fact]
    public async Task A_save_inside_a_transaction_wakes_the_dispatcher_at_the_commit_not_before()
    {
        var signal = _host!.Services.GetRequiredService<OutboxSignal<CommitteesDbContext>>();
        while (await signal.WaitAsync(TimeSpan.Zero, default))
        {
            // Drain wake-ups of earlier saves.
        }
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.DeskEntries.Add(DeskEntry.Received(Committee.MIT, 7, Release(new string('d', 64)), DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();

        // Woken now, the dispatcher would read before the row is visible and then wait for its poll.
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, default), "no wake-up before the transaction commits");
        await transaction.CommitAsync();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, default), "the commit woke the dispatcher");
    }

    [Fact]
    public async Task A_rolled_back_transaction_wakes_nobody()
    {
        var signal = _host!.Services.GetRequiredService<OutboxSignal<CommitteesDbContext>>();
        while (await signal.WaitAsync(TimeSpan.Zero, default))
        {
        }
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.DeskEntries.Add(DeskEntry.Received(Committee.OMT, 7, Release(new string('e', 64)), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.False(await signal.WaitAsync(TimeSpan.Zero, default));
    }

    private static JointAdviceRequestReleased Release(string digest) =>
        new(Guid.NewGuid(), 1, digest, "Title", false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(2), "SZW", "VWS");

    /// <summary>In the middle of one context's save (after the outbox interceptor ran), saves another context.</summary>
    private sealed class SaveAnotherContextWhileSaving : SaveChangesInterceptor
    {
        public DbContext? During { get; set; }
        public DbContext? Other { get; set; }
        public Action? Save { get; set; }
        public bool Interleaved { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && ReferenceEquals(context, During) && Other is not null)
            {
                During = null;
                Save!();
                await Other.SaveChangesAsync(cancellationToken);
                Interleaved = true;
            }
            return result;
        }
    }
}
