namespace Mit.Platform.Portal;

/// <summary>
/// Headers on every response: a CSP without inline script (Blazor's own script is a file), no framing, no referrer
/// beyond the origin, no content sniffing.
/// </summary>
internal static class SecurityHeaders
{
    private static string Policy(string identityOrigin) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"connect-src 'self'; form-action 'self' {identityOrigin}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<PortalOptions>();
        // Sign-in posts back from the identity service's origin when it is another one.
        var identityOrigin = new Uri(options.Authority).GetLeftPart(UriPartial.Authority);
        var policy = Policy(identityOrigin);
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            await next();
        });
    }
}
