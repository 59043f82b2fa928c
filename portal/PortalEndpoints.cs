using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Mit.Platform.Portal.Session;

namespace Mit.Platform.Portal;

/// <summary>Sign-in, sign-out and the language switch: plain HTTP endpoints the pages link and post to.</summary>
internal static class PortalEndpoints
{
    public static void MapPortalEndpoints(this WebApplication app)
    {
        app.MapGet("/aanmelden", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));

        // A form post with an antiforgery token: a link or an image elsewhere cannot sign a user out.
        app.MapPost("/afmelden", async (HttpContext context, SessionStore sessions) =>
        {
            var id = SessionStore.IdOf(context.User);
            var result = Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
            // The id token hint is read from the session before it is removed (OnRedirectToIdentityProviderForSignOut).
            await result.ExecuteAsync(context);
            await sessions.RemoveAsync(id, context.RequestAborted);
            return Results.Empty;
        });

        // The public record's documents, downloadable without sign-in (the anonymous, rate-limited public API behind it).
        app.MapGet("/openbaar/{id}/download", async (string id, Platform.PublicRecordReader publicRecord, CancellationToken ct) =>
        {
            try
            {
                var content = await publicRecord.Client.GetPublishedContentAsync(new V1.GetPublishedRequest { DocumentId = id }, await publicRecord.As(ct));
                return Results.File(content.Content.ToByteArray(), content.MediaType, FileName(id, content.MediaType));
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument)
            {
                return Results.NotFound();
            }
        }).AllowAnonymous();

        app.MapPost("/taal", ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext context) =>
        {
            var chosen = PortalModule.Cultures.FirstOrDefault(c => c.Name == culture) ?? PortalModule.Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps });
            return Results.LocalRedirect(LocalOrHome(returnUrl));
        });
    }

    private static string FileName(string id, string mediaType) => id + mediaType switch
    {
        "application/pdf" => ".pdf",
        "text/markdown" => ".md",
        "text/plain" => ".txt",
        "text/html" => ".html",
        _ => "",
    };

    /// <summary>Only local addresses: a sign-in or language link must not become an open redirect.</summary>
    public static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";
}
