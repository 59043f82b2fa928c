using System.Collections.Concurrent;
using Mit.Platform.Identity.Domain;

namespace Mit.Platform.Identity.Api;

/// <summary>
/// Failed sign-ins per user name (known or not, so a lockout does not tell which names exist), in this process.
/// While locked, no password is checked at all: a guessing client costs no hashing. Replicas each keep their own
/// count, so N replicas allow N times the attempts; the gateway's per-address limit bounds the rest.
/// </summary>
public sealed class SignInLockout(TimeProvider time)
{
    /// <summary>User names tracked at most; beyond it, entries no longer locked are forgotten first.</summary>
    public const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil)> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLocked(string userName) =>
        _accounts.TryGetValue(userName, out var state) && state.LockedUntil > time.GetUtcNow();

    public void Failed(string userName)
    {
        if (_accounts.Count >= MaxTracked)
        {
            var now = time.GetUtcNow();
            foreach (var entry in _accounts.Where(e => e.Value.LockedUntil <= now).Take(MaxTracked / 10).ToList())
            {
                _accounts.TryRemove(entry.Key, out _);
            }
        }
        _accounts.AddOrUpdate(userName,
            _ => (1, time.GetUtcNow() + SignInBackoff.LockFor(1)),
            (_, state) => (state.Failures + 1, time.GetUtcNow() + SignInBackoff.LockFor(state.Failures + 1)));
    }

    public void Succeeded(string userName) => _accounts.TryRemove(userName, out _);
}
