using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Mit.Platform.AllInOne;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Identity.Api;
using Mit.Platform.Identity.Domain;
using Mit.Platform.Testing;

namespace Mit.Platform.ServiceTests;

/// <summary>
/// The all-in-one platform in this test process: real Kestrel on loopback, every call through the gateway over
/// real gRPC, in-memory bus, SQLite files in a temporary folder. Tokens come from the running identity service
/// (password grant, which exists in Development only); its signing key is generated here so the token-variant
/// tests can also forge what an attacker could.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mit-service-tests-" + Guid.NewGuid().ToString("n"));
    private DemoTokens? _tokens;
    private AllInOneHost? _host;
    private GrpcChannel? _channel;
    private HttpClient? _web;
    private readonly IDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public PlatformFixture()
        : this(new Dictionary<string, string?>(), null)
    {
    }

    /// <summary>The same platform with more settings (e.g. PostgreSQL stores) and test services (e.g. a fault in a store). Internal: xunit wants one public constructor.</summary>
    internal PlatformFixture(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices)
    {
        _settings = settings;
        _configureServices = configureServices;
    }

    public const string ServiceClientId = "test-service";

    /// <summary>Low, so the cap test reaches it quickly.</summary>
    public const int MaxPendingDeviceCodes = 10;
    public string ServiceClientSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Error-level log entries of the services and identity, so tests can check a client's mistake is not one.</summary>
    public ErrorLog Errors { get; } = new();

    public RSA SigningKey { get; } = RSA.Create(2048);
    public RSA RotatedOutKey { get; } = RSA.Create(2048);
    public AllInOneHost Host => _host!;
    public GrpcChannel Channel => _channel!;
    public HttpClient Web => _web!;
    public string Issuer => Host.WebAddress.ToString();

    public async Task InitializeAsync()
    {
        _host = await AllInOneHost.StartAsync([], new Dictionary<string, string?>
        {
            ["Environment"] = "Development",
            ["AllInOne:DataDirectory"] = _dataDirectory,
            ["Gateway:Port"] = "0",
            ["Gateway:WebPort"] = "0",
            ["Identity:SigningKeys:0"] = SigningKey.ExportPkcs8PrivateKeyPem(),
            // A second, older key still published during a rotation.
            ["Identity:SigningKeys:1"] = RotatedOutKey.ExportPkcs8PrivateKeyPem(),
            [$"Identity:ServiceClients:{ServiceClientId}:Secret"] = ServiceClientSecret,
            [$"Identity:ServiceClients:{ServiceClientId}:Scopes:0"] = "advice-requests",
            [$"Identity:ServiceClients:{ServiceClientId}:Scopes:1"] = "committees",
            [$"Identity:ServiceClients:{ServiceClientId}:Scopes:2"] = "publication",
            // The tests read the public record often from one address; PublicRecordsRateLimitTests checks the limit.
            ["Gateway:PublicRateLimit:PermitsPerMinute"] = "1000000",
            ["Gateway:IdentityRateLimit:PermitsPerMinute"] = "1000000",
            ["Identity:MaxPendingDeviceCodes"] = MaxPendingDeviceCodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Identity:ServiceClients:{ServiceClientId}:Scopes:3"] = "briefings",
            ["Logging:LogLevel:Default"] = "Warning",
        }.Concat(_settings).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value), services =>
        {
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Errors);
            _configureServices?.Invoke(services);
        });
        _channel = GrpcChannel.ForAddress(_host.GatewayAddress, new GrpcChannelOptions { MaxSendMessageSize = null });
        _web = new HttpClient { BaseAddress = _host.WebAddress };
        await using var scope = _host.IdentityServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Users>();
        foreach (var extra in Persona.TestOnly)
        {
            await users.AddAsync(PlatformUser.Create(extra.UserName, extra.UserName, extra.Organisation, extra.Roles), DemoPersonas.Password, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        _web?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>A real access token for the persona, from the identity service (cached per persona and scope).</summary>
    public string Token(Persona persona, string scope = "advice-requests committees") =>
        (_tokens ??= new DemoTokens(Web)).GetAsync(persona.UserName, scope).GetAwaiter().GetResult();

    public async Task<TokenResponse> RequestToken(IDictionary<string, string> form)
    {
        using var response = await Web.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>() ?? new TokenResponse();
        body.Status = (int)response.StatusCode;
        return body;
    }

    /// <summary>Signs arbitrary claims with the identity service's own key (or another), as an attacker with that key could.</summary>
    public string Forge(IDictionary<string, object> claims, string type = "at+jwt", RSA? key = null, DateTime? expires = null, DateTime? notBefore = null)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var rsa = key ?? SigningKey;
        var securityKey = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            TokenType = type,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = DateTime.UtcNow.AddMinutes(-1),
            SigningCredentials = new SigningCredentials(securityKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public CallInvoker Invoker(string? token) => Invoker(Channel, token);

    public static CallInvoker Invoker(GrpcChannel channel, string? token) => channel.Intercept(metadata =>
    {
        if (token is not null)
        {
            metadata.Add("authorization", $"Bearer {token}");
        }
        return metadata;
    });

    public V1.AdviceRequests.AdviceRequestsClient Requests(Persona persona) => new(Invoker(Token(persona)));

    public V1.CommitteeDesks.CommitteeDesksClient Desks(Persona persona) => new(Invoker(Token(persona)));

    public V1.Publication.PublicationClient Publication(Persona persona) => new(Invoker(Token(persona, "publication")));

    /// <summary>The public record without a token, as anyone on the internet.</summary>
    public V1.PublicRecords.PublicRecordsClient Public => new(Invoker(null));
    /// <summary>The Briefings API as a persona (by user name), with a token for the briefings audience.</summary>
    public V1.Briefings.BriefingsClient Briefings(string userName) => new(Invoker(Token(Persona.SzwRequester with { UserName = userName }, "briefings")));
}

public sealed class TokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("id_token")] public string? IdentityToken { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonIgnore] public int Status { get; set; }
}

