using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Testing;

namespace Mit.Platform.PersistenceTests;

/// <summary>
/// The compiled queries serve every model in one process: EF binds a compiled query to the first model it ran with, and
/// the all-in-one holds several stores, the tests one context type on two providers.
/// </summary>
public sealed class CompiledQueryTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_inbox_lookup_answers_from_each_store_when_one_process_uses_two_models_in_turn()
    {
        var folder = Directory.CreateTempSubdirectory("mit-compiled-");
        try
        {
            var postgres = new DbContextOptionsBuilder<OutboxProbeDb>();
            new Store(StoreProvider.Postgres, await server.CreateDatabaseAsync($"compiled_{Guid.NewGuid():n}")).Apply(postgres);
            var sqlite = new DbContextOptionsBuilder<OutboxProbeDb>();
            new Store(StoreProvider.Sqlite, $"Data Source={Path.Combine(folder.FullName, "probe.db")};Pooling=false").Apply(sqlite);
            var stores = new[] { postgres.Options, sqlite.Options };
            var applied = new[] { Guid.NewGuid(), Guid.NewGuid() };
            for (var i = 0; i < stores.Length; i++)
            {
                await using var db = new OutboxProbeDb(stores[i]);
                await db.Database.EnsureCreatedAsync();
                db.InboxRecords.Add(new InboxRecord { MessageId = applied[i], Consumer = "probe", ProcessedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }

            var models = new List<object>();
            foreach (var i in (int[])[0, 1, 0, 1])
            {
                await using var db = new OutboxProbeDb(stores[i]);
                models.Add(db.Model);
                var processed = await db.ProcessedAsync("probe", [applied[0], applied[1], Guid.NewGuid()], CancellationToken.None);
                Assert.Equal([applied[i]], processed);
                Assert.Empty(await db.ProcessedAsync("another consumer", applied, CancellationToken.None));
            }
            Assert.NotSame(models[0], models[1]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
