using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Mit.Platform.Portal.Platform;

/// <summary>Times as the users read them: Dutch time (Europe/Amsterdam), in the page's language.</summary>
public static class Display
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Amsterdam);

    public static string Time(Timestamp? at) => at is null || (at.Seconds == 0 && at.Nanos == 0) ? "—" : Time(at.ToDateTimeOffset());

    public static string Time(DateTimeOffset at) => Local(at).ToString("g", CultureInfo.CurrentCulture);

    public static string Date(Timestamp? at) => at is null || (at.Seconds == 0 && at.Nanos == 0) ? "—" : Local(at.ToDateTimeOffset()).ToString("d", CultureInfo.CurrentCulture);

    /// <summary>A datetime-local input's value (Dutch time) as a UTC timestamp.</summary>
    public static Timestamp? FromLocalInput(DateTime? local) =>
        local is null ? null : Timestamp.FromDateTimeOffset(new DateTimeOffset(local.Value, Amsterdam.GetUtcOffset(local.Value)));

    /// <summary>A short digest for the eye (the full one is always shown where it is signed).</summary>
    public static string Abbreviated(string digest) => digest.Length > 12 ? digest[..12] + "…" : digest;
}
