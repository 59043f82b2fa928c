using System.Globalization;
using Testcontainers.Redis;
using Xunit;

namespace Mit.Platform.Testing;

/// <summary>
/// A real Redis server for tests: a Testcontainers container when a Docker engine answers,
/// otherwise the OS redis-server on a free loopback port with a private working directory.
/// Use as a class/collection fixture, or by hand with <see cref="StartAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IAsyncDisposable
{
    private const string Image = "redis:7-alpine";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private RedisContainer? _container;
    private string? _directory;
    private ServerProcess? _server;

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>StackExchange.Redis configuration string ("host:port").</summary>
    public string ConnectionString => $"{Host}:{Port}";

    /// <summary>Starts a server by hand; dispose it to stop it.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        try
        {
            if (await DockerProbe.IsAvailableAsync())
            {
                await StartContainerAsync();
            }
            else
            {
                await StartLocalAsync();
            }
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: do not leave a half-started server behind.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            _container = null;
        }

        // Nothing to keep, so no orderly SHUTDOWN: killing is instant.
        _server?.Kill();
        _server = null;
        TempDirectory.Delete(_directory);
        _directory = null;
        ExitCleanup.Unregister(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private async Task StartContainerAsync()
    {
        _container = new RedisBuilder(Image).Build();
        await _container.StartAsync();
        Host = _container.Hostname;
        Port = _container.GetMappedPublicPort(RedisBuilder.RedisPort);
    }

    private async Task StartLocalAsync()
    {
        var redis = Binaries.Find("redis-server", "/usr/bin/redis-server")
            ?? throw new InvalidOperationException(
                "redis-server not found: install it (apt-get install redis-server) or start a Docker engine for Testcontainers.");

        var dir = _directory = TempDirectory.Create("mit-redis-");
        ExitCleanup.Register(this, () =>
        {
            _server?.Kill();
            TempDirectory.Delete(dir);
        });
        Port = FreePort.Next();

        // In-memory only (no RDB/AOF), foreground so it stays our child and dies with the tree kill.
        _server = ServerProcess.Start(
            "redis-server",
            redis,
            [
                "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--dir", dir,
                "--save", string.Empty,
                "--appendonly", "no",
                "--daemonize", "no",
            ],
            dir,
            Path.Combine(dir, "server.log"));
        await _server.WaitUntilReadyAsync(ct => TcpProbe.RedisPingAsync(Host, Port, ct), StartTimeout);
    }
}
