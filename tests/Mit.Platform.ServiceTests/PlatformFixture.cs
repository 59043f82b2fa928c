using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mit.Platform.AllInOne;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.V1;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The all-in-one platform in this test process: real Kestrel on loopback, every call through the gateway over
/// real gRPC, in-memory bus, SQLite files in a temporary folder, a random signing key (Production environment).
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mit-service-tests-" + Guid.NewGuid().ToString("n"));
    private AllInOneHost? _host;
    private GrpcChannel? _channel;

    public AuthOptions Auth { get; } = new()
    {
        Issuer = "mit-platform",
        Audience = "mit-platform",
        SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
    };

    public AllInOneHost Host => _host!;
    public GrpcChannel Channel => _channel!;

    public async Task InitializeAsync()
    {
        _host = await AllInOneHost.StartAsync([], new Dictionary<string, string?>
        {
            ["Environment"] = "Production",
            ["AllInOne:DataDirectory"] = _dataDirectory,
            ["Auth:SigningKey"] = Auth.SigningKey,
            ["Gateway:Port"] = "0",
        });
        _channel = GrpcChannel.ForAddress(_host.GatewayAddress, new GrpcChannelOptions { MaxSendMessageSize = null });
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    public string Token(Persona persona, TimeSpan? lifetime = null, DateTimeOffset? now = null) =>
        TokenMinter.Mint(Auth, persona.Subject, persona.Name, persona.Organisation, persona.Roles, lifetime ?? TimeSpan.FromMinutes(15), now);

    public CallInvoker Invoker(string? token) => Channel.Intercept(metadata =>
    {
        if (token is not null)
        {
            metadata.Add("authorization", $"Bearer {token}");
        }
        return metadata;
    });

    public V1.AdviceRequests.AdviceRequestsClient Requests(Persona persona) => new(Invoker(Token(persona)));

    public CommitteeDesks.CommitteeDesksClient Desks(Persona persona) => new(Invoker(Token(persona)));
}

public sealed record Persona(string Subject, string Name, string Organisation, params string[] Roles)
{
    public static readonly Persona SzwRequester = new("szw-1", "Policy officer SZW", "SZW", PlatformRoles.Requester);
    public static readonly Persona VwsRequester = new("vws-1", "Policy officer VWS", "VWS", PlatformRoles.Requester);
    public static readonly Persona SzwColleague = new("szw-2", "Second policy officer SZW", "SZW", PlatformRoles.Requester);
    public static readonly Persona MitSecretariat = new("mit-sec-1", "MIT secretariat", "SCP", PlatformRoles.MitSecretariat);
    public static readonly Persona OmtSecretary = new("omt-sec-1", "OMT secretary", "RIVM", PlatformRoles.OmtSecretary);
    public static readonly Persona MitMember = new("mit-member-1", "MIT member", "SCP", PlatformRoles.MitMember);
    public static readonly Persona Operator = new("operator-1", "Operator", "SZW", PlatformRoles.Operator);
    public static readonly Persona RivmRequester = new("rivm-1", "Requester-role at RIVM", "RIVM", PlatformRoles.Requester);
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
