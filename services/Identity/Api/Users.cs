using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Mit.Platform.Identity.Data;
using Mit.Platform.Identity.Domain;

namespace Mit.Platform.Identity.Api;

/// <summary>Looks users up and checks passwords (PBKDF2 via ASP.NET Core's password hasher).</summary>
public sealed class Users(IdentityDbContext db, IPasswordHasher<PlatformUser> hasher, SignInLockout lockout)
{
    private static readonly PlatformUser Nobody = new() { Subject = "", UserName = "", DisplayName = "", Organisation = "" };
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<PlatformUser>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<PlatformUser?> CheckPasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return null;
        }
        if (lockout.IsLocked(userName))
        {
            // Locked after repeated failures: refused without hashing, right password or not.
            return null;
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null || !user.Active || user.PasswordHash.Length == 0)
        {
            // Same work for unknown users, so timing does not tell which user names exist.
            hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
            lockout.Failed(userName);
            return null;
        }
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            lockout.Failed(userName);
            return null;
        }
        lockout.Succeeded(userName);
        return user;
    }

    public Task<PlatformUser?> FindActiveAsync(string? subject, CancellationToken ct) =>
        db.Users.SingleOrDefaultAsync(u => u.Subject == subject && u.Active, ct);

    public async Task<PlatformUser> AddAsync(PlatformUser user, string password, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.UserName == user.UserName, ct))
        {
            throw new BuildingBlocks.Domain.AlreadyExistsException($"User {user.UserName} exists already.");
        }
        RequireStrong(password);
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>
    /// Adds those of <paramref name="users"/> that do not exist yet, all with one password hashed once (Development's demo
    /// personas share a published password; a PBKDF2 hash per persona cost the all-in-one's start about a second).
    /// </summary>
    public async Task AddMissingWithSharedPasswordAsync(IReadOnlyList<PlatformUser> users, string password, CancellationToken ct)
    {
        var names = users.Select(u => u.UserName).ToList();
        var existing = await db.Users.Where(u => names.Contains(u.UserName)).Select(u => u.UserName).ToListAsync(ct);
        var missing = users.Where(u => !existing.Contains(u.UserName)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        RequireStrong(password);
        var hash = hasher.HashPassword(missing[0], password);
        foreach (var user in missing)
        {
            user.PasswordHash = hash;
        }
        db.Users.AddRange(missing);
        await db.SaveChangesAsync(ct);
    }

    private static void RequireStrong(string password) =>
        new BuildingBlocks.Domain.Validator()
            .Require(password.Length >= 12, "password", "at least 12 characters")
            .ThrowIfInvalid();
}
