using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// SQLite lets one writer at a time into a database file. Without a busy timeout a second writer is refused at once,
/// and Microsoft.Data.Sqlite then retries after sleeping 150 ms: in the all-in-one, every co-sign that overlapped
/// another write (the outbox marking rows sent, a receipt) lost 150 ms. With SQLite's own busy timeout the writer
/// waits inside SQLite in steps of 1 ms and up, and goes on as soon as the other commits. The limit stays the
/// connection's Default Timeout.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeoutInterceptor Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, sqlite.DefaultTimeout * 1000);
        }
    }
}
