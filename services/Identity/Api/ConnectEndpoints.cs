using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Mit.Platform.Identity.Domain;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mit.Platform.Identity.Api;

/// <summary>
/// The OpenIddict passthrough endpoints: OpenIddict validates the protocol (client, grant, PKCE, codes, lifetimes);
/// these handlers decide who the user is and which claims the token carries.
/// </summary>
internal static partial class ConnectEndpoints
{
    public const string CookieScheme = "mit-identity-cookie";

    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapPost("/connect/token", Token).AllowAnonymous().DisableAntiforgery();
        app.MapMethods("/connect/authorize", ["GET", "POST"], Authorize).AllowAnonymous().DisableAntiforgery();
        app.MapMethods("/connect/logout", ["GET", "POST"], (Delegate)Logout).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> Token(HttpContext context, Users users, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Mit.Platform.Identity.Token");
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        ClaimsPrincipal principal;
        if (request.IsPasswordGrantType())
        {
            // Registered only in the Development environment; OpenIddict refuses the grant type elsewhere.
            var user = await users.CheckPasswordAsync(request.Username, request.Password, ct);
            if (user is null)
            {
                LogRefused(logger, request.Username ?? "", request.ClientId ?? "", "wrong user name or password");
                return Refuse("The user name or password is wrong.");
            }
            principal = Principals.ForUser(user, request.GetScopes());
        }
        else if (request.IsClientCredentialsGrantType())
        {
            // The portal asks as itself only to read the public record: no role, so nothing a visitor could not do.
            principal = request.ClientId == IdentitySeeder.PortalClient
                ? Principals.ForClientWithoutRole(request.ClientId, request.GetScopes())
                : Principals.ForService(request.ClientId!, null, request.GetScopes());
        }
        else if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType() || request.IsDeviceCodeGrantType())
        {
            var earlier = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = await users.FindActiveAsync(earlier.Principal?.GetClaim(Claims.Subject), ct);
            if (user is null)
            {
                LogRefused(logger, earlier.Principal?.GetClaim(Claims.Subject) ?? "", request.ClientId ?? "", "user unknown or disabled");
                return Refuse("The user no longer exists or was disabled.");
            }
            // Fresh claims (roles may have changed); the refresh token keeps its fixed, absolute expiry.
            principal = Principals.ForUser(user, earlier.Principal!.GetScopes());
        }
        else
        {
            return Results.Forbid(Error(Errors.UnsupportedGrantType, "This grant type is not supported."), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        LogIssued(logger, principal.GetClaim(Claims.Subject) ?? "", request.ClientId ?? "", request.GrantType ?? "");
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Authorize(HttpContext context, Users users, ILoggerFactory loggers, CancellationToken ct)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await context.AuthenticateAsync(CookieScheme);
        var user = cookie.Succeeded ? await users.FindActiveAsync(cookie.Principal.GetClaim(Claims.Subject), ct) : null;
        if (user is null)
        {
            // Log in first, then come back here with the same request.
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(
                context.Request.HasFormContentType ? context.Request.Form.ToList() : context.Request.Query.ToList()) }, [CookieScheme]);
        }
        LogIssued(loggers.CreateLogger("Mit.Platform.Identity.Authorize"), user.Subject, request.ClientId ?? "", "authorization_code");
        // First-party clients only: consent is implied by signing in.
        return Results.SignIn(Principals.ForUser(user, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Sign-out from a client (the portal): ends the sign-in session here too, then OpenIddict returns the browser to
    /// the client's registered post-logout address (any other address is refused by OpenIddict).
    /// </summary>
    private static async Task<IResult> Logout(HttpContext context)
    {
        await context.SignOutAsync(CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/account/login" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Refuse(string description) =>
        Results.Forbid(Error(Errors.InvalidGrant, description), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static AuthenticationProperties Error(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Token issued: subject {Subject}, client {Client}, grant {Grant}")]
    private static partial void LogIssued(ILogger logger, string subject, string client, string grant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token refused: user {User}, client {Client}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string user, string client, string reason);
}
