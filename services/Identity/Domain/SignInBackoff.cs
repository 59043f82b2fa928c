namespace Mit.Platform.Identity.Domain;

/// <summary>
/// Lockout with back-off per account: after <see cref="FreeFailures"/> wrong passwords in a row the account is locked
/// for 30 s, doubling with every further failure up to 15 minutes; a right password (once unlocked) resets it.
/// </summary>
public static class SignInBackoff
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    /// <summary>How long the account is locked after this many consecutive failures (zero: not locked).</summary>
    public static TimeSpan LockFor(int consecutiveFailures)
    {
        if (consecutiveFailures < FreeFailures)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(consecutiveFailures - FreeFailures, 10);
        var lockFor = First * Math.Pow(2, doublings);
        return lockFor < Longest ? lockFor : Longest;
    }
}
