using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
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
    private readonly SaveAnotherContextWhileSaving _interleave = new();
    private CommitteesSqliteHost? _store;
    private IHost? _host;

    public async Task InitializeAsync() => _host = (_store = await CommitteesSqliteHost.CreateAsync(
        configure: builder => builder.Services.ConfigureDbContext<SqliteCommitteesDbContext>(o => o.AddInterceptors(_interleave)))).Host;

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task A_desk_entry_s_events_are_written_with_it_and_only_with_it()
    {
        var release = Release(new string('a', 64));
        var at = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
        await using (var scope = _host!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.DeskEntries.AddRange(DeskEntry.Received(release, [(Committee.MIT, 1), (Committee.OMT, 1)], at));
            await db.SaveChangesAsync();
        }
        // A second entry at the same position fails as a whole: its event is not written either.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            db.DeskEntries.AddRange(DeskEntry.Received(release with { Version = 2 }, [(Committee.MIT, 1)], at));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = _host.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<CommitteesDbContext>().OutboxMessages.ToListAsync();
        var row = Assert.Single(rows);
        var (message, _) = row.Deserialize();
        var arrival = Assert.IsType<DeskItemsReceived>(message);
        Assert.Equal((release.RequestId, 1), (arrival.RequestId, arrival.Version));
        Assert.Equal([new DeskReceipt("MIT", release.Digest, at), new DeskReceipt("OMT", release.Digest, at)], arrival.Receipts);
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

        withEvents.DeskEntries.AddRange(DeskEntry.Received(Release(new string('b', 64)), [(Committee.OMT, 1)], DateTimeOffset.UtcNow));
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
        db.DeskEntries.AddRange(DeskEntry.Received(Release(new string('d', 64)), [(Committee.MIT, 7)], DateTimeOffset.UtcNow));
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
            db.DeskEntries.AddRange(DeskEntry.Received(Release(new string('e', 64)), [(Committee.OMT, 7)], DateTimeOffset.UtcNow));
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
