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
        {
            var t = PageTexts.For(context);
            return Page(t, t.SignIn, LoginForm(t, antiforgery.GetAndStoreTokens(context), returnUrl, null));
        }).AllowAnonymous();
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
            var t = PageTexts.For(context);
            return Page(t, t.SignIn, LoginForm(t, antiforgery.GetAndStoreTokens(context), returnUrl, t.WrongPassword), HttpStatusCode.Unauthorized);
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
        var t = PageTexts.For(context);
        return Page(t, t.ConfirmCode, $"""
            <form method="post" action="/connect/verify" class="mit-form">
              <input type="hidden" name="{tokens.FormFieldName}" value="{Enc(tokens.RequestToken)}">
              <div class="utrecht-form-field"><label class="utrecht-form-label" for="user_code">{Enc(t.CodeLabel)}</label>
              <input id="user_code" class="utrecht-textbox" name="user_code" value="{Enc(userCode)}" autofocus></div>
              {(known ? $"<p class=\"utrecht-paragraph\">{Enc(t.Client)}: {Enc(result.Principal!.GetClaim(Claims.ClientId))}</p>" : "")}
              <div><button class="utrecht-button utrecht-button--primary-action" name="approve" value="yes">{Enc(t.Allow)}</button>
              <button class="utrecht-button utrecht-button--secondary-action" name="approve" value="no">{Enc(t.Deny)}</button></div>
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
            var t = PageTexts.For(context);
            return Page(t, t.ConfirmCode, $"<p class=\"utrecht-paragraph\" role=\"alert\">{Enc(t.UnknownCode)}</p>", HttpStatusCode.BadRequest);
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

    private static string LoginForm(PageTexts t, AntiforgeryTokenSet tokens, string? returnUrl, string? error) => $"""
        {(error is null ? "" : $"<div class=\"utrecht-alert utrecht-alert--error mit-alert\" role=\"alert\"><p class=\"utrecht-paragraph\">{Enc(error)}</p></div>")}
        <form method="post" action="/account/login" class="mit-form">
          <input type="hidden" name="{tokens.FormFieldName}" value="{Enc(tokens.RequestToken)}">
          <input type="hidden" name="returnUrl" value="{Enc(returnUrl)}">
          <div class="utrecht-form-field"><label class="utrecht-form-label" for="userName">{Enc(t.UserName)}</label>
          <input id="userName" class="utrecht-textbox" name="userName" autocomplete="username" autofocus></div>
          <div class="utrecht-form-field"><label class="utrecht-form-label" for="password">{Enc(t.Password)}</label>
          <input id="password" class="utrecht-textbox" name="password" type="password" autocomplete="current-password"></div>
          <div><button class="utrecht-button utrecht-button--primary-action">{Enc(t.SignIn)}</button></div>
        </form>
        """;

    /// <summary>The portal's look (its stylesheets, served at the same public address) and language.</summary>
    private static IResult Page(PageTexts t, string title, string body, HttpStatusCode status = HttpStatusCode.OK) => Results.Content($"""
        <!doctype html><html lang="{t.Language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
        <title>{Enc(title)} · {Enc(t.Brand)}</title>
        <link rel="stylesheet" href="/css/nlds/components.css"><link rel="stylesheet" href="/css/theme.css"><link rel="stylesheet" href="/css/portal.css"></head>
        <body class="utrecht-document mit-theme"><header class="utrecht-page-header mit-header"><div class="mit-header__bar"><a class="mit-brand" href="/">{Enc(t.Brand)}</a></div></header>
        <main class="utrecht-page-content mit-main"><h1 class="utrecht-heading-1">{Enc(title)}</h1>{body}</main></body></html>
        """, "text/html; charset=utf-8", statusCode: (int)status);

    private static string Enc(string? text) => WebUtility.HtmlEncode(text ?? "");

    [LoggerMessage(Level = LogLevel.Information, Message = "Login succeeded: subject {Subject}")]
    private static partial void LogLoggedIn(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login failed: user {User}")]
    private static partial void LogLoginFailed(ILogger logger, string user);
}
