using System.Globalization;
using RabbitMQ.Client;
using Testcontainers.RabbitMq;
using DotNet.Testcontainers.Containers;

namespace Mit.Platform.Testing;

/// <summary>
/// A real RabbitMQ broker for tests (<see cref="TestServer"/>): the rabbitmq:3.13 container, or a private node of the OS
/// rabbitmq-server package on free loopback ports. A killed or stopped node starts again with its durable queues.
/// </summary>
public sealed class RabbitMqServer() : TestServer("rabbitmq", TimeSpan.FromSeconds(60))
{
    private const string Image = "rabbitmq:3.13-alpine";

    private ServerProcess? _epmd;
    private string? _rabbitmqctl;
    private string? _nodeName;
    private Dictionary<string, string>? _environment;
    private bool _inContainer;

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

    protected override IContainer BuildContainer(int hostPort)
    {
        // The image's guest user only works from inside the container, so use the image defaults.
        _inContainer = true;
        Username = "rabbitmq";
        Password = "rabbitmq";
        return new RabbitMqBuilder(Image).WithUsername(Username).WithPassword(Password)
            .WithPortBinding(hostPort, RabbitMqBuilder.RabbitMqPort).Build();
    }

    /// <summary>Queue names and their ready message counts, as an operator sees them with rabbitmqctl list_queues.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ListQueuesAsync()
    {
        var result = _inContainer
            ? await ProcessRunner.RunAsync(Binaries.FindOnPath("docker") ?? "docker",
                ["exec", ContainerId!, "rabbitmqctl", "list_queues", "-q", "--no-table-headers", "name", "messages_ready"], TimeSpan.FromSeconds(30))
            : await ProcessRunner.RunAsync(_rabbitmqctl!,
                ["-n", _nodeName!, "list_queues", "-q", "--no-table-headers", "name", "messages_ready"], TimeSpan.FromSeconds(30), _environment, DataDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl list_queues failed: {result.Output}");
        }
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 2 && long.TryParse(cells[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(cells => cells[0], cells => long.Parse(cells[1], CultureInfo.InvariantCulture));
    }

    protected override async Task PrepareLocalAsync(string dir)
    {
        // /usr/lib/rabbitmq/bin/rabbitmq-server runs the node as the calling user. The Debian/RPM
        // /usr/sbin/rabbitmq-server links to rabbitmq-script-wrapper, which switches to the rabbitmq user
        // and the system HOME/cookie: not usable here.
        var found = Binaries.Find("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server");
        var server = found is not null && Path.GetFileName(Binaries.RealPath(found)) == "rabbitmq-server"
            ? found
            : throw new InvalidOperationException(
                "rabbitmq-server not found: install it (apt-get install rabbitmq-server) or start a Docker engine for Testcontainers.");
        _server = server;
        _rabbitmqctl = Path.Combine(Path.GetDirectoryName(server)!, "rabbitmqctl");
        var epmd = Binaries.Find("epmd", "/usr/bin/epmd")
            ?? throw new InvalidOperationException(
                "epmd (Erlang) not found: install it (apt-get install rabbitmq-server erlang-base) or start a Docker engine for Testcontainers.");

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

        // A private epmd on its own port that outlives restarts of the node: the node is told not to start one of its own.
        _epmd = ServerProcess.Start(
            "epmd",
            epmd,
            ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"],
            dir,
            Path.Combine(dir, "epmd.log"));
        await _epmd.WaitUntilReadyAsync(ct => TcpProbe.CanConnectAsync(epmdPort, ct), TimeSpan.FromSeconds(10));
    }

    private string? _server;

    private protected override ServerProcess StartLocal(string dir) =>
        ServerProcess.Start("rabbitmq-server", _server!, [], dir, Path.Combine(dir, "server.log"), _environment);

    protected override async Task<bool> AnswersAsync(CancellationToken cancellationToken)
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

    protected override async Task StopLocalInOrderAsync()
    {
        if (_rabbitmqctl is not null && _nodeName is not null)
        {
            await ProcessRunner.RunAsync(
                _rabbitmqctl, ["-n", _nodeName, "stop"], TimeSpan.FromSeconds(15), _environment, DataDirectory);
        }
    }

    protected override void ReleaseLocal()
    {
        _epmd?.Kill();
        _epmd = null;
    }
}
