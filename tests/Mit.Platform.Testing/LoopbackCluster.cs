using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Mit.Platform.Testing;

/// <summary>
/// The distributed topology as processes on loopback: a real RabbitMQ and PostgreSQL (OS packages, or
/// Testcontainers when a Docker engine answers), then AdviceRequests, Committees, Publication and the gateway, each its own
/// process with its own database. Used by the system tests and the benchmarks.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    /// <summary>The Development password of the demo personas (the identity process runs in Development for them).</summary>
    public const string DemoPassword = DemoTokens.Password;

    private DemoTokens? _tokens;
    private RabbitMqServer? _rabbit;
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private GrpcChannel? _channel;
    private HttpClient? _web;

    private LoopbackCluster()
    {
    }

    public ServiceProcess Identity { get; private set; } = null!;
    /// <summary>The first replica of each service.</summary>
    public ServiceProcess AdviceRequests => AdviceRequestsReplicas[0];
    public ServiceProcess Committees => CommitteesReplicas[0];
    public ServiceProcess Briefings => BriefingsReplicas[0];
    public IReadOnlyList<ServiceProcess> AdviceRequestsReplicas { get; private set; } = [];
    public IReadOnlyList<ServiceProcess> CommitteesReplicas { get; private set; } = [];
    public IReadOnlyList<ServiceProcess> BriefingsReplicas { get; private set; } = [];
    public string BriefingsDatabase { get; private set; } = "";
    public PostgresServer Postgres => _postgres!;
    /// <summary>The master key the Briefings replicas share (base64, 32 bytes).</summary>
    public string BriefingsMasterKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly string _briefingsSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly string _forwardingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly string _portalSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public RedisServer Redis => _redis!;
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The web portal; people open it at <see cref="WebAddress"/> (through the gateway).</summary>
    public ServiceProcess Portal { get; private set; } = null!;
    public string AdviceRequestsDatabase { get; private set; } = "";
    public string CommitteesDatabase { get; private set; } = "";
    public ServiceProcess Publication { get; private set; } = null!;
    public string PublicationDatabase { get; private set; } = "";

    /// <summary>The gateway's HTTP/1.1 address: sign-in and tokens; also the token issuer.</summary>
    public Uri WebAddress { get; private set; } = null!;
    public RabbitMqServer Broker => _rabbit!;

    /// <summary>A channel to the gateway (h2c).</summary>
    public GrpcChannel Channel => _channel!;

    /// <param name="logLevel">The services' default log level.</param>
    /// <param name="replicas">How many processes of AdviceRequests, Committees and Briefings run behind the gateway.</param>
    /// <param name="briefingsReplicas">How many Briefings processes, when not <paramref name="replicas"/>.</param>
    public static async Task<LoopbackCluster> StartAsync(string logLevel = "Warning", int replicas = 1, int? briefingsReplicas = null)
    {
        var cluster = new LoopbackCluster();
        try
        {
            await cluster.InitializeAsync(logLevel, replicas, briefingsReplicas ?? replicas);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(string logLevel, int replicas, int briefingsReplicas)
    {
        var rabbit = RabbitMqServer.StartAsync();
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        _rabbit = await rabbit;
        _postgres = await postgres;
        _redis = await redis;
        AdviceRequestsDatabase = await _postgres.CreateDatabaseAsync("advice_requests");
        CommitteesDatabase = await _postgres.CreateDatabaseAsync("committees");
        PublicationDatabase = await _postgres.CreateDatabaseAsync("publication");
        BriefingsDatabase = await _postgres.CreateDatabaseAsync("briefings");
        var identityDatabase = await _postgres.CreateDatabaseAsync("identity");
        var gatewayPort = FreePort.Next();
        var webPort = FreePort.Next();
        WebAddress = new Uri($"http://127.0.0.1:{webPort}/");

        // Identity runs in Development: demo personas and the password grant, with ephemeral keys.
        Identity = new ServiceProcess("identity", "services/Identity", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Persistence__Provider"] = "Postgres",
            ["ConnectionStrings__Identity"] = identityDatabase,
            ["Identity__Issuer"] = WebAddress.ToString(),
            ["Identity__RequireHttps"] = "false",
            ["Identity__ServiceClients__briefings__Secret"] = _briefingsSecret,
            ["Identity__ServiceClients__briefings__Scopes__0"] = "committees",
            ["Identity__ServiceClients__briefings__Scopes__1"] = "advice-requests",
            ["Identity__Portal__ClientSecret"] = _portalSecret,
            ["Identity__Portal__RedirectUris__0"] = new Uri(WebAddress, "signin-oidc").ToString(),
            ["Identity__Portal__PostLogoutRedirectUris__0"] = new Uri(WebAddress, "signout-callback-oidc").ToString(),
            ["Logging__LogLevel__Default"] = logLevel,
        }, http2: false);
        await Identity.StartAsync();

        var common = new Dictionary<string, string>
        {
            ["Auth__Issuer"] = WebAddress.ToString(),
            ["Auth__Authority"] = Identity.Address.ToString(),
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Persistence__Provider"] = "Postgres",
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__Host"] = _rabbit.Host,
            ["Messaging__Port"] = _rabbit.Port.ToString(CultureInfo.InvariantCulture),
            ["Messaging__Username"] = _rabbit.Username,
            ["Messaging__Password"] = _rabbit.Password,
            ["Redis__ConnectionString"] = _redis.ConnectionString,
            // The gateway's calls carry it, so the services do not count them again against the public limit.
            ["Gateway__ForwardingKey"] = _forwardingKey,
            ["Logging__LogLevel__Default"] = logLevel,
        };
        AdviceRequestsReplicas = Enumerable.Range(1, replicas).Select(i => new ServiceProcess($"advice-requests-{i}", "services/AdviceRequests",
            new Dictionary<string, string>(common) { ["ConnectionStrings__AdviceRequests"] = AdviceRequestsDatabase })).ToList();
        CommitteesReplicas = Enumerable.Range(1, replicas).Select(i => new ServiceProcess($"committees-{i}", "services/Committees",
            new Dictionary<string, string>(common)
            {
                ["ConnectionStrings__Committees"] = CommitteesDatabase,
                // The demo MIT and OMT seat the identity process's demo personas.
                ["Committees__SeedDemoComposition"] = "true",
            })).ToList();
        Publication = new ServiceProcess("publication", "services/Publication",
            new Dictionary<string, string>(common) { ["ConnectionStrings__Publication"] = PublicationDatabase });
        // Briefings asks Committees and AdviceRequests through the gateway, with its own client credentials.
        BriefingsReplicas = Enumerable.Range(1, briefingsReplicas).Select(i => new ServiceProcess($"briefings-{i}", "services/Briefings",
            new Dictionary<string, string>(common)
            {
                ["ConnectionStrings__Briefings"] = BriefingsDatabase,
                ["Briefings__MasterKey"] = BriefingsMasterKey,
                ["Briefings__ClientSecret"] = _briefingsSecret,
                ["Briefings__CommitteesAddress"] = $"http://127.0.0.1:{gatewayPort}",
                ["Briefings__AdviceRequestsAddress"] = $"http://127.0.0.1:{gatewayPort}",
            })).ToList();
        // The first replicas create the schemas; the others start after them.
        await Task.WhenAll(AdviceRequests.StartAsync(), Committees.StartAsync(), Publication.StartAsync(), Briefings.StartAsync());
        await Task.WhenAll(AdviceRequestsReplicas.Skip(1).Concat(CommitteesReplicas.Skip(1)).Concat(BriefingsReplicas.Skip(1)).Select(r => r.StartAsync()));
        // The portal, served through the gateway's web address like in the compose file. Development: its static files
        // are read from the source tree (a published image carries them itself).
        Portal = new ServiceProcess("portal", "portal", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Portal__Authority"] = WebAddress.ToString(),
            ["Portal__RequireHttpsMetadata"] = "false",
            ["Portal__ClientSecret"] = _portalSecret,
            ["Portal__Gateway"] = $"http://127.0.0.1:{gatewayPort}",
            ["Logging__LogLevel__Default"] = logLevel,
        }, http2: false);
        await Portal.StartAsync();
        Gateway = new ServiceProcess("gateway", "gateway", new Dictionary<string, string>(common)
        {
            ["Gateway__Services__Portal"] = Portal.Address.ToString(),
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{gatewayPort}",
            ["Kestrel__Endpoints__Web__Url"] = WebAddress.ToString(),
            ["Gateway__Services__AdviceRequests"] = string.Join(';', AdviceRequestsReplicas.Select(r => r.Address)),
            ["Gateway__Services__Committees"] = string.Join(';', CommitteesReplicas.Select(r => r.Address)),
            ["Gateway__Services__Publication"] = Publication.Address.ToString(),
            ["Gateway__Services__Briefings"] = string.Join(';', BriefingsReplicas.Select(r => r.Address)),
            ["Gateway__Services__Identity"] = Identity.Address.ToString(),
        }, gatewayPort);
        await Gateway.StartAsync();
        _channel = GrpcChannel.ForAddress(Gateway.Address);
        _web = new HttpClient { BaseAddress = WebAddress };
        _tokens = new DemoTokens(_web);
    }

    /// <summary>A real access token for a demo persona (password grant through the gateway), cached.</summary>
    public Task<string> TokenAsync(string persona, string scope = "advice-requests committees publication") => _tokens!.GetAsync(persona, scope);

    /// <summary>Calls through the gateway as a demo persona (e.g. "szw-requester", "mit-secretariat").</summary>
    public CallInvoker As(string persona) => As(Channel, persona);

    /// <summary>Calls through any channel (e.g. straight to a service) as a demo persona.</summary>
    public CallInvoker As(GrpcChannel channel, string persona)
    {
        var token = TokenAsync(persona).GetAwaiter().GetResult();
        return channel.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {token}");
            return m;
        });
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        _web?.Dispose();
        foreach (var service in new[] { Gateway, Portal, Publication }.Concat(BriefingsReplicas).Concat(CommitteesReplicas).Concat(AdviceRequestsReplicas).Append(Identity))
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
