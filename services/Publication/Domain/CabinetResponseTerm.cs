namespace Mit.Platform.Publication.Domain;

/// <summary>
/// How long a published advice waits for the cabinet's response: Dutch calendar days from the day it went to its
/// principal to the response's date (or to today while there is none). Past the term (default three months) the wait
/// is overdue.
/// </summary>
public sealed record CabinetResponseTerm(int Months = CabinetResponseTerm.DefaultMonths)
{
    public const int DefaultMonths = 3;
    public const string ConfigurationKey = "Publication:CabinetResponseTermMonths";

    private static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateOnly DutchDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Netherlands).DateTime);

    public static int DaysBetween(DateTimeOffset from, DateTimeOffset to) => to < from ? 0 : DutchDate(to).DayNumber - DutchDate(from).DayNumber;

    /// <summary>The day after which an advice sent on <paramref name="advisedAt"/> has waited too long.</summary>
    public DateOnly LastDay(DateTimeOffset advisedAt) => DutchDate(advisedAt).AddMonths(Months);

    public bool IsOverdue(DateTimeOffset advisedAt, DateTimeOffset? respondedAt, DateTimeOffset now) =>
        respondedAt is null && DutchDate(now) > LastDay(advisedAt);
}
