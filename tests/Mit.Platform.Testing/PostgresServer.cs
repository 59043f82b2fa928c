using System.Globalization;
using Npgsql;
using Testcontainers.PostgreSql;
using DotNet.Testcontainers.Containers;

namespace Mit.Platform.Testing;

/// <summary>
/// A real PostgreSQL server for tests (<see cref="TestServer"/>): the postgres:15 container, or a private cluster (initdb)
/// of the OS PostgreSQL package on a free loopback port. A killed or stopped server starts again with its databases.
/// </summary>
public sealed class PostgresServer() : TestServer("postgres", TimeSpan.FromSeconds(60))
{
    private const string Image = "postgres:15-alpine";
    private const string OsUser = "postgres";

    private string? _binDirectory;

    public string Username { get; } = "postgres";

    /// <summary>Ignored by the local cluster (trust authentication), required by the container.</summary>
    public string Password { get; } = "postgres";

    /// <summary>Starts a server by hand; dispose it to stop it.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        return server;
    }

    /// <summary>Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE DATABASE " + QuoteIdentifier(name), connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any session still on it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DROP DATABASE IF EXISTS " + QuoteIdentifier(name) + " WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>CREATE and DROP DATABASE take no parameters: the name goes in as a quoted identifier.</summary>
    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    protected override IContainer BuildContainer(int hostPort) =>
        new PostgreSqlBuilder(Image).WithUsername(Username).WithPassword(Password)
            .WithPortBinding(hostPort, PostgreSqlBuilder.PostgreSqlPort).Build();

    protected override async Task PrepareLocalAsync(string dir)
    {
        _binDirectory = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, postgres) not found: install them (apt-get install postgresql) or start a Docker engine for Testcontainers.");

        if (Environment.IsPrivilegedProcess)
        {
            // initdb/postgres refuse to run as root: hand the directory to the postgres OS user.
            var chown = await ProcessRunner.RunAsync(
                Binaries.Find("chown", "/usr/bin/chown", "/bin/chown") ?? "chown",
                ["-R", $"{OsUser}:{OsUser}", dir],
                TimeSpan.FromSeconds(10));
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Could not give {dir} to the '{OsUser}' OS user (created by apt-get install postgresql): {chown.Output}");
            }
        }

        // --no-sync and fsync=off: throwaway data, speed matters more than durability.
        var (initdbFile, initdbArgs) = AsServerUser(
            Path.Combine(_binDirectory, "initdb"),
            "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync");
        var initdb = await ProcessRunner.RunAsync(initdbFile, initdbArgs, TimeSpan.FromSeconds(60), workingDirectory: dir);
        if (initdb.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed (exit {initdb.ExitCode}):{Environment.NewLine}{initdb.Output}");
        }
    }

    private protected override ServerProcess StartLocal(string dir)
    {
        var (postgresFile, postgresArgs) = AsServerUser(
            Path.Combine(_binDirectory!, "postgres"),
            "-D", Path.Combine(dir, "data"),
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", dir,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off",
            // Each test database gets its own Npgsql pool; the default 100 runs out quickly.
            "-c", "max_connections=200");
        return ServerProcess.Start("postgres", postgresFile, postgresArgs, dir, Path.Combine(dir, "server.log"));
    }

    /// <summary>When running as root, prefix the command with runuser so it runs as the postgres user.</summary>
    private static (string File, string[] Args) AsServerUser(string fileName, params string[] args)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return (fileName, args);
        }

        var runuser = Binaries.Find("runuser", "/usr/sbin/runuser", "/sbin/runuser")
            ?? throw new InvalidOperationException(
                "runuser not found (util-linux): needed to run PostgreSQL as the postgres user when tests run as root.");
        return (runuser, ["-u", OsUser, "--", fileName, .. args]);
    }

    protected override async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    // Unpooled: a pooled idle admin connection would keep the server busy and block DROP DATABASE.
    private string AdminConnectionString() => new NpgsqlConnectionStringBuilder(ConnectionString("postgres"))
    {
        Pooling = false,
        Timeout = 3,
    }.ConnectionString;

    /// <summary>Newest /usr/lib/postgresql/N/bin (Debian), else the directory of initdb on PATH.</summary>
    private static string? FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(version => (
                    Bin: Path.Combine(version, "bin"),
                    Version: decimal.TryParse(Path.GetFileName(version), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0m))
                .Where(x => File.Exists(Path.Combine(x.Bin, "initdb")) && File.Exists(Path.Combine(x.Bin, "postgres")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Bin)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        // Resolved: PATH often holds only symlinks to a few of the tools (initdb, pg_ctl, postgres).
        var initdb = Binaries.FindOnPath("initdb");
        return initdb is null ? null : Path.GetDirectoryName(Binaries.RealPath(initdb));
    }

    /// <summary>
    /// A killed postmaster lingers (a zombie until reaped) for a moment, and a new one refuses to start while the pid in
    /// postmaster.pid exists: wait until it is gone.
    /// </summary>
    protected override async Task AfterKillAsync()
    {
        var pidFile = Path.Combine(DataDirectory!, "data", "postmaster.pid");
        var pid = File.Exists(pidFile) ? File.ReadLines(pidFile).FirstOrDefault() : null;
        for (var waited = 0; pid is not null && Directory.Exists("/proc/" + pid) && waited < 100; waited++)
        {
            await Task.Delay(100);
        }
    }

    protected override async Task StopLocalInOrderAsync()
    {
        if (_binDirectory is not null && DataDirectory is not null)
        {
            // Fast shutdown: sessions are ended, the data stays; unlike SIGKILL it removes the shared memory segment.
            var (pgCtl, args) = AsServerUser(
                Path.Combine(_binDirectory, "pg_ctl"),
                "stop", "-D", Path.Combine(DataDirectory, "data"), "-m", "fast", "-w", "-t", "10");
            await ProcessRunner.RunAsync(pgCtl, args, TimeSpan.FromSeconds(15), workingDirectory: DataDirectory);
        }
    }
}
