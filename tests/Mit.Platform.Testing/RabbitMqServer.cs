using System.Diagnostics;
using System.Globalization;
using RabbitMQ.Client;
using Testcontainers.RabbitMq;
using Xunit;

namespace Mit.Platform.Testing;

/// <summary>
/// A real RabbitMQ broker for tests: a Testcontainers container when a Docker engine answers,
/// otherwise a private node of the OS rabbitmq-server package on free loopback ports.
/// Use as a class/collection fixture, or by hand with <see cref="StartAsync"/>.
/// </summary>
public sealed class RabbitMqServer : IAsyncLifetime, IAsyncDisposable
{
    private const string Image = "rabbitmq:3.13-alpine";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private RabbitMqContainer? _container;
    private string? _dataDirectory;
    private ServerProcess? _epmd;
    private ServerProcess? _server;
    private string? _rabbitmqctl;
    private string? _nodeName;
    private Dictionary<string, string>? _environment;

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    public string Username { get; private set; } = "guest";

    public string Password { get; private set; } = "guest";

    public string VirtualHost { get; } = "/";

    /// <summary>amqp://user:pass@host:port/ (the trailing slash means the default virtual host "/").</summary>
    public Uri AmqpUri => new($"amqp://{Uri.EscapeDataString(Username)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/");

    /// <summary>Starts a broker by hand; dispose it to stop it.</summary>
    public static async Task<RabbitMqServer> StartAsync()
    {
        var server = new RabbitMqServer();
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
            // xunit does not dispose a fixture whose start failed: do not leave a half-started node behind.
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

        await StopLocalAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private async Task StartContainerAsync()
    {
        // The image's guest user only works from inside the container, so use the image defaults.
        _container = new RabbitMqBuilder(Image).WithUsername("rabbitmq").WithPassword("rabbitmq").Build();
        await _container.StartAsync();
        Host = _container.Hostname;
        Port = _container.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort);
        Username = "rabbitmq";
        Password = "rabbitmq";
    }

    private async Task StartLocalAsync()
    {
        // /usr/lib/rabbitmq/bin/rabbitmq-server runs the node as the calling user. The Debian/RPM
        // /usr/sbin/rabbitmq-server links to rabbitmq-script-wrapper, which switches to the rabbitmq user
        // and the system HOME/cookie: not usable here.
        var found = Binaries.Find("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server");
        var server = found is not null && Path.GetFileName(Binaries.RealPath(found)) == "rabbitmq-server"
            ? found
            : throw new InvalidOperationException(
                "rabbitmq-server not found: install it (apt-get install rabbitmq-server) or start a Docker engine for Testcontainers.");
        _rabbitmqctl = Path.Combine(Path.GetDirectoryName(server)!, "rabbitmqctl");
        var epmd = Binaries.Find("epmd", "/usr/bin/epmd")
            ?? throw new InvalidOperationException(
                "epmd (Erlang) not found: install it (apt-get install rabbitmq-server erlang-base) or start a Docker engine for Testcontainers.");

        var dir = _dataDirectory = TempDirectory.Create("mit-rabbitmq-");
        ExitCleanup.Register(this, KillLocal);
        Port = FreePort.Next();
        var distPort = FreePort.Next();
        var epmdPort = FreePort.Next();
        _nodeName = $"mittest-{Guid.NewGuid().ToString("N")[..12]}@localhost";

        // No plugins: the management plugin would bind 15672 and collide with other nodes.
        var pluginsFile = Path.Combine(dir, "enabled_plugins");
        await File.WriteAllTextAsync(pluginsFile, "[].");
        // Own (empty) config and env files so /etc/rabbitmq/* of a system broker is never read.
        var configFile = Path.Combine(dir, "rabbitmq.conf");
        await File.WriteAllTextAsync(configFile, "# test node: defaults only\n");
        var envFile = Path.Combine(dir, "rabbitmq-env.conf");
        await File.WriteAllTextAsync(envFile, string.Empty);

        _environment = new Dictionary<string, string>
        {
            // The Erlang cookie is read from/created in HOME; rabbitmqctl must see the same one.
            ["HOME"] = dir,
            // A private epmd on its own port: a shared one on 4369 would outlive the test run.
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            // Every erl started here (node, its epmd-starter, rabbitmqctl) uses that epmd instead of
            // spawning `epmd -daemon` processes that would outlive us.
            ["ERL_FLAGS"] = "-start_epmd false",
            ["RABBITMQ_NODENAME"] = _nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_MNESIA_DIR"] = Path.Combine(dir, "mnesia", "node"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            // Broker log to stdout, so it lands in server.log and in startup error messages.
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(dir, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = envFile,
            // Keep Erlang distribution on loopback too.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };

        var clock = Stopwatch.StartNew();
        _epmd = ServerProcess.Start(
            "epmd",
            epmd,
            ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"],
            dir,
            Path.Combine(dir, "epmd.log"));
        // The node must find our epmd up: it is told not to start one of its own.
        await _epmd.WaitUntilReadyAsync(ct => TcpProbe.CanConnectAsync(epmdPort, ct), TimeSpan.FromSeconds(10));

        _server = ServerProcess.Start(
            "rabbitmq-server", server, [], dir, Path.Combine(dir, "server.log"), _environment);
        await _server.WaitUntilReadyAsync(CanOpenAmqpConnectionAsync, StartTimeout - clock.Elapsed);
    }

    private async Task<bool> CanOpenAmqpConnectionAsync(CancellationToken cancellationToken)
    {
        // A real AMQP connection (handshake + login), not just an open port.
        var factory = new ConnectionFactory
        {
            HostName = Host,
            Port = Port,
            UserName = Username,
            Password = Password,
            VirtualHost = VirtualHost,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await connection.CloseAsync(cancellationToken);
        return true;
    }

    private async Task StopLocalAsync()
    {
        if (_server is not null && !_server.HasExited && _rabbitmqctl is not null && _nodeName is not null)
        {
            // Orderly stop first; bounded so disposal never hangs, the kill below is the fallback.
            await ProcessRunner.RunAsync(
                _rabbitmqctl, ["-n", _nodeName, "stop"], TimeSpan.FromSeconds(15), _environment, _dataDirectory);
            await _server.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        KillLocal();
        ExitCleanup.Unregister(this);
    }

    private void KillLocal()
    {
        _server?.Kill();
        _server = null;
        _epmd?.Kill();
        _epmd = null;
        TempDirectory.Delete(_dataDirectory);
        _dataDirectory = null;
    }
}
