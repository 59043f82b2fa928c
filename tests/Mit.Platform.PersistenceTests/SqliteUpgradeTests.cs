using System.Data.Common;
using Microsoft.Data.Sqlite;
using Mit.Platform.BuildingBlocks.Persistence;

namespace Mit.Platform.PersistenceTests;

/// <summary>The upgrade on SQLite files, as the all-in-one host keeps them.</summary>
public sealed class SqliteUpgradeTests : UpgradeTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mit-migrations-").FullName;

    private protected override StoreProvider Provider => StoreProvider.Sqlite;

    private protected override Task<string> NewDatabaseAsync(string service) =>
        Task.FromResult($"Data Source={Path.Combine(_directory, $"{service}-{Guid.NewGuid():n}.db")};Pooling=False");

    private protected override async Task LoadAsync(string connectionString, string script)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        await command.ExecuteNonQueryAsync();
    }

    private protected override async Task<List<string>> DescribeSchemaAsync(DbConnection connection) =>
    [
        .. await QueryAsync(connection, """
            SELECT m.name, p.cid, p.name, p.type, p."notnull", p.pk, instr(m.sql, 'AUTOINCREMENT') > 0
            FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\' AND m.name NOT LIKE 'sqlite%'
            """),
        .. await QueryAsync(connection, """
            SELECT name, tbl_name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name NOT LIKE '\_\_EF%' ESCAPE '\'
            """),
    ];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by the runtime; the temp folder is the OS's to clean.
        }
    }
}
