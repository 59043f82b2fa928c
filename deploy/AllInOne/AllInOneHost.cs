using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mit.Platform.AdviceRequests;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Messaging;
using Mit.Platform.Committees;
using Mit.Platform.Gateway;

namespace Mit.Platform.AllInOne;

/// <summary>
/// Runs AdviceRequests and Committees (one app, one in-memory bus, SQLite files) and the gateway (a second app on
/// the public port) in one process. The gateway reaches the services over real gRPC on loopback.
/// Configuration: built-in defaults, then environment variables, then command-line arguments.
/// </summary>
public sealed class AllInOneHost : IAsyncDisposable
{
    public const int DefaultGatewayPort = 5080;

    private readonly WebApplication _services;
    private readonly WebApplication _gateway;

    private AllInOneHost(WebApplication services, WebApplication gateway, string dataDirectory)
    {
        _services = services;
        _gateway = gateway;
        DataDirectory = dataDirectory;
    }

    public Uri GatewayAddress => new(_gateway.Urls.First());
    public Uri ServicesAddress => new(_services.Urls.First());
    public string DataDirectory { get; }
    public IServiceProvider Services => _services.Services;

    public static async Task<AllInOneHost> StartAsync(string[] args, IDictionary<string, string?>? overrides = null, CancellationToken ct = default)
    {
        var settings = Configure(new ConfigurationManager(), args, overrides, null);
        var environment = settings["Environment"] ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production;
        var dataDirectory = Path.GetFullPath(settings["AllInOne:DataDirectory"] ?? "data");
        Directory.CreateDirectory(dataDirectory);
        var defaults = new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["ConnectionStrings:AdviceRequests"] = $"Data Source={Path.Combine(dataDirectory, "advice-requests.db")};Default Timeout=30",
            ["ConnectionStrings:Committees"] = $"Data Source={Path.Combine(dataDirectory, "committees.db")};Default Timeout=30",
            ["Messaging:Transport"] = "InMemory",
            ["Auth:Issuer"] = "mit-platform",
            ["Auth:Audience"] = "mit-platform",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Warning",
        };
        if (environment == Environments.Development && string.IsNullOrEmpty(settings["Auth:SigningKey"]))
        {
            defaults["Auth:SigningKey"] = DevelopmentSigningKey(dataDirectory);
        }

        var services = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = environment });
        Configure(services.Configuration, args, overrides, defaults);
        services.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        services.AddPlatformDefaults();
        services.AddAdviceRequests();
        services.AddCommittees();
        services.AddPlatformMessaging();
        var servicesApp = services.Build();
        servicesApp.MapPlatformDefaults();
        servicesApp.MapAdviceRequests();
        servicesApp.MapCommittees();
        await servicesApp.StartAsync(ct);
        var servicesAddress = servicesApp.Urls.First();

        var gateway = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = environment });
        defaults["Gateway:Services:AdviceRequests"] = servicesAddress;
        defaults["Gateway:Services:Committees"] = servicesAddress;
        Configure(gateway.Configuration, args, overrides, defaults);
        var port = gateway.Configuration.GetValue("Gateway:Port", DefaultGatewayPort);
        var bindAll = gateway.Configuration.GetValue("Gateway:ListenOnAllInterfaces", false);
        gateway.WebHost.ConfigureKestrel(k => k.Listen(bindAll ? IPAddress.Any : IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        gateway.AddGateway();
        var gatewayApp = gateway.Build();
        gatewayApp.MapGateway();
        try
        {
            await gatewayApp.StartAsync(ct);
        }
        catch
        {
            await servicesApp.StopAsync(CancellationToken.None);
            await servicesApp.DisposeAsync();
            throw;
        }
        return new AllInOneHost(servicesApp, gatewayApp, dataDirectory);
    }

    public async Task WaitForShutdownAsync()
    {
        await Task.WhenAny(_services.WaitForShutdownAsync(), _gateway.WaitForShutdownAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.StopAsync(CancellationToken.None);
        await _services.StopAsync(CancellationToken.None);
        await _gateway.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Development only: a random key kept in the data folder, so demo tokens can be minted; never used in Production.</summary>
    public static string DevelopmentSigningKey(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "dev-signing-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        }
        return File.ReadAllText(path).Trim();
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
