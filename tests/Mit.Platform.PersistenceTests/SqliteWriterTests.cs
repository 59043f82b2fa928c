using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// SQLite admits one writer at a time: a store's writers queue in the process for their file's turn, and each writer
/// hands the turn on however it ends (commit, rollback, failure, disposed unfinished); beyond the queue, connections wait
/// inside SQLite (its busy timeout, up to the connection's Default Timeout) instead of being refused and retried 150 ms later.
/// </summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private CommitteesSqliteHost? _store;

    public async Task InitializeAsync() => _store = await CommitteesSqliteHost.CreateAsync();

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task Every_connection_of_a_SQLite_store_waits_for_a_busy_writer_up_to_its_default_timeout()
    {
        await using var scope = _store!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(connection.DefaultTimeout * 1000L, (long)(await read.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_write_that_meets_another_open_write_transaction_goes_in_after_its_commit()
    {
        var at = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
        await using var first = _store!.Services.CreateAsyncScope();
        var holder = first.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        holder.DeskEntries.AddRange(DeskEntry.Received(Release('a'), [(Committee.MIT, 1), (Committee.OMT, 1)], at));
        await holder.SaveChangesAsync();

        // The second writer starts while the first holds SQLite's write lock, and must wait for it rather than fail.
        var second = Task.Run(async () =>
        {
            await using var scope = _store.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.DeskEntries.AddRange(DeskEntry.Received(Release('b'), [(Committee.MIT, 2), (Committee.OMT, 2)], at));
            await db.SaveChangesAsync();
        });
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        await transaction.CommitAsync();
        await second;

        await using var check = _store.Services.CreateAsyncScope();
        var entries = await check.ServiceProvider.GetRequiredService<CommitteesDbContext>().DeskEntries.AsNoTracking().ToListAsync();
        Assert.Equal(4, entries.Count);
    }

    private static bool Taken(DbContext db) => SqliteWriterQueue.Instance.IsTaken(db.Database.GetDbConnection().DataSource);

    private static InboxRecord Inbox(Guid id) => new() { MessageId = id, Consumer = "sqlite-writer-tests", ProcessedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task A_transaction_holds_its_files_turn_through_its_own_reads_and_writes_until_it_commits()
    {
        await using var scope = _store!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.InboxRecords.Add(Inbox(Guid.NewGuid()));
        await db.SaveChangesAsync();
        Assert.Equal(1, await db.InboxRecords.CountAsync());
        await db.InboxRecords.ExecuteUpdateAsync(set => set.SetProperty(r => r.Consumer, "renamed"));
        Assert.True(Taken(db));

        await transaction.CommitAsync();

        Assert.False(Taken(db));
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_or_rollback_hands_the_turn_on_and_writes_nothing()
    {
        await using (var scope = _store!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            await using (await db.Database.BeginTransactionAsync())
            {
                db.InboxRecords.Add(Inbox(Guid.NewGuid()));
                await db.SaveChangesAsync();
                Assert.True(Taken(db));
            }
            Assert.False(Taken(db));
        }

        await using var next = _store.Services.CreateAsyncScope();
        var other = next.ServiceProvider.GetRequiredService<CommitteesDbContext>();
        other.InboxRecords.Add(Inbox(Guid.NewGuid()));
        await other.SaveChangesAsync();
        Assert.Equal(1, await other.InboxRecords.CountAsync());
        Assert.False(Taken(other));
    }

    [Fact]
    public async Task A_write_that_fails_hands_the_turn_on_inside_a_transaction_or_alone()
    {
        var id = Guid.NewGuid();
        await using (var scope = _store!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.InboxRecords.Add(Inbox(id));
            await db.SaveChangesAsync();
        }

        // Alone: one statement, outside a transaction.
        await using (var scope = _store.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.InboxRecords.Add(Inbox(id));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.False(Taken(db));
        }
        // In SaveChanges' own transaction: two statements, the second fails.
        await using (var scope = _store.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.InboxRecords.AddRange(Inbox(Guid.NewGuid()), Inbox(id));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.False(Taken(db));
            Assert.Equal(1, await db.InboxRecords.CountAsync());
        }
    }

    private static JointAdviceRequestReleased Release(char digit) =>
        new(Guid.NewGuid(), 1, new string(digit, 64), "Title", false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(2), "SZW", "VWS");
}
