using System.Globalization;
using DotNet.Testcontainers.Containers;
using Testcontainers.Redis;

namespace Mit.Platform.Testing;

/// <summary>
/// A real Redis server for tests (<see cref="TestServer"/>): the redis:7 container, or the OS redis-server in memory only.
/// A killed or stopped Redis starts again empty, as a Redis without persistence does.
/// </summary>
public sealed class RedisServer() : TestServer("redis", TimeSpan.FromSeconds(30))
{
    private const string Image = "redis:7-alpine";

    /// <summary>StackExchange.Redis configuration string ("host:port").</summary>
    public string ConnectionString => $"{Host}:{Port}";

    /// <summary>Starts a server by hand; dispose it to stop it.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        return server;
    }

    protected override IContainer BuildContainer(int hostPort) =>
        new RedisBuilder(Image).WithPortBinding(hostPort, RedisBuilder.RedisPort).Build();

    private protected override ServerProcess StartLocal(string dir)
    {
        var redis = Binaries.Find("redis-server", "/usr/bin/redis-server")
            ?? throw new InvalidOperationException(
                "redis-server not found: install it (apt-get install redis-server) or start a Docker engine for Testcontainers.");
        // In-memory only (no RDB/AOF), foreground so it stays our child and dies with the tree kill.
        return ServerProcess.Start(
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
    }

    protected override Task<bool> AnswersAsync(CancellationToken cancellationToken) => TcpProbe.RedisPingAsync(Host, Port, cancellationToken);
}
