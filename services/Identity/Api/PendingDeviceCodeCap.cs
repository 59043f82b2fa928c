using Microsoft.EntityFrameworkCore;
using Mit.Platform.Identity.Data;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Mit.Platform.Identity.Api;

/// <summary>
/// The device authorization endpoint is anonymous and every call stores a device code: at most
/// Identity:MaxPendingDeviceCodes may wait for a user at once; more is temporarily_unavailable, stored nothing.
/// </summary>
internal sealed class PendingDeviceCodeCap(IdentityDbContext db, TimeProvider time, IConfiguration configuration)
    : IOpenIddictServerHandler<ValidateDeviceAuthorizationRequestContext>
{
    public const int DefaultMax = 100;

    public async ValueTask HandleAsync(ValidateDeviceAuthorizationRequestContext context)
    {
        var max = configuration.GetValue("Identity:MaxPendingDeviceCodes", DefaultMax);
        var now = time.GetUtcNow().UtcDateTime;
        var pending = await db.Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(t =>
            t.Type == TokenTypeIdentifiers.Private.DeviceCode
            && (t.Status == Statuses.Inactive || t.Status == Statuses.Valid)
            && t.ExpirationDate > now, context.CancellationToken);
        if (pending >= max)
        {
            context.Reject(Errors.TemporarilyUnavailable, "Too many device sign-ins are waiting; try again in a few minutes.");
        }
    }
}
