using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// SQLite admits one writer at a time: a store's connections wait inside SQLite for the writer before them (its busy
/// timeout, up to the connection's Default Timeout), instead of being refused and retried 150 ms later.
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

    private static JointAdviceRequestReleased Release(char digit) =>
        new(Guid.NewGuid(), 1, new string(digit, 64), "Title", false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(2), "SZW", "VWS");
}
