using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mit.Platform.Identity.Api;

/// <summary>The two pages a person sees: sign in, and confirm a device code (for the command-line client).</summary>
internal static partial class AccountPages
{
    public static void MapAccountPages(this WebApplication app)
    {
        app.MapGet("/account/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page("Sign in", LoginForm(antiforgery.GetAndStoreTokens(context), returnUrl, null))).AllowAnonymous();
        app.MapPost("/account/login", Login).AllowAnonymous();
        app.MapMethods("/connect/verify", ["GET"], VerifyForm).AllowAnonymous();
        app.MapPost("/connect/verify", Verify).AllowAnonymous();
    }

    private static async Task<IResult> Login(HttpContext context, Users users, IAntiforgery antiforgery, ILoggerFactory loggers,
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Mit.Platform.Identity.Login");
        var user = await users.CheckPasswordAsync(userName, password, ct);
        if (user is null)
        {
            LogLoginFailed(logger, userName ?? "");
            return Page("Sign in", LoginForm(antiforgery.GetAndStoreTokens(context), returnUrl, "The user name or password is wrong."), HttpStatusCode.Unauthorized);
        }
        var identity = new ClaimsIdentity(ConnectEndpoints.CookieScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.Name, user.DisplayName));
        await context.SignInAsync(ConnectEndpoints.CookieScheme, new ClaimsPrincipal(identity));
        LogLoggedIn(logger, user.Subject);
        // Only local addresses: a login form must not become an open redirect.
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/account/login?done=1");
    }

    private static async Task<IResult> VerifyForm(HttpContext context, IAntiforgery antiforgery)
    {
        if (!(await context.AuthenticateAsync(ConnectEndpoints.CookieScheme)).Succeeded)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString }, [ConnectEndpoints.CookieScheme]);
        }
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var userCode = context.Request.Query["user_code"].ToString();
        var tokens = antiforgery.GetAndStoreTokens(context);
        var known = result.Succeeded && !string.IsNullOrEmpty(result.Principal?.GetClaim(Claims.ClientId));
        return Page("Confirm the code", $"""
            <form method="post" action="/connect/verify">
              <input type="hidden" name="{tokens.FormFieldName}" value="{Enc(tokens.RequestToken)}">
              <label>Code shown by the command-line client <input name="user_code" value="{Enc(userCode)}" autofocus></label>
              {(known ? $"<p>Client: {Enc(result.Principal!.GetClaim(Claims.ClientId))}</p>" : "")}
              <button name="approve" value="yes">Allow</button> <button name="approve" value="no">Deny</button>
            </form>
            """);
    }

    private static async Task<IResult> Verify(HttpContext context, Users users, [FromForm] string? approve, CancellationToken ct)
    {
        var cookie = await context.AuthenticateAsync(ConnectEndpoints.CookieScheme);
        var user = cookie.Succeeded ? await users.FindActiveAsync(cookie.Principal.GetClaim(Claims.Subject), ct) : null;
        if (user is null)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = "/connect/verify" }, [ConnectEndpoints.CookieScheme]);
        }
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || string.IsNullOrEmpty(result.Principal?.GetClaim(Claims.ClientId)))
        {
            return Page("Confirm the code", "<p>This code is unknown or expired. Start again from the command-line client.</p>", HttpStatusCode.BadRequest);
        }
        if (approve != "yes")
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        return Results.SignIn(Principals.ForUser(user, result.Principal!.GetScopes()),
            new AuthenticationProperties { RedirectUri = "/account/login?done=1" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static string LoginForm(AntiforgeryTokenSet tokens, string? returnUrl, string? error) => $"""
        {(error is null ? "" : $"<p role=\"alert\">{Enc(error)}</p>")}
        <form method="post" action="/account/login">
          <input type="hidden" name="{tokens.FormFieldName}" value="{Enc(tokens.RequestToken)}">
          <input type="hidden" name="returnUrl" value="{Enc(returnUrl)}">
          <label>User name <input name="userName" autocomplete="username" autofocus></label>
          <label>Password <input name="password" type="password" autocomplete="current-password"></label>
          <button>Sign in</button>
        </form>
        """;

    private static IResult Page(string title, string body, HttpStatusCode status = HttpStatusCode.OK) => Results.Content($"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{Enc(title)} · MIT Platform</title></head>
        <body><main><h1>{Enc(title)}</h1>{body}</main></body></html>
        """, "text/html; charset=utf-8", statusCode: (int)status);

    private static string Enc(string? text) => WebUtility.HtmlEncode(text ?? "");

    [LoggerMessage(Level = LogLevel.Information, Message = "Login succeeded: subject {Subject}")]
    private static partial void LogLoggedIn(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login failed: user {User}")]
    private static partial void LogLoginFailed(ILogger logger, string user);
}