/// <summary>Who a test calls as: the Development demo personas, plus a few users only the tests add.</summary>
public sealed record Persona(string UserName, string Organisation, params string[] Roles)
{
    public static readonly Persona SzwRequester = new("szw-requester", "SZW", PlatformRoles.Requester);
    public static readonly Persona VwsRequester = new("vws-requester", "VWS", PlatformRoles.Requester);
    public static readonly Persona MitSecretariat = new("mit-secretariat", "SCP", PlatformRoles.MitSecretariat);
    public static readonly Persona OmtSecretary = new("omt-secretary", "RIVM", PlatformRoles.OmtSecretary);
    public static readonly Persona MitMember = new("mit-member", "SCP", PlatformRoles.MitMember);
    public static readonly Persona MitExpert = new("mit-expert", "CPB", PlatformRoles.MitExpertMember);
    public static readonly Persona OmtMember = new("omt-member", "RIVM", PlatformRoles.OmtMember);
    public static readonly Persona MitChair = new("mit-chair", "SCP", PlatformRoles.MitChair);
    public static readonly Persona OmtChair = new("omt-chair", "RIVM", PlatformRoles.OmtChair);
    public static readonly Persona SzwMinister = new("szw-minister", "SZW", PlatformRoles.SzwMinister);
    public static readonly Persona SgSzw = new("sg-szw", "SZW", PlatformRoles.SecretaryGeneralSzw);
    public static readonly Persona Cpo = new("cpo", "SCP", PlatformRoles.StandbyCoordinator);
    public static readonly Persona Operator = new("operator", "PLATFORM", PlatformRoles.Operator);
    public static readonly Persona SzwColleague = new("szw-colleague", "SZW", PlatformRoles.Requester);
    public static readonly Persona RivmRequester = new("rivm-requester", "RIVM", PlatformRoles.Requester);

    /// <summary>Holds the MIT member role but no seat on the MIT: a role alone must open nothing.</summary>
    public static readonly Persona MitUnseated = new("mit-unseated", "SCP", PlatformRoles.MitMember);

    /// <summary>MIT secretariat role; seated and unseated by the Briefings membership test.</summary>
    public static readonly Persona MitAppointee = new("mit-appointee", "SCP", PlatformRoles.MitSecretariat);

    public static readonly IReadOnlyList<Persona> TestOnly = [SzwColleague, RivmRequester, MitUnseated, MitAppointee];
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
