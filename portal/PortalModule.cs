using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Mit.Platform.BuildingBlocks.Hosting;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Portal.Components;
using Mit.Platform.Portal.Platform;
using Mit.Platform.Portal.Session;

namespace Mit.Platform.Portal;

/// <summary>
/// Registers the portal, alone or inside the all-in-one host: Blazor (static pages for the public, interactive server
/// pages for signed-in users), sign-in by OpenID Connect code + PKCE with a confidential client, tokens kept on the
/// server, Dutch by default.
/// </summary>
public static class PortalModule
{
    public static readonly CultureInfo[] Cultures = [new("nl-NL"), new("en-GB")];

    public static void AddPortal(this WebApplicationBuilder builder)
    {
        var options = PortalOptions.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(options);
        builder.AddHostDefaults();
        services.AddLocalization();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddDistributedMemoryCache();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<UserTokens>();
        services.AddHttpClient(nameof(UserTokens));
        services.AddSingleton<GatewayChannel>();
        services.AddSingleton<PublicRecordReader>();
        services.AddHttpClient(nameof(PublicRecordReader));
        services.AddScoped<PlatformClient>();
        services.AddHealthChecks();
        var keys = services.AddDataProtection().SetApplicationName("mit-portal");
        if (!string.IsNullOrEmpty(options.KeysDirectory))
        {
            keys.PersistKeysToFileSystem(new DirectoryInfo(options.KeysDirectory));
        }

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "mit-portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = false;
                o.AccessDeniedPath = "/niet-toegestaan";
                // A cookie whose server-side session is gone (signed out elsewhere, expired, renewal refused) is no session.
                o.Events.OnValidatePrincipal = async context =>
                {
                    var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    if (await store.GetAsync(SessionStore.IdOf(context.Principal!), context.HttpContext.RequestAborted) is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = options.Authority;
                if (!string.IsNullOrEmpty(options.MetadataAddress))
                {
                    o.MetadataAddress = options.MetadataAddress;
                }
                o.RequireHttpsMetadata = options.RequireHttpsMetadata;
                o.ClientId = options.ClientId;
                o.ClientSecret = options.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back on a top-level GET: SameSite=Lax cookies (correlation, nonce) travel with it, also over
                // plain http on loopback, where a browser drops SameSite=None cookies.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.UsePkce = true;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.MapInboundClaims = false;
                o.Scope.Clear();
                foreach (var scope in (string[])["openid", "profile", "roles", "offline_access", .. PlatformApis.All])
                {
                    o.Scope.Add(scope);
                }
                o.TokenValidationParameters.NameClaimType = PlatformClaims.Name;
                o.TokenValidationParameters.RoleClaimType = PlatformClaims.Role;
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    return Task.CompletedTask;
                };
                o.Events.OnTokenResponseReceived = async context =>
                {
                    // Keep the tokens on the server; the cookie gets only the session id.
                    var response = context.TokenEndpointResponse;
                    var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                    var lifetime = int.TryParse(response.ExpiresIn, CultureInfo.InvariantCulture, out var seconds) ? seconds : 300;
                    var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    var id = await store.CreateAsync(new PortalSession(response.AccessToken, response.RefreshToken,
                        time.GetUtcNow().AddSeconds(lifetime), response.IdToken), context.HttpContext.RequestAborted);
                    context.Properties!.Items[SessionStore.SessionClaim] = id;
                };
                o.Events.OnTicketReceived = context =>
                {
                    if (context.Properties!.Items.Remove(SessionStore.SessionClaim, out var id) && context.Principal!.Identity is ClaimsIdentity identity)
                    {
                        identity.AddClaim(new Claim(SessionStore.SessionClaim, id!));
                    }
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToIdentityProviderForSignOut = async context =>
                {
                    var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    var session = await store.GetAsync(SessionStore.IdOf(context.HttpContext.User), context.HttpContext.RequestAborted);
                    context.ProtocolMessage.IdTokenHint = session?.IdToken;
                };
                o.Events.OnRemoteFailure = context =>
                {
                    // A refused or abandoned sign-in: say so in plain words instead of an exception page.
                    context.Response.Redirect("/aanmelden-mislukt");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        services.AddAntiforgery(o => o.Cookie.Name = "mit-portal-antiforgery");
    }

    public static void MapPortal(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        app.UseStatusCodePagesWithReExecute("/niet-gevonden");
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealthChecks("/health/live").AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapPortalEndpoints();
        // frame-ancestors is in our own CSP header ('none'); Blazor would add a second, weaker one.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
    }
}
