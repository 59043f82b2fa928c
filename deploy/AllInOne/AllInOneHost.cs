using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mit.Platform.AdviceRequests;
using Mit.Platform.Briefings;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Committees;
using Mit.Platform.Gateway;
using Mit.Platform.Identity;
using Mit.Platform.Portal;
using Mit.Platform.Publication;

namespace Mit.Platform.AllInOne;

/// <summary>
/// Runs AdviceRequests, Committees, Briefings and Publication (one app, one in-memory bus, SQLite files), identity, the web portal
/// and the gateway (on the public ports) in one process. The gateway reaches the services over real gRPC on loopback; the portal is
/// served through the gateway's web port and calls the services through the gateway with the signed-in user's token.
/// Configuration: built-in defaults, then environment variables, then command-line arguments.
/// </summary>
public sealed class AllInOneHost : IAsyncDisposable
{
    public const int DefaultGatewayPort = 5080;
    public const int DefaultWebPort = 5081;

    private static readonly string GatewayForwardingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private static readonly string BriefingsClientSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly WebApplication[] _apps;

    private AllInOneHost(WebApplication identity, WebApplication services, WebApplication portal, WebApplication gateway, string dataDirectory, Uri webAddress)
    {
        _apps = [gateway, portal, services, identity];
        Portal = portal;
        Identity = identity;
        ServicesApp = services;
        Gateway = gateway;
        DataDirectory = dataDirectory;
        WebAddress = webAddress;
    }

    private WebApplication Identity { get; }
    private WebApplication ServicesApp { get; }
    private WebApplication Gateway { get; }
    private WebApplication Portal { get; }

    /// <summary>The portal's client secret at the identity service: generated at each start, like the service clients'.</summary>
    public static string PortalClientSecret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The web portal, as people open it: the gateway's web address.</summary>
    public Uri PortalAddress => WebAddress;

    /// <summary>gRPC (h2c) through the gateway.</summary>
    public Uri GatewayAddress => new(Gateway.Urls.First(u => new Uri(u).Port != WebAddress.Port));

    /// <summary>HTTP/1.1 through the gateway: sign-in, tokens (/connect/token), metadata. Also the token issuer.</summary>
    public Uri WebAddress { get; }

    public Uri ServicesAddress => new(ServicesApp.Urls.First());
    public Uri IdentityAddress => new(Identity.Urls.First());
    public string DataDirectory { get; }
    public IServiceProvider Services => ServicesApp.Services;
    public IServiceProvider IdentityServices => Identity.Services;
    public bool IsDevelopment => Identity.Environment.IsDevelopment();

    public static async Task<AllInOneHost> StartAsync(string[] args, IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null, CancellationToken ct = default)
    {
        var settings = Configure(new ConfigurationManager(), args, overrides, null);
        var environment = settings["Environment"] ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production;
        var dataDirectory = Path.GetFullPath(settings["AllInOne:DataDirectory"] ?? "data");
        Directory.CreateDirectory(dataDirectory);
        var bindAll = settings.GetValue("Gateway:ListenOnAllInterfaces", false);
        var grpcPort = settings.GetValue("Gateway:Port", DefaultGatewayPort);
        var webPort = settings.GetValue("Gateway:WebPort", DefaultWebPort);
        // The issuer is the gateway's web address, so it must be known before identity starts; the portal calls the gateway's
        // gRPC port and starts before it.
        webPort = webPort == 0 ? FreePort() : webPort;
        grpcPort = grpcPort == 0 ? FreePort() : grpcPort;
        var webAddress = new Uri($"http://127.0.0.1:{webPort}/");
        var defaults = new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["ConnectionStrings:AdviceRequests"] = $"Data Source={Path.Combine(dataDirectory, "advice-requests.db")};Default Timeout=30",
            ["ConnectionStrings:Committees"] = $"Data Source={Path.Combine(dataDirectory, "committees.db")};Default Timeout=30",
            ["ConnectionStrings:Publication"] = $"Data Source={Path.Combine(dataDirectory, "publication.db")};Default Timeout=30",
            ["ConnectionStrings:Briefings"] = $"Data Source={Path.Combine(dataDirectory, "briefings.db")};Default Timeout=30",
            // Development only: a generated key kept in the data folder (Production must configure Briefings:MasterKey).
            ["Briefings:MasterKeyFile"] = Path.Combine(dataDirectory, "briefings-master.key"),
            // Briefings asks Committees (membership) and AdviceRequests with its own client credentials; a fresh secret each start.
            ["Identity:ServiceClients:briefings:Secret"] = BriefingsClientSecret,
            ["Identity:ServiceClients:briefings:Scopes:0"] = "committees",
            ["Identity:ServiceClients:briefings:Scopes:1"] = "advice-requests",
            ["Briefings:ClientSecret"] = BriefingsClientSecret,
            // Calls through the gateway carry it; a caller on the services' own loopback port meets the public limit there.
            [PublicRateLimit.ForwardingKeySetting] = GatewayForwardingKey,
            ["ConnectionStrings:Identity"] = $"Data Source={Path.Combine(dataDirectory, "identity.db")};Default Timeout=30",
            ["Messaging:Transport"] = "InMemory",
            ["Identity:Issuer"] = webAddress.ToString(),
            ["Identity:RequireHttps"] = "false",
            ["Identity:Portal:RedirectUris:0"] = new Uri(webAddress, "signin-oidc").ToString(),
            ["Identity:Portal:PostLogoutRedirectUris:0"] = new Uri(webAddress, "signout-callback-oidc").ToString(),
            ["Identity:Portal:ClientSecret"] = PortalClientSecret,
            ["Portal:ClientSecret"] = PortalClientSecret,
            ["Portal:Gateway"] = $"http://127.0.0.1:{grpcPort}",
            ["Portal:RequireHttpsMetadata"] = "false",
            ["Portal:KeysDirectory"] = Path.Combine(dataDirectory, "portal-keys"),
            ["Auth:Issuer"] = webAddress.ToString(),
            // The Atom feed's links: the gateway's web address, not whatever Host header a caller sends.
            ["Publication:PublicBaseAddress"] = webAddress.ToString(),
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Warning",
            ["Logging:LogLevel:OpenIddict"] = "Warning",
        };

