using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// After PostgreSQL restarts, every idle connection in Npgsql's pool is dead, and the pool finds that out one command at
/// a time: each would fail one more call. The first command or open that fails because the connection or server went
/// away empties the pool, so the next call opens a fresh connection.
/// </summary>
internal sealed class StaleConnectionsInterceptor : DbCommandInterceptor, IDbConnectionInterceptor
{
    public static readonly StaleConnectionsInterceptor Instance = new();

    // admin_shutdown, crash_shutdown, cannot_connect_now: the server ended or refused the session.
    private static readonly HashSet<string> ServerGone = new(StringComparer.Ordinal) { "57P01", "57P02", "57P03" };

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ClearWhenGone(command.Connection, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ClearWhenGone(command.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => ClearWhenGone(connection, eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ClearWhenGone(connection, eventData.Exception);
        return Task.CompletedTask;
    }

    /// <summary>A broken connection or a server going away, as opposed to an error in the statement (a constraint, a timeout).</summary>
    public static bool IsConnectionLost(Exception e) => e switch
    {
        PostgresException p => ServerGone.Contains(p.SqlState),
        NpgsqlException n => n.InnerException is System.IO.IOException or System.Net.Sockets.SocketException or EndOfStreamException,
        _ => e.InnerException is { } inner && IsConnectionLost(inner),
    };

    private static void ClearWhenGone(DbConnection? connection, Exception e)
    {
        if (connection is NpgsqlConnection npgsql && IsConnectionLost(e))
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }
}
