using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mit.Platform.BuildingBlocks.Security;

namespace Mit.Platform.Testing;

/// <summary>
/// The distributed topology as processes on loopback: a real RabbitMQ and PostgreSQL (OS packages, or
/// Testcontainers when a Docker engine answers), then AdviceRequests, Committees and the gateway, each its own
/// process with its own database. Used by the system tests and the benchmarks.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly AuthOptions _auth = new()
    {
        Issuer = "mit-platform",
        Audience = "mit-platform",
        SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
    };

    private RabbitMqServer? _rabbit;
    private PostgresServer? _postgres;
    private GrpcChannel? _channel;

    private LoopbackCluster()
    {
    }

    public ServiceProcess AdviceRequests { get; private set; } = null!;
    public ServiceProcess Committees { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;
    public string AdviceRequestsDatabase { get; private set; } = "";
    public string CommitteesDatabase { get; private set; } = "";
    public RabbitMqServer Broker => _rabbit!;

    /// <summary>A channel to the gateway (h2c).</summary>
    public GrpcChannel Channel => _channel!;

    public static async Task<LoopbackCluster> StartAsync(string logLevel = "Warning")
    {
        var cluster = new LoopbackCluster();
        try
        {
            await cluster.InitializeAsync(logLevel);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(string logLevel)
    {
        var rabbit = RabbitMqServer.StartAsync();
        var postgres = PostgresServer.StartAsync();
        _rabbit = await rabbit;
        _postgres = await postgres;
        AdviceRequestsDatabase = await _postgres.CreateDatabaseAsync("advice_requests");
        CommitteesDatabase = await _postgres.CreateDatabaseAsync("committees");

        var common = new Dictionary<string, string>
        {
            ["Auth__Issuer"] = _auth.Issuer,
            ["Auth__Audience"] = _auth.Audience,
            ["Auth__SigningKey"] = _auth.SigningKey,
            ["Persistence__Provider"] = "Postgres",
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__Host"] = _rabbit.Host,
            ["Messaging__Port"] = _rabbit.Port.ToString(CultureInfo.InvariantCulture),
            ["Messaging__Username"] = _rabbit.Username,
            ["Messaging__Password"] = _rabbit.Password,
            ["Logging__LogLevel__Default"] = logLevel,
        };
        AdviceRequests = new ServiceProcess("advice-requests", "services/AdviceRequests",
            new Dictionary<string, string>(common) { ["ConnectionStrings__AdviceRequests"] = AdviceRequestsDatabase });
        Committees = new ServiceProcess("committees", "services/Committees",
            new Dictionary<string, string>(common) { ["ConnectionStrings__Committees"] = CommitteesDatabase });
        await Task.WhenAll(AdviceRequests.StartAsync(), Committees.StartAsync());
        Gateway = new ServiceProcess("gateway", "gateway", new Dictionary<string, string>(common)
        {
            ["Gateway__Services__AdviceRequests"] = AdviceRequests.Address.ToString(),
            ["Gateway__Services__Committees"] = Committees.Address.ToString(),
        });
        await Gateway.StartAsync();
        _channel = GrpcChannel.ForAddress(Gateway.Address);
    }

    /// <summary>Calls through the gateway as a caller with these claims (a token signed with the cluster's key).</summary>
    public CallInvoker As(string subject, string organisation, params string[] roles) => As(Channel, subject, organisation, roles);

    /// <summary>Calls through any channel (e.g. straight to a service) with such a token.</summary>
    public CallInvoker As(GrpcChannel channel, string subject, string organisation, params string[] roles)
    {
        var token = TokenMinter.Mint(_auth, subject, subject, organisation, roles, TimeSpan.FromMinutes(15));
        return channel.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {token}");
            return m;
        });
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        foreach (var service in new[] { Gateway, Committees, AdviceRequests })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
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