        var started = new List<WebApplication>();
        try
        {
            // Identity, the services and the portal start side by side (their migrations and seeding overlap); only the
            // gateway needs their addresses. Identity's port is chosen first because the services need it as their authority.
            var identityPort = FreePort();
            var identity = Builder(args, environment, overrides, defaults);
            defaults["Auth:Authority"] = $"http://127.0.0.1:{identityPort}";
            identity.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, identityPort, l => l.Protocols = HttpProtocols.Http1));
            configureServices?.Invoke(identity.Services);
            identity.AddIdentityServer();
            var identityApp = identity.Build();
            identityApp.MapIdentityServer();

            var services = Builder(args, environment, overrides, defaults);
            services.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
            configureServices?.Invoke(services.Services);
            services.AddPlatformDefaults();
            services.AddAdviceRequests();
            services.AddCommittees();
            services.AddPublication();
            services.AddBriefings();
            services.AddPlatformMessaging();
            var servicesApp = services.Build();
            servicesApp.MapPlatformDefaults();
            servicesApp.MapAdviceRequests();
            servicesApp.MapCommittees();
            servicesApp.MapPublication();
            servicesApp.MapBriefings();

            // Named as the portal project, so its static web assets (CSS, Blazor's script) are found from this host too.
            var portal = Builder(args, environment, overrides, defaults, typeof(PortalModule).Assembly.GetName().Name);
            portal.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
            portal.WebHost.UseStaticWebAssets();
            configureServices?.Invoke(portal.Services);
            portal.AddPortal();
            var portalApp = portal.Build();
            portalApp.MapPortal();

            // Each app is stopped on failure only once its start completed; one that failed to start has nothing to stop.
            var starts = new[] { identityApp, servicesApp, portalApp }.Select(async app =>
            {
                await app.StartAsync(ct);
                lock (started)
                {
                    started.Add(app);
                }
            }).ToList();
            await Task.WhenAll(starts);

            defaults["Gateway:Services:Portal"] = portalApp.Urls.First();
            defaults["Gateway:Services:AdviceRequests"] = servicesApp.Urls.First();
            defaults["Gateway:Services:Committees"] = servicesApp.Urls.First();
            defaults["Gateway:Services:Publication"] = servicesApp.Urls.First();
            defaults["Gateway:Services:Briefings"] = servicesApp.Urls.First();
            defaults["Gateway:Services:Identity"] = identityApp.Urls.First();
            var gateway = Builder(args, environment, overrides, defaults);
            gateway.WebHost.ConfigureKestrel(k =>
            {
                var address = bindAll ? IPAddress.Any : IPAddress.Loopback;
                k.Listen(address, grpcPort, l => l.Protocols = HttpProtocols.Http2);
                k.Listen(address, webPort, l => l.Protocols = HttpProtocols.Http1);
            });
            gateway.AddGateway();
            var gatewayApp = gateway.Build();
            gatewayApp.MapGateway();
            await gatewayApp.StartAsync(ct);
            return new AllInOneHost(identityApp, servicesApp, portalApp, gatewayApp, dataDirectory, webAddress);
        }
        catch
        {
            foreach (var app in started)
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
            throw;
        }
    }

    public async Task WaitForShutdownAsync() => await Task.WhenAny(_apps.Select(a => a.WaitForShutdownAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync(CancellationToken.None);
        }
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static WebApplicationBuilder Builder(string[] args, string environment, IDictionary<string, string?>? overrides, IDictionary<string, string?> defaults,
        string? applicationName = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = environment, ApplicationName = applicationName });
        Configure(builder.Configuration, args, overrides, defaults);
        return builder;
    }

    // The referenced service projects ship their own appsettings.json for standalone runs; the all-in-one ignores
    // those files and starts from its own defaults.
    private static ConfigurationManager Configure(ConfigurationManager configuration, string[] args,
        IDictionary<string, string?>? overrides, IDictionary<string, string?>? defaults)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(defaults ?? new Dictionary<string, string?>());
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }
        return configuration;
    }
}
