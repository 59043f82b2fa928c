namespace Mit.Platform.Committees.Domain;

/// <summary>
/// Committee dates are Dutch calendar days. Instants are UTC everywhere; this is the one place that turns an instant
/// into the Dutch date it falls on (an instant in any offset gives the same date).
/// </summary>
public static class CommitteeClock
{
    private static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>The Dutch calendar day of an instant.</summary>
    public static DateOnly Today(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Netherlands).DateTime);
}
