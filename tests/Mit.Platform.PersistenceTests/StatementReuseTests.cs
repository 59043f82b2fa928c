using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Testing;
using Npgsql;

namespace Mit.Platform.PersistenceTests;

/// <summary>A service's PostgreSQL connections prepare the statements they repeat and keep them across pooled uses.</summary>
public sealed class StatementReuseTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_statement_repeated_on_pooled_connections_is_prepared_once_and_kept()
    {
        // One physical connection, handed back to the pool after every query.
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync($"reuse_{Guid.NewGuid():n}")) { MaxPoolSize = 1 }.ConnectionString;
        var options = new DbContextOptionsBuilder<OutboxProbeDb>();
        new Store(StoreProvider.Postgres, database).Apply(options);
        await using (var setup = new OutboxProbeDb(options.Options))
        {
            await setup.Database.EnsureCreatedAsync();
        }

        for (var i = 0; i < 3; i++)
        {
            await using var db = new OutboxProbeDb(options.Options);
            Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.SentAt == null));
        }

        await using var check = new OutboxProbeDb(options.Options);
        var prepared = await check.Database
            .SqlQueryRaw<long>("SELECT count(*)::bigint AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%outbox_messages%'")
            .SingleAsync();
        Assert.Equal(1, prepared);
    }

    [Theory]
    [InlineData("Host=db;Database=x;Max Auto Prepare=0", 0, true)]
    [InlineData("Host=db;Database=x;No Reset On Close=false", 100, false)]
    [InlineData("Host=db;Database=x", 100, true)]
    public void A_connection_string_that_sets_statement_reuse_keeps_its_own_value(string given, int maxAutoPrepare, bool noResetOnClose)
    {
        var used = new NpgsqlConnectionStringBuilder(Store.WithStatementReuse(given));
        Assert.Equal(maxAutoPrepare, used.MaxAutoPrepare);
        Assert.Equal(noResetOnClose, used.NoResetOnClose);
        Assert.Equal("db", used.Host);
    }
}
