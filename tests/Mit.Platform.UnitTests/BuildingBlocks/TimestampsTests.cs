using Google.Protobuf.WellKnownTypes;
using Mit.Platform.BuildingBlocks.Domain;
using Mit.Platform.BuildingBlocks.Grpc;

namespace Mit.Platform.UnitTests.BuildingBlocks;

public sealed class TimestampsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string? Problem(Func<Validator, object?> read)
    {
        var v = new Validator();
        read(v);
        var e = Record.Exception(v.ThrowIfInvalid);
        return (e as ValidationFailedException)?.Violations.Single().Field;
    }

    [Theory]
    [InlineData(Timestamps.MaxSeconds + 1, 0)]
    [InlineData(Timestamps.MinSeconds - 1, 0)]
    [InlineData(1_800_000_000, -1)]
    [InlineData(1_800_000_000, 1_000_000_000)]
    [InlineData(long.MaxValue, 0)]
    public void An_unrepresentable_timestamp_is_a_violation_of_its_field_not_an_exception(long seconds, int nanos)
    {
        var t = new Timestamp { Seconds = seconds, Nanos = nanos };
        Assert.Equal("published_from", Problem(v => Timestamps.Filter(t, "published_from", v)));
        Assert.Equal("content.deadline", Problem(v => Timestamps.Moment(t, "content.deadline", v, Now, Timestamps.MaxAhead)));
    }

    [Fact]
    public void A_filter_takes_any_representable_time()
    {
        Assert.Null(Problem(v => Timestamps.Filter(new Timestamp { Seconds = Timestamps.MinSeconds }, "f", v)));
        Assert.Null(Problem(v => Timestamps.Filter(null, "f", v)));
    }

    [Fact]
    public void A_moment_lies_between_the_platform_epoch_and_the_allowed_distance_ahead()
    {
        Assert.Equal("deadline", Problem(v => Timestamps.Moment(Timestamp.FromDateTimeOffset(Timestamps.PlatformEpoch.AddSeconds(-1)), "deadline", v, Now, Timestamps.MaxAhead)));
        Assert.Equal("deadline", Problem(v => Timestamps.Moment(Timestamp.FromDateTimeOffset(Now + Timestamps.MaxAhead + TimeSpan.FromSeconds(1)), "deadline", v, Now, Timestamps.MaxAhead)));
        Assert.Null(Problem(v => Timestamps.Moment(Timestamp.FromDateTimeOffset(Now + Timestamps.MaxAhead), "deadline", v, Now, Timestamps.MaxAhead)));
        Assert.Null(Problem(v => Timestamps.Moment(Timestamp.FromDateTimeOffset(Timestamps.PlatformEpoch), "deadline", v, Now, Timestamps.MaxAhead)));
    }
}
