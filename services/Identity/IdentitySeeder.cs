using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Identity.Api;
using Mit.Platform.Identity.Data;
using Mit.Platform.Identity.Domain;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mit.Platform.Identity;

/// <summary>
/// At start: the schema (migrated), the platform's clients (from code and configuration), and — in Development only — the
/// demo personas. Production starts with no users; operators add them with `identity users add`.
/// </summary>
internal sealed partial class IdentitySeeder(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration,
    IOptionsMonitor<OpenIddictServerOptions> serverOptions, ILogger<IdentitySeeder> logger) : IHostedService
{
    public const string CliClient = "mit-cli";
    public const string PortalClient = "mit-portal";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The server's options are completed on first use: that derives the keys' identifiers and, for Development's
        // ephemeral RSA key, generates it. Done here, beside the migrations, the first token request does not wait for
        // it, and a broken key fails the start.
        var keys = Task.Run(() => serverOptions.CurrentValue, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.MigrateSchemaAsync(cancellationToken);
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in Clients())
        {
            if (await applications.FindByClientIdAsync(client.ClientId!, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, client, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(client, cancellationToken);
            }
        }
        if (environment.IsDevelopment())
        {
            var users = scope.ServiceProvider.GetRequiredService<Users>();
            await users.AddMissingWithSharedPasswordAsync(
                [.. DemoPersonas.All.Select(p => PlatformUser.Create(p.UserName, p.DisplayName, p.Organisation, p.Roles, DemoSubjects.Of(p.UserName)))],
                DemoPersonas.Password, cancellationToken);
            LogDemoUsers(logger, DemoPersonas.All.Count);
        }
        await keys;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<OpenIddictApplicationDescriptor> Clients()
    {
        var apiScopes = PlatformApis.All.Select(a => Permissions.Prefixes.Scope + a).ToList();

        var cli = new OpenIddictApplicationDescriptor
        {
            ClientId = CliClient,
            DisplayName = "mit command-line client",
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
        };
        cli.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.DeviceAuthorization,
            Permissions.GrantTypes.DeviceCode, Permissions.GrantTypes.RefreshToken, Permissions.GrantTypes.Password,
            Permissions.Scopes.Profile, Permissions.Scopes.Roles, Permissions.Prefixes.Scope + Scopes.OfflineAccess, .. apiScopes]);
        yield return cli;

        // The browser portal: a confidential client (its secret stays on the portal's server), code + PKCE for its users;
        // client credentials only for its own reads of the public record (a token without any role). Without a
        // configured secret there is no portal client.
        var portalSecret = configuration["Identity:Portal:ClientSecret"];
        if (!string.IsNullOrEmpty(portalSecret))
        {
            if (portalSecret.Length < 32)
            {
                throw new InvalidOperationException("Identity:Portal:ClientSecret must be at least 32 characters.");
            }
            var portal = new OpenIddictApplicationDescriptor
            {
                ClientId = PortalClient,
                ClientSecret = portalSecret,
                DisplayName = "MIT Platform portal",
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Implicit,
            };
            portal.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.GrantTypes.ClientCredentials, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Roles, Permissions.Prefixes.Scope + Scopes.OfflineAccess, .. apiScopes]);
            portal.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in configuration.GetSection("Identity:Portal:RedirectUris").Get<string[]>() ?? [])
            {
                portal.RedirectUris.Add(new Uri(uri));
            }
            foreach (var uri in configuration.GetSection("Identity:Portal:PostLogoutRedirectUris").Get<string[]>() ?? [])
            {
                portal.PostLogoutRedirectUris.Add(new Uri(uri));
            }
            yield return portal;
        }

        // Services calling services: Identity:ServiceClients:{client id}:Secret and :Scopes (the APIs it may call).
        foreach (var section in configuration.GetSection("Identity:ServiceClients").GetChildren())
        {
            var secret = section["Secret"];
            if (string.IsNullOrEmpty(secret) || secret.Length < 32)
            {
                throw new InvalidOperationException($"Identity:ServiceClients:{section.Key}:Secret must be at least 32 characters.");
            }
            var service = new OpenIddictApplicationDescriptor
            {
                ClientId = section.Key,
                ClientSecret = secret,
                DisplayName = section.Key,
                ClientType = ClientTypes.Confidential,
            };
            service.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials]);
            service.Permissions.UnionWith((section.GetSection("Scopes").Get<string[]>() ?? []).Where(PlatformApis.All.Contains).Select(s => Permissions.Prefixes.Scope + s));
            yield return service;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development: {Count} demo personas are available")]
    private static partial void LogDemoUsers(ILogger logger, int count);
}
