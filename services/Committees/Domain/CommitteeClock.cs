using Mit.Platform.Committees.Domain.Composition;

namespace Mit.Platform.Committees.Domain;

/// <summary>Committee dates are Dutch calendar days.</summary>
public static class CommitteeClock
{
    private static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateOnly Today(DateTimeOffset now) => CommitteeDates.DateOf(TimeZoneInfo.ConvertTime(now, Netherlands));

    /// <summary>Now in Dutch time: the domain takes the calendar day of an instant in the offset it is given.</summary>
    public static DateTimeOffset Now(TimeProvider time) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Netherlands);
}
