namespace Mit.Platform.Portal.Session;

/// <summary>
/// What the portal holds for a signed-in user, on the server only: the browser's cookie carries the session id, never
/// a token (backend-for-frontend).
/// </summary>
public sealed record PortalSession(string AccessToken, string? RefreshToken, DateTimeOffset AccessTokenExpiresAt, string? IdToken);

/// <summary>The session ended (signed out, expired, or the identity service refused to renew it): sign in again.</summary>
public sealed class SessionExpiredException(string message) : Exception(message);
