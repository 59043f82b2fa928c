using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Committees.Data;
using Mit.Platform.Committees.Domain;
using Mit.Platform.Contracts;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// The running dispatcher publishes a row written inside an explicit transaction on the commit's wake-up. Its idle poll
/// is set to an hour here, so the row can only have gone out through the wake-up.
/// </summary>
public sealed class OutboxWakeUpTests : IAsyncLifetime
{
    private CommitteesSqliteHost? _store;
    private IHost? _host;

    public async Task InitializeAsync() => _host = (_store = await CommitteesSqliteHost.CreateAsync(
        new() { ["Messaging:Transport"] = "InMemory", ["Messaging:OutboxIdlePollSeconds"] = "3600" },
        builder => builder.AddPlatformMessaging(), start: true)).Host;

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task A_row_committed_in_an_explicit_transaction_is_dispatched_without_waiting_for_the_poll()
    {
        var release = new JointAdviceRequestReleased(Guid.NewGuid(), 1, new string('f', 64), "Title", false, DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddDays(2), "SZW", "VWS");
        await using (var scope = _host!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommitteesDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.DeskEntries.AddRange(DeskEntry.Received(release, [(Committee.MIT, 1)], DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        // Far below the hour-long poll: a generous bound for a busy machine, not a speed claim.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var check = _host.Services.CreateAsyncScope();
            var row = await check.ServiceProvider.GetRequiredService<CommitteesDbContext>().OutboxMessages.AsNoTracking().SingleAsync();
            if (row.SentAt is not null)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the committed row was dispatched on the commit's wake-up, not left for the hour-long poll");
            await Task.Delay(50);
        }
    }
}
