using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.BuildingBlocks.Grpc;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Persistence;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Identity.Api;
using Mit.Platform.Identity.Data;
using Mit.Platform.Identity.Data.Migrations;
using Mit.Platform.Identity.Domain;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mit.Platform.Identity;

/// <summary>Registers the identity server, alone or inside the all-in-one host.</summary>
public static class IdentityModule
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AuthorizationCodeLifetime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromHours(8);

    public static void AddIdentityServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        var issuer = configuration["Identity:Issuer"] ?? throw new InvalidOperationException("Identity:Issuer (the public address of the identity service) is not configured.");
        var store = configuration.StoreFor("Identity");

        builder.AddHostDefaults();
        builder.Services.AddStoreDbContext<IdentityDbContext, PostgresIdentityDbContext, SqliteIdentityDbContext>(store, (_, o) => store.Apply(o), pooled: false);
        builder.Services.AddScoped<Users>();
        builder.Services.AddSingleton<SignInLockout>();
        builder.Services.AddSingleton<IPasswordHasher<PlatformUser>, PasswordHasher<PlatformUser>>();
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication(ConnectEndpoints.CookieScheme).AddCookie(ConnectEndpoints.CookieScheme, o =>
        {
            o.LoginPath = "/account/login";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = false;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        builder.Services.AddAuthorization();

        var signingKeys = Credentials.SigningKeys(configuration);
        var encryptionKey = Credentials.EncryptionKey(configuration);
        if (!development && (signingKeys.Count == 0 || encryptionKey is null))
        {
            throw new InvalidOperationException(
                "Identity:SigningKeys:0 (PEM RSA private key) and Identity:EncryptionKey (base64, 32 bytes) are required outside Development; generate them with `identity keys new`.");
        }

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(issuer));
                o.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetDeviceAuthorizationEndpointUris("connect/device")
                    .SetEndUserVerificationEndpointUris("connect/verify")
                    .SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowDeviceAuthorizationFlow()
                    .AllowRefreshTokenFlow();
                if (development)
                {
                    // Demos and tests only; Production has no password grant.
                    o.AllowPasswordFlow();
                }
                o.AddEventHandler<OpenIddictServerEvents.ValidateDeviceAuthorizationRequestContext>(h => h.UseScopedHandler<PendingDeviceCodeCap>());
                o.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess, .. PlatformApis.All]);
                o.SetAccessTokenLifetime(AccessTokenLifetime)
                    .SetAuthorizationCodeLifetime(AuthorizationCodeLifetime)
                    .SetRefreshTokenLifetime(RefreshTokenLifetime)
                    // Rolling refresh tokens with a fixed end: each use gives a new one, the old is dead at once,
                    // and none lives past the first one's expiry.
                    .DisableSlidingRefreshTokenExpiration()
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Signed, not encrypted, access tokens: every service validates them with the published keys.
                o.DisableAccessTokenEncryption();
                if (signingKeys.Count > 0)
                {
                    o.AddSigningKeys([.. signingKeys]);
                }
                else
                {
                    o.AddSigningKey(Credentials.NewEphemeralSigningKey());
                }
                if (encryptionKey is not null)
                {
                    o.AddEncryptionKey(encryptionKey);
                }
                else
                {
                    o.AddEncryptionKey(Credentials.NewEphemeralEncryptionKey());
                }
                var aspnet = o.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!configuration.GetValue("Identity:RequireHttps", !development))
                {
                    // Behind a TLS-terminating proxy, or on loopback in Development.
                    aspnet.DisableTransportSecurityRequirement();
                }
            });
        // PKCE with S256 only: `plain` gives no protection against a stolen code.
        builder.Services.AddOptions<OpenIddictServerOptions>().Configure<TimeProvider>((o, time) =>
        {
            o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
            o.TimeProvider = time;
        });
        builder.Services.AddHostedService<IdentitySeeder>();
        builder.Services.AddHealthChecks();
    }

    public static void MapIdentityServer(this WebApplication app)
    {
        // The store away (a database restart, a dropped pooled connection): 503 with Retry-After, which a client retries,
        // rather than a 500 for what is not the caller's fault.
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (Exception e) when (ErrorMappingInterceptor.IsStoreUnavailable(e) && !context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
            }
        });
        app.UseFormGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapConnectEndpoints();
        app.MapAccountPages();
        app.MapHealthChecks("/health/live").AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
    }
}
