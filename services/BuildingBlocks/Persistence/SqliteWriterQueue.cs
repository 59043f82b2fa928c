using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mit.Platform.BuildingBlocks.Persistence;

/// <summary>
/// SQLite lets one writer at a time into a database file, and a writer that finds the file taken sleeps in SQLite's
/// busy handler in steps of 1 to 100 ms: under load the file is often free while its next writer still sleeps (traced
/// in the all-in-one: 7 threads asleep on average). This queue lets this process's writers of one file in one at a
/// time, in turn, and hands the file on the moment a writer is done, so SQLite never has to make one wait.
/// A writer is a transaction (from BEGIN to its commit, rollback or its connection closing) or a write statement outside
/// one (until it or its reader is done). Reads are not queued: in WAL mode they never wait for a writer.
/// </summary>
/// <remarks>
/// The queue only orders; SQLite's own lock still decides. A writer that waits longer than the connection's Default
/// Timeout goes on to SQLite's busy handler as before, so a turn that was never handed back slows writers, never stops them.
/// </remarks>
internal sealed class SqliteWriterQueue : DbConnectionInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
{
    public static readonly SqliteWriterQueue Instance = new();

    /// <summary>One turn per database file.</summary>
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _files = new();

    /// <summary>The file whose turn a connection holds, if any; dropped with the connection.</summary>
    private readonly ConditionalWeakTable<DbConnection, SemaphoreSlim> _held = new();

    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _connections = new();

    // ---- Transactions: from BEGIN until committed, rolled back, failed, or the connection closes. ------------------

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, cancellationToken);
        return result;
    }

    // A finished SqliteTransaction no longer knows its connection: remember it when the transaction starts.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _connections.AddOrUpdate(result, connection);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    private void Ended(DbTransaction transaction)
    {
        if (_connections.TryGetValue(transaction, out var connection))
        {
            _connections.Remove(transaction);
            Leave(connection);
        }
    }

    // A transaction disposed without commit or rollback raises none of the above; SQLite rolls it back, and the
    // connection EF opened for it closes. A begin that failed leaves its connection the same way.
    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Leave(connection);
        return ValueTask.FromResult(result);
    }

    // ---- Write statements outside a transaction (a single-statement SaveChanges, ExecuteUpdate). -------------------

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        EnterIfLone(command, result);

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await EnterIfLoneAsync(command, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => LeaveIfLone(command, result);

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(LeaveIfLone(command, result));

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        EnterIfLone(command, result);

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnterIfLoneAsync(command, cancellationToken);
        return result;
    }

    /// <summary>A write that returns rows (INSERT … RETURNING) holds the file until its reader is done.</summary>
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result) =>
        LeaveIfLone(command, result);

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(LeaveIfLone(command, result));

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result) =>
        LeaveIfLone(command, result);

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        EnterIfLone(command, result);

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        await EnterIfLoneAsync(command, cancellationToken);
        return result;
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => LeaveIfLone(command, result);

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(LeaveIfLone(command, result));

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveIfLone(command, 0);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveIfLone(command, Task.CompletedTask);

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveIfLone(command, 0);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveIfLone(command, Task.CompletedTask);

    // ---- The turn. --------------------------------------------------------------------------------------------------

    /// <summary>A statement outside a transaction that is not a read. Inside a transaction, the transaction holds the turn.</summary>
    private static bool IsLoneWrite(DbCommand command) =>
        command.Transaction is null && command.Connection is SqliteConnection && !IsRead(command.CommandText);

    private static bool IsRead(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        // EF puts query tags before the statement as comment lines.
        while (text.StartsWith("--"))
        {
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
    }

    private T EnterIfLone<T>(DbCommand command, T result)
    {
        if (IsLoneWrite(command))
        {
            Enter(command.Connection!);
        }
        return result;
    }

    private ValueTask EnterIfLoneAsync(DbCommand command, CancellationToken ct) =>
        IsLoneWrite(command) ? EnterAsync(command.Connection!, ct) : ValueTask.CompletedTask;

    /// <summary>A statement inside a transaction leaves the turn to its transaction.</summary>
    private T LeaveIfLone<T>(DbCommand command, T result)
    {
        if (command.Transaction is null)
        {
            Leave(command.Connection);
        }
        return result;
    }

    /// <summary>Whether a writer holds this database file's turn.</summary>
    internal bool IsTaken(string dataSource) => _files.TryGetValue(dataSource, out var file) && file.CurrentCount == 0;

    private SemaphoreSlim FileOf(DbConnection connection) => _files.GetOrAdd(connection.DataSource, _ => new SemaphoreSlim(1, 1));

    private static TimeSpan Patience(DbConnection connection) =>
        TimeSpan.FromSeconds(connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30);

    private void Enter(DbConnection connection)
    {
        if (_held.TryGetValue(connection, out _))
        {
            return;
        }
        var file = FileOf(connection);
        if (file.Wait(Patience(connection)))
        {
            _held.AddOrUpdate(connection, file);
        }
    }

    private async ValueTask EnterAsync(DbConnection connection, CancellationToken ct)
    {
        if (_held.TryGetValue(connection, out _))
        {
            return;
        }
        var file = FileOf(connection);
        if (await file.WaitAsync(Patience(connection), ct))
        {
            _held.AddOrUpdate(connection, file);
        }
    }

    private void Leave(DbConnection? connection)
    {
        if (connection is not null && _held.TryGetValue(connection, out var file) && _held.Remove(connection))
        {
            file.Release();
        }
    }
}
