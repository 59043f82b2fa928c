using System.Data.Common;
using System.Text.RegularExpressions;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.Testing;
using Npgsql;

namespace Mit.Platform.PersistenceTests;

/// <summary>The upgrade on a real PostgreSQL (the OS package, or a container when Docker answers), from pg_dump files.</summary>
public sealed partial class PostgresUpgradeTests(PostgresServer server) : UpgradeTests, IClassFixture<PostgresServer>
{
    private protected override StoreProvider Provider => StoreProvider.Postgres;

    private protected override Task<string> NewDatabaseAsync(string service) =>
        server.CreateDatabaseAsync($"{service.ToLowerInvariant()}_{Guid.NewGuid():n}");

    private protected override async Task LoadAsync(string connectionString, string script)
    {
        // Unpooled: the dump empties search_path for its session.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // psql meta-commands (\restrict) are for psql only.
        command.CommandText = MetaCommand().Replace(script, "");
        await command.ExecuteNonQueryAsync();
    }

    private protected override async Task<List<string>> DescribeSchemaAsync(DbConnection connection) =>
    [
        .. await QueryAsync(connection, """
            SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length, is_nullable, is_identity, identity_generation, column_default
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            """),
        .. await QueryAsync(connection, """
            SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'
            """),
        .. await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%\_\_EF%'
            """),
    ];

    [GeneratedRegex(@"^\\.*$", RegexOptions.Multiline)]
    private static partial Regex MetaCommand();
}
