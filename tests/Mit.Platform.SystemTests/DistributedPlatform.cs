using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Testing;

namespace Mit.Platform.SystemTests;

/// <summary>
/// The distributed topology on loopback: a real RabbitMQ and PostgreSQL (OS packages, or Testcontainers when a
/// Docker engine answers), and AdviceRequests, Committees and the gateway as separate processes.
/// </summary>
public sealed class DistributedPlatform : IAsyncLifetime
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

    public ServiceProcess AdviceRequests { get; private set; } = null!;
    public ServiceProcess Committees { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;
    public string AdviceRequestsDatabase { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var rabbit = RabbitMqServer.StartAsync();
        var postgres = PostgresServer.StartAsync();
        _rabbit = await rabbit;
        _postgres = await postgres;
        AdviceRequestsDatabase = await _postgres.CreateDatabaseAsync("advice_requests");
        var committeesDatabase = await _postgres.CreateDatabaseAsync("committees");

        var common = new Dictionary<string, string>
        {
            ["Auth__Issuer"] = _auth.Issuer,
            ["Auth__Audience"] = _auth.Audience,
            ["Auth__SigningKey"] = _auth.SigningKey,
            ["Persistence__Provider"] = "Postgres",
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__Host"] = _rabbit.Host,
            ["Messaging__Port"] = _rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging__Username"] = _rabbit.Username,
            ["Messaging__Password"] = _rabbit.Password,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        AdviceRequests = new ServiceProcess("advice-requests", "services/AdviceRequests",
            new Dictionary<string, string>(common) { ["ConnectionStrings__AdviceRequests"] = AdviceRequestsDatabase });
        Committees = new ServiceProcess("committees", "services/Committees",
            new Dictionary<string, string>(common) { ["ConnectionStrings__Committees"] = committeesDatabase });
        await Task.WhenAll(AdviceRequests.StartAsync(), Committees.StartAsync());
        Gateway = new ServiceProcess("gateway", "gateway", new Dictionary<string, string>(common)
        {
            ["Gateway__Services__AdviceRequests"] = AdviceRequests.Address.ToString(),
            ["Gateway__Services__Committees"] = Committees.Address.ToString(),
        });
        await Gateway.StartAsync();
        _channel = GrpcChannel.ForAddress(Gateway.Address);
    }

    public async Task DisposeAsync()
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

    public CallInvoker As(string subject, string organisation, params string[] roles)
    {
        var token = TokenMinter.Mint(_auth, subject, subject, organisation, roles, TimeSpan.FromMinutes(15));
        return _channel!.Intercept(m =>
        {
            m.Add("authorization", $"Bearer {token}");
            return m;
        });
    }

    public V1.AdviceRequests.AdviceRequestsClient Szw => new(As("szw-sys", "SZW", PlatformRoles.Requester));
    public V1.AdviceRequests.AdviceRequestsClient Vws => new(As("vws-sys", "VWS", PlatformRoles.Requester));
    public V1.CommitteeDesks.CommitteeDesksClient MitDesk => new(As("mit-sec-sys", "SCP", PlatformRoles.MitSecretariat));
    public V1.CommitteeDesks.CommitteeDesksClient OmtDesk => new(As("omt-sec-sys", "RIVM", PlatformRoles.OmtSecretary));
}

[CollectionDefinition(Name)]
public sealed class DistributedCollection : ICollectionFixture<DistributedPlatform>
{
    public const string Name = "distributed";
}
