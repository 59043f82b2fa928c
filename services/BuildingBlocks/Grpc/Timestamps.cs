using Google.Protobuf.WellKnownTypes;
using Mit.Platform.BuildingBlocks.Domain;

namespace Mit.Platform.BuildingBlocks.Grpc;

/// <summary>
/// The one way a service reads a google.protobuf.Timestamp: out of range (before 0001, after 9999, nanos outside
/// 0..999 999 999) is InvalidArgument naming the field, never an exception from ToDateTimeOffset.
/// </summary>
public static class Timestamps
{
    /// <summary>No fact the platform records (a deadline, a letter to parliament, a consent) lies before this day.</summary>
    public static readonly DateTimeOffset PlatformEpoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead a deadline or end date may be set.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    public const long MinSeconds = -62_135_596_800;
    public const long MaxSeconds = 253_402_300_799;

    public static bool IsRepresentable(Timestamp t) => t.Seconds is >= MinSeconds and <= MaxSeconds && t.Nanos is >= 0 and <= 999_999_999;

    /// <summary>A query bound: any representable time.</summary>
    public static DateTimeOffset? Filter(Timestamp? value, string field, Validator v)
    {
        if (value is null)
        {
            return null;
        }
        if (!IsRepresentable(value))
        {
            v.Require(false, field, "is not a valid time (seconds from 0001 to 9999, nanos 0 to 999 999 999)");
            return null;
        }
        return value.ToDateTimeOffset();
    }

    /// <summary>A moment the platform records: not before <see cref="PlatformEpoch"/> and at most <paramref name="maxAhead"/> after now.</summary>
    public static DateTimeOffset? Moment(Timestamp? value, string field, Validator v, DateTimeOffset now, TimeSpan maxAhead)
    {
        var moment = Filter(value, field, v);
        if (moment is { } m)
        {
            if (m < PlatformEpoch)
            {
                v.Require(false, field, $"is before {PlatformEpoch:yyyy-MM-dd}, when the platform did not exist");
                return null;
            }
            if (m > now + maxAhead)
            {
                v.Require(false, field, $"is more than {maxAhead.TotalDays:0} days ahead");
                return null;
            }
        }
        return moment;
    }

    /// <summary><see cref="Moment(Timestamp?, string, Validator, DateTimeOffset, TimeSpan)"/>, throwing at once.</summary>
    public static DateTimeOffset? Moment(Timestamp? value, string field, DateTimeOffset now, TimeSpan maxAhead)
    {
        var v = new Validator();
        var moment = Moment(value, field, v, now, maxAhead);
        v.ThrowIfInvalid();
        return moment;
    }
}
